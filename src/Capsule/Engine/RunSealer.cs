using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Engine;

/// <summary>
/// Seals the tail into a run and merges runs tiered (like Lucene's merge policy): when the newest
/// <c>factor</c> runs share a level they become one run of the next level. The number of runs stays
/// logarithmic in the number of frames, and each table entry is rewritten about log_factor(n) times.
/// </summary>
internal static class RunSealer
{
    public static RunData Seal(IStorageDevice device, CommittedState committed, TailTables tail, ulong toSequence)
    {
        var dead = tail.Dead.ToList();
        dead.Sort();
        var uris = new List<(ulong Hash, ulong Id)>();
        foreach (var (hash, ids) in tail.Uris)
        {
            foreach (var id in ids)
            {
                if (!tail.Dead.Contains(id) && !DeadInRuns(device, committed.Runs, id))
                {
                    uris.Add((hash, id));
                }
            }
        }
        uris.Sort(UriOrder);
        return new RunData
        {
            FromSequence = committed.Runs.Count == 0 ? 0 : committed.Runs[^1].ToSequence,
            ToSequence = toSequence,
            FirstFrameId = tail.FirstFrameId,
            EndFrameId = tail.EndFrameId,
            Level = 0,
            Segments = [.. tail.Segments],
            Dead = dead,
            Uris = uris,
        };
    }

    /// <summary>Merges consecutive runs (oldest first) into one run one level up.</summary>
    public static RunData Merge(IStorageDevice device, IReadOnlyList<RunView> runs)
    {
        var segments = new List<SegmentRef>();
        var dead = new SortedSet<ulong>();
        var uris = new List<(ulong Hash, ulong Id)>();
        foreach (var run in runs)
        {
            for (var i = 0L; i < run.SegmentCount; i++) segments.Add(run.Segment(device, i));
            for (var i = 0L; i < run.DeadCount; i++) dead.Add(run.Dead(device, i));
        }
        foreach (var run in runs)
        {
            for (var i = 0L; i < run.UriCount; i++)
            {
                var entry = run.Uri(device, i);
                if (!dead.Contains(entry.Id)) uris.Add(entry);
            }
        }
        uris.Sort(UriOrder);
        return new RunData
        {
            FromSequence = runs[0].FromSequence,
            ToSequence = runs[^1].ToSequence,
            FirstFrameId = runs[0].FirstFrameId,
            EndFrameId = runs[^1].EndFrameId,
            Level = (byte)Math.Min(255, runs[^1].Level + 1),
            Segments = segments,
            Dead = [.. dead],
            Uris = uris,
        };
    }

    /// <summary>
    /// Uri table order (hash, then frame id), as an explicit comparison: the default comparer's sort helper
    /// is created by reflection, which no ahead-of-time image can hold, so every process compiled it at
    /// its first seal.
    /// </summary>
    private static readonly Comparison<(ulong Hash, ulong Id)> UriOrder =
        static (a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : a.Id.CompareTo(b.Id);

    public static bool DeadInRuns(IStorageDevice device, List<RunView> runs, ulong id)
    {
        foreach (var run in runs)
        {
            if (run.IsDead(device, id)) return true;
        }
        return false;
    }

    /// <summary>The newest runs to merge, if the newest <paramref name="factor"/> share a level.</summary>
    public static int MergeCount(IReadOnlyList<RunView> runs, int factor)
    {
        if (runs.Count < factor)
        {
            return 0;
        }
        var level = runs[^1].Level;
        for (var i = runs.Count - factor; i < runs.Count; i++)
        {
            if (runs[i].Level != level) return 0;
        }
        return factor;
    }
}
