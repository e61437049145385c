namespace Capsule.Format;

/// <summary>What a commit record did to the branch table (FORMAT.md §17).</summary>
internal enum BranchOperation : byte
{
    /// <summary>Frames added to a branch (or, with no branch advanced, nothing: never written so).</summary>
    Commit = 0,

    /// <summary>A branch was created (<see cref="BranchTable.Subject"/>); <see cref="BranchTable.Related"/> is the commit it forked at.</summary>
    Create = 1,

    /// <summary>A branch (<see cref="BranchTable.Subject"/>) was moved back; <see cref="BranchTable.Related"/> is the head it had before, so the rewind can be undone.</summary>
    Rewind = 2,

    /// <summary>Another branch's frames were brought onto the advanced branch; <see cref="BranchTable.Related"/> is that branch's head.</summary>
    Merge = 3,

    /// <summary>The default branch changed.</summary>
    SetDefault = 4,

    /// <summary>A branch was deleted; <see cref="BranchTable.Subject"/> names it and <see cref="BranchTable.Related"/> is its last head.</summary>
    Delete = 5,
}

/// <summary>
/// Commit extension tag 2 (FORMAT.md §17): the heads of all branches after this record, which branch
/// the record advances, the default branch, and the record before this one in the file. A record
/// without it is a plain commit on <c>main</c>, the only branch, whose predecessor is its parent.
/// <code>
/// i64 predecessor (the previous commit record in the file; 0 for the first)
/// u8 operation   u8 reserved 0   u16 advanced branch (index into the commit's heads, 0xFFFF = none)
/// u16 default branch (index)   u16 reserved 0
/// i64 related commit offset (see <see cref="BranchOperation"/>; 0 = none or the empty capsule)
/// str subject (the branch created, rewound or deleted, or the branch merged from; else empty)
/// h × i64 head commit offset of each branch, in the order of the commit's heads list
///   (the advanced branch's entry is 0 and means this record; any other 0 is the empty capsule)
/// </code>
/// </summary>
internal sealed record BranchTable(
    long Predecessor,
    BranchOperation Operation,
    int Advanced,
    int Default,
    long Related,
    string Subject,
    IReadOnlyList<long> HeadOffsets)
{
    public const ushort Tag = 2;
    public const int NoBranch = 0xFFFF;

    public void Encode(ByteWriter w)
    {
        w.I64(Predecessor);
        w.U8((byte)Operation);
        w.U8(0);
        w.U16((ushort)Advanced);
        w.U16((ushort)Default);
        w.U16(0);
        w.I64(Related);
        w.String(Subject);
        foreach (var offset in HeadOffsets) w.I64(offset);
    }

    /// <summary>Parses the extension of a commit that lists <paramref name="heads"/> branches.</summary>
    public static BranchTable Decode(ReadOnlySpan<byte> value, int heads)
    {
        var r = new SpanReader(value);
        var predecessor = r.I64();
        var operation = r.U8();
        var reserved = r.U8();
        var advanced = r.U16();
        var defaultIndex = r.U16();
        var reserved2 = r.U16();
        var related = r.I64();
        var subject = r.String(CommitRecord.MaxHeadNameBytes);
        if (operation > (byte)BranchOperation.Delete || reserved != 0 || reserved2 != 0)
        {
            FormatViolation.Throw($"commit branch table has operation {operation} or nonzero reserved bytes");
        }
        if (heads == 0 || defaultIndex >= heads || (advanced != NoBranch && advanced >= heads) || predecessor < 0 || related < 0
            || (predecessor != 0 && predecessor < Superblock.DataStart) || (related != 0 && related < Superblock.DataStart))
        {
            FormatViolation.Throw($"commit branch table is inconsistent ({heads} heads, default {defaultIndex}, advanced {advanced}, predecessor {predecessor}, related {related})");
        }
        if ((BranchOperation)operation == BranchOperation.Commit && advanced == NoBranch)
        {
            FormatViolation.Throw("a commit branch table adds frames to no branch");
        }
        var offsets = new long[heads];
        for (var i = 0; i < heads; i++)
        {
            offsets[i] = r.I64();
            if (offsets[i] < 0 || (offsets[i] != 0 && offsets[i] < Superblock.DataStart))
            {
                FormatViolation.Throw($"commit branch table names a head at offset {offsets[i]}");
            }
        }
        r.ExpectEnd("commit branch table");
        return new BranchTable(predecessor, (BranchOperation)operation, advanced, defaultIndex, related, subject, offsets);
    }
}
