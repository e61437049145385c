namespace Capsule.Format;

/// <summary>
/// The body of a commit record (FORMAT.md §8): one point in the timeline.
/// <code>
/// u64 sequence (1 for the first commit, +1 each commit)
/// u64 parent commit record offset (0 for the first commit)
/// i64 committed at (µs since the Unix epoch)
/// u64 first frame id added by this commit     u64 next frame id (end of the range)
/// u64 live frames   u64 dead frames (superseded or deleted)   u64 tombstone frames
/// u32 n, n × u64   segment record offsets this commit added, in frame order
/// u32 r, r × u64   run record offsets live at this commit, oldest first
/// u32 h, h × (str name, u64 next frame id)   named heads ("main" in version 1)
/// format 2, optional: u32 e, e × (u16 tag, u16 flags, u32 length, length bytes)   extensions
///   tag 1 (required): i64 offset of the settings record in force at this commit
///   tag 2 (required, format 2.1): the branch table (<see cref="BranchTable"/>, FORMAT.md §17)
///   flags bit 0 = required: a reader that does not know a required tag refuses the file
/// </code>
/// </summary>
internal sealed record CommitRecord(
    ulong Sequence,
    long ParentOffset,
    long CommittedAtMicros,
    ulong FirstFrameId,
    ulong NextFrameId,
    ulong LiveFrames,
    ulong DeadFrames,
    ulong TombstoneFrames,
    IReadOnlyList<long> Segments,
    IReadOnlyList<long> Runs,
    IReadOnlyList<KeyValuePair<string, ulong>> Heads,
    long SettingsOffset = 0,
    BranchTable? Branches = null)
{
    public const ushort SettingsTag = 1;
    public const ushort RequiredFlag = 1;

    public const int MaxListLength = 1 << 20;
    public const int MaxHeadNameBytes = 256;
    public const string MainHead = "main";

    public byte[] Encode()
    {
        var w = new ByteWriter(128 + Segments.Count * 8 + Runs.Count * 8);
        w.U64(Sequence);
        w.I64(ParentOffset);
        w.I64(CommittedAtMicros);
        w.U64(FirstFrameId);
        w.U64(NextFrameId);
        w.U64(LiveFrames);
        w.U64(DeadFrames);
        w.U64(TombstoneFrames);
        w.U32((uint)Segments.Count);
        foreach (var s in ListSpans.Of(Segments)) w.I64(s);
        w.U32((uint)Runs.Count);
        foreach (var r in ListSpans.Of(Runs)) w.I64(r);
        w.U32((uint)Heads.Count);
        foreach (var (name, nextFrameId) in ListSpans.Of(Heads))
        {
            w.String(name);
            w.U64(nextFrameId);
        }
        var extensions = (SettingsOffset != 0 ? 1u : 0) + (Branches is null ? 0u : 1);
        if (extensions == 0)
        {
            return w.ToArray();
        }
        w.U32(extensions);
        if (SettingsOffset != 0)
        {
            w.U16(SettingsTag);
            w.U16(RequiredFlag);
            w.U32(8);
            w.I64(SettingsOffset);
        }
        if (Branches is not null)
        {
            var table = new ByteWriter(64 + Heads.Count * 8);
            Branches.Encode(table);
            var bytes = table.ToArray();
            w.U16(BranchTable.Tag);
            w.U16(RequiredFlag);
            w.U32((uint)bytes.Length);
            w.Bytes(bytes);
        }
        return w.ToArray();
    }

    /// <summary>Parses a commit body; throws <see cref="FormatViolation"/> on structural errors.</summary>
    public static CommitRecord Decode(ReadOnlySpan<byte> body)
    {
        var r = new SpanReader(body);
        var sequence = r.U64();
        var parent = r.I64();
        var at = r.I64();
        Time.FromMicros(at); // validates the range: a commit time .NET cannot represent is corruption
        var first = r.U64();
        var next = r.U64();
        var live = r.U64();
        var dead = r.U64();
        var tombstones = r.U64();
        if (sequence == 0 || parent < 0 || next < first || (sequence == 1) != (parent == 0))
        {
            FormatViolation.Throw($"commit {sequence} has an inconsistent header (parent {parent}, frames {first}..{next})");
        }
        var segments = Offsets(ref r, "segment");
        var runs = Offsets(ref r, "run");
        var headCount = r.U32();
        if (headCount > MaxListLength || headCount > (uint)(r.Remaining / 9))
        {
            FormatViolation.Throw($"commit lists {headCount} heads");
        }
        var heads = new KeyValuePair<string, ulong>[headCount];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < heads.Length; i++)
        {
            var name = r.String(MaxHeadNameBytes);
            if (name.Length == 0 || !names.Add(name))
            {
                FormatViolation.Throw($"commit lists a head named '{name}' that is empty or listed twice");
            }
            heads[i] = new KeyValuePair<string, ulong>(name, r.U64());
        }
        var (settings, branches) = r.AtEnd ? (0, null) : Extensions(ref r, heads.Length);
        r.ExpectEnd("commit");
        if (branches is null && (heads.Length != 1 || heads[0].Key != MainHead))
        {
            FormatViolation.Throw($"commit lists {heads.Length} heads but no branch table");
        }
        return new CommitRecord(sequence, parent, at, first, next, live, dead, tombstones, segments, runs, heads, settings, branches);
    }

    /// <summary>The record before this one in the file: named by the branch table, else the parent (a single-branch capsule).</summary>
    public long Predecessor => Branches?.Predecessor ?? ParentOffset;

    private static (long Settings, BranchTable? Branches) Extensions(ref SpanReader r, int heads)
    {
        var count = r.U32();
        if (count > 64 || count > (uint)(r.Remaining / 8))
        {
            FormatViolation.Throw($"commit lists {count} extensions");
        }
        long settings = 0;
        BranchTable? branches = null;
        for (var i = 0; i < count; i++)
        {
            var tag = r.U16();
            var flags = r.U16();
            var length = r.U32();
            if (length > (uint)r.Remaining || (flags & ~RequiredFlag) != 0)
            {
                FormatViolation.Throw($"commit extension {i} (tag {tag}) is malformed");
            }
            var value = r.Take((int)length);
            if (tag == SettingsTag)
            {
                var v = new SpanReader(value);
                settings = v.I64();
                v.ExpectEnd("commit settings extension");
                if (settings < Superblock.DataStart)
                {
                    FormatViolation.Throw($"commit names settings at offset {settings}, inside the superblock area");
                }
            }
            else if (tag == BranchTable.Tag)
            {
                branches = BranchTable.Decode(value, heads);
            }
            else if ((flags & RequiredFlag) != 0)
            {
                throw new UnsupportedFormatException($"commit uses extension {tag}, which this reader does not understand; upgrade Capsule", null, 0);
            }
        }
        return (settings, branches);
    }

    private static long[] Offsets(ref SpanReader r, string what)
    {
        var count = r.U32();
        if (count > MaxListLength || count > (uint)(r.Remaining / 8))
        {
            FormatViolation.Throw($"commit lists {count} {what} offsets but only {r.Remaining} bytes remain");
        }
        var offsets = new long[count];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = r.I64();
            if (offsets[i] < Superblock.DataStart)
            {
                FormatViolation.Throw($"commit lists a {what} at offset {offsets[i]}, inside the superblock area");
            }
        }
        return offsets;
    }
}
