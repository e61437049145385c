namespace Capsule.Indexing.Temporal.Index;

/// <summary>One (time, frame) pair of a temporal index; ordered by time, then frame id.</summary>
internal readonly record struct TemporalEntry(long Micros, ulong FrameId) : IComparable<TemporalEntry>
{
    public int CompareTo(TemporalEntry other)
    {
        var byTime = Micros.CompareTo(other.Micros);
        return byTime != 0 ? byTime : FrameId.CompareTo(other.FrameId);
    }
}
