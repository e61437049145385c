using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Engine;

/// <summary>Walks record headers from the data start to the head commit and sums bytes by kind.</summary>
internal static class LayoutWalker
{
    public static FileLayout Walk(IStorageDevice device, CommittedState state)
    {
        long segments = 0, commits = 0, liveRuns = 0, garbageRuns = 0, indexes = 0, settings = 0;
        int segmentCount = 0, commitCount = 0, liveRunCount = 0, garbageRunCount = 0, indexCount = 0;
        // A run is live when any branch's head lists it (FORMAT.md §17); the others were merged away.
        // A run is live when any branch's head lists it (FORMAT.md §17); the others were merged away.
        var live = new HashSet<long>(state.Runs.Select(r => r.RecordOffset));
        foreach (var head in state.Branches.Heads.Where(h => h.HeadOffset != 0 && h.HeadOffset != state.HeadOffset))
        {
            live.UnionWith(RecordIO.ReadCommit(device, head.HeadOffset).Runs);
        }
        foreach (var head in state.Branches.Heads.Where(h => h.HeadOffset != 0 && h.HeadOffset != state.HeadOffset))
        {
            live.UnionWith(RecordIO.ReadCommit(device, head.HeadOffset).Runs);
        }
        var position = Superblock.DataStart;
        while (position < state.ValidEnd)
        {
            var record = RecordIO.ReadCommitted(device, position, RecordKindAt(device, position), checkCrc: false);
            var length = record.End - record.Offset;
            switch (record.Kind)
            {
                case RecordKind.Segment: segments += length; segmentCount++; break;
                case RecordKind.Commit: commits += length; commitCount++; break;
                case RecordKind.Run when live.Contains(position): liveRuns += length; liveRunCount++; break;
                case RecordKind.Index: indexes += length; indexCount++; break;
                case RecordKind.Settings: settings += length; break;
                default: garbageRuns += length; garbageRunCount++; break;
            }
            position = record.End;
        }
        return new FileLayout
        {
            FileBytes = device.Length,
            SuperblockBytes = Superblock.DataStart,
            SegmentBytes = segments,
            SegmentRecords = segmentCount,
            CommitBytes = commits,
            CommitRecords = commitCount,
            LiveRunBytes = liveRuns,
            LiveRuns = liveRunCount,
            GarbageRunBytes = garbageRuns,
            GarbageRuns = garbageRunCount,
            IndexBytes = indexes,
            IndexRecords = indexCount,
            SettingsBytes = settings,
            TornTailBytes = device.Length - state.ValidEnd,
        };
    }

    private static RecordKind RecordKindAt(IStorageDevice device, long position)
    {
        var kind = device.Read(position, 1)[0];
        return kind is >= (byte)RecordKind.Segment and <= (byte)RecordKind.Settings ? (RecordKind)kind : RecordKind.Segment;
    }
}
