using Capsule.Engine;
using Capsule.Format;

namespace Capsule;

public sealed partial class Capsule
{
    /// <summary>
    /// The changes from <paramref name="from"/> to <paramref name="to"/> (an earlier and a later point,
    /// each a frame id, commit or time as for <see cref="OpenAsOf(string, AsOf, CapsuleOptions?)"/>).
    /// Reads only the frame directories of the frames written in between, and the dead sets of the two points.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public CapsuleDiff Diff(AsOf from, AsOf to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        lock (_gate)
        {
            ThrowIfDisposed();
            var before = Timeline.StateAsOf(_device, _state, from);
            var after = Timeline.StateAsOf(_device, _state, to);
            if (after.NextFrameId < before.NextFrameId)
            {
                throw new ArgumentException($"'{to}' (frames up to {after.NextFrameId}) is before '{from}' (frames up to {before.NextFrameId})", nameof(to));
            }
            var deadBefore = before.Dead(_device);
            var deadAfter = after.Dead(_device);
            bool LiveBefore(ulong id) => !deadBefore.IsDead(id) && KindOf(id) != FrameKind.Tombstone;
            var added = new List<ulong>();
            var deleted = new List<ulong>();
            var superseded = new List<(ulong, ulong)>();
            // For a version written in between: the frame live at 'from' that it (through a chain of updates) replaces.
            var origin = new Dictionary<ulong, ulong>();
            for (var id = before.NextFrameId; id < after.NextFrameId; id++)
            {
                var (segment, index) = LocateCommitted(id);
                var entry = _reader.Entry(segment, index);
                var old = entry.Supersedes;
                ulong? replaced = old == SegmentLayout.NoSupersedes ? null
                    : old < before.NextFrameId ? (LiveBefore(old) ? old : null)
                    : origin.TryGetValue(old, out var first) ? first : null;
                if (entry.Kind == FrameKind.Tombstone)
                {
                    if (replaced is { } gone) deleted.Add(gone);
                    continue;
                }
                if (replaced is { } r) origin[id] = r;
                if (deadAfter.IsDead(id))
                {
                    continue; // a version that came and went in between
                }
                if (replaced is { } previous) superseded.Add((previous, id));
                else added.Add(id);
            }
            return new CapsuleDiff(added, deleted, superseded);
        }
    }
}
