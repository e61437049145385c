using Capsule.Engine;
using Capsule.Format;

namespace Capsule;

public sealed partial class Capsule
{
    /// <summary>
    /// Brings onto this instance's branch what <paramref name="source"/> changed since the two forked
    /// (FORMAT.md §17): every frame the source added that is still live there is copied (an update of a
    /// uri supersedes the target's frame with that uri), and every frame the source deleted from the shared
    /// history is deleted. When both sides changed the same uri, the newest change wins (by ingestion time;
    /// the target on a tie) and the result reports it, or with <see cref="MergeOptions.FailOnConflict"/>
    /// nothing is written and <see cref="MergeConflictException"/> lists the conflicts. One commit records
    /// the merge and names the source's head.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No branch has that name.</exception>
    /// <exception cref="ArgumentException">The source is this instance's branch.</exception>
    /// <exception cref="InvalidOperationException">Uncommitted changes are pending.</exception>
    public MergeResult Merge(string source, MergeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        options ??= new MergeOptions();
        lock (_gate)
        {
            RequireNoPending();
            if (source == _state.Branch)
            {
                throw new ArgumentException($"branch '{source}' cannot be merged into itself", nameof(source));
            }
            var head = _state.Branches.Get(source, Path);
            var from = BranchState(source, head.HeadOffset, _state);
            var fork = ForkFrame(from);
            var ours = Touched(_state, fork, _state.NextFrameId);
            var theirs = Touched(from, fork, from.NextFrameId);
            var conflicts = new List<MergeConflict>();
            var actions = new SortedDictionary<ulong, Action>();
            var copiedIds = new Dictionary<ulong, ulong>(); // by the source frame id: the merge replays the source's order
            var copied = 0;
            var deleted = 0;
            foreach (var (uri, change) in theirs.Uris)
            {
                var winner = MergeSide.Source;
                if (ours.Uris.TryGetValue(uri, out var mine))
                {
                    winner = change.At > mine.At ? MergeSide.Source : MergeSide.Target;
                    conflicts.Add(new MergeConflict(uri, change.LiveId, mine.LiveId, change.At, mine.At, winner));
                }
                if (winner == MergeSide.Target)
                {
                    continue;
                }
                if (change.LiveId is { } id)
                {
                    actions[id] = () => copied += CopyFrom(from, id, fork, copiedIds) ? 1 : 0;
                }
                else
                {
                    actions[change.LastId] = () => deleted += Delete(uri) ? 1 : 0;
                }
            }
            if (options.FailOnConflict && conflicts.Count > 0)
            {
                throw new MergeConflictException(Path, source, _state.Branch, conflicts);
            }
            foreach (var id in theirs.Plain)
            {
                actions[id] = () => copied += CopyFrom(from, id, fork, copiedIds) ? 1 : 0;
            }
            foreach (var (tombstone, target) in theirs.PlainDeletes)
            {
                actions[tombstone] = () => deleted += Delete(target) ? 1 : 0;
            }
            try
            {
                foreach (var action in actions.Values) action();
            }
            catch
            {
                Rollback();
                throw;
            }
            if (!_pending!.IsEmpty)
            {
                CommitDurably(_state, _pending, new BranchWrite(BranchOperation.Merge, head.HeadOffset, source));
            }
            return new MergeResult(source, _state.Branch, fork, copied, deleted, conflicts, HeadInfo());
        }
    }

    /// <summary>
    /// Copies a live source frame onto this branch (a put: with a uri, it supersedes this branch's frame with that
    /// uri). <paramref name="copiedIds"/> maps source frame ids to their copies' ids, so copied chunks keep
    /// pointing at their copied document.
    /// </summary>
    private bool CopyFrom(CommittedState from, ulong id, ulong fork, Dictionary<ulong, ulong> copiedIds)
    {
        var (segment, index) = LocateCommitted(from, id);
        var frame = _reader.Read(segment, index);
        ulong? parent = frame.ParentId is not { } p ? null
            : p < fork ? p
            : copiedIds.TryGetValue(p, out var copiedParent) ? copiedParent : null;
        copiedIds[id] = Put(new FrameDraft
        {
            Kind = frame.Kind,
            Uri = frame.Uri,
            Title = frame.Title,
            ContentType = frame.ContentType,
            Tags = frame.Tags,
            Payload = frame.Payload.ToArray(),
            EventTime = frame.EventTime,
            ParentId = parent,
            Embedding = frame.Embedding,
        });
        return true;
    }

    /// <summary>What one side changed in frames [fork, end): per uri its last change; frames without a uri it added and kept; shared frames without a uri it deleted.</summary>
    private sealed record Changes(Dictionary<string, UriChange> Uris, List<ulong> Plain, List<(ulong Tombstone, ulong Target)> PlainDeletes);

    /// <summary>A uri's last change on one side: the frame that made it, when, and the uri's live frame after it (null: deleted).</summary>
    private readonly record struct UriChange(ulong LastId, DateTimeOffset At, ulong? LiveId);

    private Changes Touched(CommittedState state, ulong fork, ulong end)
    {
        var uris = new Dictionary<string, UriChange>(StringComparer.Ordinal);
        var plain = new List<ulong>();
        var plainDeletes = new List<(ulong, ulong)>();
        var dead = state.Dead(_device);
        for (var id = fork; id < end; id++)
        {
            var (segment, index) = LocateCommitted(state, id);
            var frame = _reader.Read(segment, index);
            if (frame.Uri.Length > 0)
            {
                uris[frame.Uri] = new UriChange(id, frame.IngestedAt, frame.Kind == FrameKind.Tombstone ? null : id);
            }
            else if (frame.Kind == FrameKind.Tombstone)
            {
                if (frame.SupersedesId is { } target && target < fork) plainDeletes.Add((id, target));
            }
            else if (!dead.IsDead(id))
            {
                plain.Add(id);
            }
        }
        return new Changes(uris, plain, plainDeletes);
    }

    /// <summary>
    /// How many frames this branch and <paramref name="other"/> share: up to the newest commit both chains
    /// contain, then on while the frames are the same bytes (a fork or rewind inside a commit copies that
    /// commit's frames up to the point, byte for byte).
    /// </summary>
    private ulong ForkFrame(CommittedState other)
    {
        var ours = new HashSet<long>();
        foreach (var (offset, _) in Timeline.Chain(_device, _state)) ours.Add(offset);
        ulong fork = 0;
        foreach (var (offset, commit) in Timeline.Chain(_device, other))
        {
            if (ours.Contains(offset))
            {
                fork = commit.NextFrameId;
                break;
            }
        }
        var limit = Math.Min(_state.NextFrameId, other.NextFrameId);
        while (fork < limit && EncodedAt(_state, fork).AsSpan().SequenceEqual(EncodedAt(other, fork)))
        {
            fork++;
        }
        return fork;
    }

    private byte[] EncodedAt(CommittedState state, ulong id)
    {
        var (segment, index) = LocateCommitted(state, id);
        return _reader.ReadEncoded(segment, index);
    }
}
