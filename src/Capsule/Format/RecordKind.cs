namespace Capsule.Format;

/// <summary>The kind byte at the start of every record (FORMAT.md §3). Zero is never valid.</summary>
internal enum RecordKind : byte
{
    /// <summary>Frames of one commit, block-compressed with the codec chosen for them.</summary>
    Segment = 1,

    /// <summary>A point in the timeline: parent, frame range, segments and runs that are live, heads.</summary>
    Commit = 2,

    /// <summary>A sealed run: the segment table, dead frames and uri table for a range of commits.</summary>
    Run = 3,

    /// <summary>A persisted index (full-text, vector or temporal) over one run's frames (format 2).</summary>
    Index = 4,

    /// <summary>Capsule-wide settings: analyzer, ranking, embedding binding (format 2).</summary>
    Settings = 5,
}

internal static class RecordKindNames
{
    public static string Name(byte kind) => kind switch
    {
        (byte)RecordKind.Segment => "segment",
        (byte)RecordKind.Commit => "commit",
        (byte)RecordKind.Run => "run",
        (byte)RecordKind.Index => "index",
        (byte)RecordKind.Settings => "settings",
        _ => $"unknown kind {kind}",
    };
}
