namespace Capsule;

/// <summary>One point in the timeline: a durable commit.</summary>
/// <param name="Sequence">1 for the first commit, +1 for each later one (0 = nothing committed yet).</param>
/// <param name="Offset">File offset of the commit record.</param>
/// <param name="CommittedAt">The capsule clock's time at the commit.</param>
/// <param name="FirstFrameId">First frame id the commit added.</param>
/// <param name="NextFrameId">One past the last frame id the commit added.</param>
public sealed record CommitInfo(ulong Sequence, long Offset, DateTimeOffset CommittedAt, ulong FirstFrameId, ulong NextFrameId)
{
    public ulong FramesAdded => NextFrameId - FirstFrameId;
}
