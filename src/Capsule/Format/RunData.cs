namespace Capsule.Format;

/// <summary>One run's contents in memory, as sealed from the tail or merged from older runs.</summary>
internal sealed class RunData
{
    public ulong FromSequence { get; init; }
    public ulong ToSequence { get; init; }
    public ulong FirstFrameId { get; init; }
    public ulong EndFrameId { get; init; }
    public byte Level { get; init; }
    public List<SegmentRef> Segments { get; init; } = [];
    public List<ulong> Dead { get; init; } = [];
    public List<(ulong Hash, ulong Id)> Uris { get; init; } = [];

    /// <summary>Index records over the run's frames, by type (format 2).</summary>
    public List<(IndexType Type, long Offset)> Indexes { get; set; } = [];

    public byte[] Encode()
    {
        var w = new ByteWriter(RunLayout.HeaderLength + Segments.Count * RunLayout.SegmentEntryLength
            + Dead.Count * RunLayout.DeadEntryLength + Uris.Count * RunLayout.UriEntryLength + Indexes.Count * RunLayout.IndexEntryLength);
        w.U64(FromSequence);
        w.U64(ToSequence);
        w.U64(FirstFrameId);
        w.U64(EndFrameId);
        w.U8(Level);
        w.U8(checked((byte)Indexes.Count));
        w.Reserve(RunLayout.ReservedLength).Clear();
        w.U64((ulong)Segments.Count);
        w.U64((ulong)Dead.Count);
        w.U64((ulong)Uris.Count);
        foreach (var s in Segments)
        {
            w.U64(s.FirstFrameId);
            w.U32((uint)s.FrameCount);
            w.I64(s.Offset);
        }
        foreach (var d in Dead)
        {
            w.U64(d);
        }
        foreach (var (hash, id) in Uris)
        {
            w.U64(hash);
            w.U64(id);
        }
        // Written in type order. A run has at most one index per kind (a handful), so an insertion sort by
        // type is plenty, and unlike OrderBy it is this type's precompiled code: LINQ's sorter over a Capsule
        // value type is compiled by the JIT at the first seal of every process.
        var indexes = Indexes.ToArray();
        for (var i = 1; i < indexes.Length; i++)
        {
            for (var j = i; j > 0 && indexes[j - 1].Type > indexes[j].Type; j--)
            {
                (indexes[j - 1], indexes[j]) = (indexes[j], indexes[j - 1]);
            }
        }
        foreach (var (type, offset) in indexes)
        {
            w.U8((byte)type);
            w.Reserve(7).Clear();
            w.I64(offset);
        }
        return w.ToArray();
    }
}

/// <summary>Where a segment is and which frames it holds.</summary>
internal readonly record struct SegmentRef(ulong FirstFrameId, int FrameCount, long Offset)
{
    public ulong EndFrameId => FirstFrameId + (ulong)FrameCount;
}
