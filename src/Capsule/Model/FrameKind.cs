namespace Capsule;

/// <summary>What a Smart Frame holds. The byte values are written to disk (FORMAT.md §5).</summary>
public enum FrameKind : byte
{
    /// <summary>A whole document (an article, a file, a page).</summary>
    Document = 1,

    /// <summary>A piece of a document; its parent frame is the document.</summary>
    Chunk = 2,

    /// <summary>A short statement an agent remembers.</summary>
    Fact = 3,

    /// <summary>Something that happened at a time (the event time).</summary>
    Event = 4,

    /// <summary>Free-form note or message.</summary>
    Note = 5,

    /// <summary>Marks the frame it supersedes as deleted. Written by Delete; never returned as live.</summary>
    Tombstone = 6,
}

internal static class FrameKinds
{
    public static bool IsDefined(byte value) => value is >= 1 and <= 6;

    public static bool TryParse(string text, out FrameKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && IsDefined((byte)kind) && kind != FrameKind.Tombstone;
}
