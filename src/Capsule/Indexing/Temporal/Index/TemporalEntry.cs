namespace Capsule.Indexing.Temporal.Index;

/// <summary>One (time, frame) pair of a temporal index; ordered by time, then frame id.</summary>
internal readonly record struct TemporalEntry(long Micros, ulong FrameId) : IComparable<TemporalEntry>
{
    /// <summary><see cref="CompareTo"/> as a delegate, for sorts that should not build the default comparer.</summary>
    public static readonly Comparison<TemporalEntry> Order = static (a, b) => a.CompareTo(b);

    public int CompareTo(TemporalEntry other)
    {
        var byTime = Micros.CompareTo(other.Micros);
        return byTime != 0 ? byTime : FrameId.CompareTo(other.FrameId);
    }
}
