using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Engine;

/// <summary>
/// Rebuilds the state at an earlier point of the timeline (FORMAT.md §9, "Reading as of an earlier
/// point") without changing a byte: find the commit by walking the parent chain back from the head,
/// then load it the way opening loads the head. The walk reads one small commit record per commit
/// between the head and the target (O(commits)); the load costs what an open at that commit costs.
/// </summary>
internal static class Timeline
{
    public static CommittedState StateAsOf(IStorageDevice device, CommittedState head, AsOf point) => point.Kind switch
    {
        AsOfKind.Commit => AtCommit(device, head, point.Number),
        AsOfKind.Frame => AtFrame(device, head, point.Number),
        _ => AtTime(device, head, Time.ToMicros(point.Instant)),
    };

    private static CommittedState AtCommit(IStorageDevice device, CommittedState head, ulong sequence)
    {
        if (sequence > head.Sequence)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence,
                $"commit {sequence} is beyond the head of {device.Name} (the newest commit is {head.Sequence})");
        }
        return Recovery.StateAt(device, FindBack(device, head, c => c.Sequence <= sequence)?.Offset ?? 0);
    }

    /// <summary>Commit times come from the writer's clock; walking from the head finds the newest commit at or before the instant even if that clock once went back.</summary>
    private static CommittedState AtTime(IStorageDevice device, CommittedState head, long micros) =>
        Recovery.StateAt(device, FindBack(device, head, c => c.CommittedAtMicros <= micros)?.Offset ?? 0);

    /// <summary>
    /// Frames 0..<paramref name="frameId"/>: the state at the commit C that wrote the frame when it is
    /// C's last; otherwise the state at C's parent with C's frames up to it replayed on top.
    /// </summary>
    private static CommittedState AtFrame(IStorageDevice device, CommittedState head, ulong frameId)
    {
        if (frameId >= head.NextFrameId)
        {
            throw new ArgumentOutOfRangeException(nameof(frameId), frameId,
                $"frame {frameId} is beyond the head of {device.Name} (frames 0..{(long)head.NextFrameId - 1} exist)");
        }
        var (offset, commit) = FindBack(device, head, c => c.FirstFrameId <= frameId)
            ?? throw new CorruptCapsuleException($"no commit holds frame {frameId} although the head counts it", device.Name, head.HeadOffset, "commit");
        if (frameId + 1 == commit.NextFrameId)
        {
            return Recovery.StateAt(device, offset);
        }
        var state = Recovery.StateAt(device, commit.ParentOffset);
        if (state.Tail.EndFrameId != commit.FirstFrameId)
        {
            throw new CorruptCapsuleException($"commit {commit.Sequence} starts at frame {commit.FirstFrameId} but its parent ends at {state.Tail.EndFrameId}",
                device.Name, offset, "commit");
        }
        var replayed = Recovery.ReplayCommit(device, state.Tail, commit, frameId);
        state.Partial = new PartialCommit(
            frameId + 1,
            state.LiveFrames + (replayed.Frames - replayed.Tombstones) - replayed.Superseded,
            state.DeadFrames + replayed.Superseded,
            state.TombstoneFrames + replayed.Tombstones);
        return state;
    }

    /// <summary>
    /// Where a point lies on the head's branch, for forking or rewinding there: the commit the point's state
    /// ends with (offset 0: before the first commit) and, when the point ends inside a commit, that commit
    /// with the last frame the point keeps (the state is then the commit's parent plus that prefix).
    /// </summary>
    public static (long Offset, CommitRecord? Commit, ulong? LastFrame) Locate(IStorageDevice device, CommittedState head, AsOf point)
    {
        if (point.Kind != AsOfKind.Frame)
        {
            var state = StateAsOf(device, head, point);
            return (state.HeadOffset, state.Head, null);
        }
        var frameId = point.Number;
        if (frameId >= head.NextFrameId)
        {
            throw new ArgumentOutOfRangeException(nameof(point), frameId,
                $"frame {frameId} is beyond the head of {device.Name} (frames 0..{(long)head.NextFrameId - 1} exist)");
        }
        var (offset, commit) = FindBack(device, head, c => c.FirstFrameId <= frameId)
            ?? throw new CorruptCapsuleException($"no commit holds frame {frameId} although the head counts it", device.Name, head.HeadOffset, "commit");
        return frameId + 1 == commit.NextFrameId ? (offset, commit, null) : (offset, commit, frameId);
    }

    /// <summary>The newest commit from the head back that matches, or null when none does (the view is before the first commit).</summary>
    private static (long Offset, CommitRecord Commit)? FindBack(IStorageDevice device, CommittedState head, Func<CommitRecord, bool> match)
    {
        foreach (var (offset, commit) in Chain(device, head))
        {
            if (match(commit))
            {
                return (offset, commit);
            }
        }
        return null;
    }

    /// <summary>
    /// A branch's commits from its head back to the first, each checked to be its child's parent (an earlier
    /// record, one sequence less, ending where the child starts): reading one small record per step.
    /// </summary>
    public static IEnumerable<(long Offset, CommitRecord Commit)> Chain(IStorageDevice device, CommittedState head)
    {
        var offset = head.HeadOffset;
        var commit = head.Head;
        while (commit is not null)
        {
            yield return (offset, commit);
            if (commit.ParentOffset == 0)
            {
                yield break;
            }
            if (commit.ParentOffset >= offset)
            {
                // Parents are always written earlier in the file; anything else would loop forever.
                throw new CorruptCapsuleException($"commit {commit.Sequence} names a parent at offset {commit.ParentOffset}, not before it", device.Name, offset, "commit");
            }
            var parent = RecordIO.ReadCommit(device, commit.ParentOffset);
            if (parent.Sequence + 1 != commit.Sequence || parent.NextFrameId != commit.FirstFrameId)
            {
                throw new CorruptCapsuleException($"commit {commit.Sequence} names a parent that is commit {parent.Sequence}", device.Name, commit.ParentOffset, "commit");
            }
            offset = commit.ParentOffset;
            commit = parent;
        }
    }
}
