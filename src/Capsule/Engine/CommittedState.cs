using Capsule.Format;

namespace Capsule.Engine;

/// <summary>
/// What the newest durable commit says about one branch, in memory: the branch's head commit, its sealed
/// runs (read through the map) and its tail (commits after the newest run, replayed on open and kept in
/// small hash tables); and, for the whole file, the newest commit record and the branch table it holds.
/// </summary>
internal sealed class CommittedState
{
    /// <summary>The head commit of the branch this state reads (null: the branch is the empty capsule).</summary>
    public long HeadOffset { get; set; }
    public CommitRecord? Head { get; set; }

    /// <summary>The newest commit record in the file, whichever branch it belongs to: the next record's predecessor.</summary>
    public long NewestOffset
    {
        get => _newestOffset;
        set
        {
            _newestOffset = value;
            _branches = null;
        }
    }

    private long _newestOffset;

    public CommitRecord? Newest
    {
        get => _newest;
        set
        {
            _newest = value;
            _branches = null;
        }
    }

    private CommitRecord? _newest;

    /// <summary>The branch table the newest record holds.</summary>
    public BranchHeads Branches => _branches ??= BranchHeads.Of(Newest, NewestOffset);

    /// <summary>The branch this state reads.</summary>
    public string Branch { get; set; } = CommitRecord.MainHead;

    private BranchHeads? _branches;

    /// <summary>End of the head commit record: where the next record is appended.</summary>
    public long ValidEnd { get; set; } = Superblock.DataStart;

    /// <summary>Bytes past <see cref="ValidEnd"/> that belong to no commit (a torn or abandoned tail).</summary>
    public long TornTailBytes { get; set; }

    public List<RunView> Runs { get; set; } = [];
    public TailTables Tail { get; set; } = new(0);

    /// <summary>
    /// Set only for an as-of view that ends inside the commit after <see cref="Head"/>: the tail holds
    /// that commit's frames up to the view's last one, and these counts replace the head's.
    /// </summary>
    public PartialCommit? Partial { get; set; }

    public ulong NextFrameId => Partial?.NextFrameId ?? Head?.NextFrameId ?? 0;

    /// <summary>The dead frames as bits, built on first use (the state is immutable once published).</summary>
    public DeadBits Dead(Storage.IStorageDevice device) => _dead ??= DeadBits.Build(device, this);

    private DeadBits? _dead;
    public ulong Sequence => Head?.Sequence ?? 0;
    public ulong LiveFrames => Partial?.LiveFrames ?? Head?.LiveFrames ?? 0;
    public ulong DeadFrames => Partial?.DeadFrames ?? Head?.DeadFrames ?? 0;
    public ulong TombstoneFrames => Partial?.TombstoneFrames ?? Head?.TombstoneFrames ?? 0;
}

/// <summary>The frame counts of a view that ends inside a commit (a commit record holds them only for whole commits).</summary>
internal readonly record struct PartialCommit(ulong NextFrameId, ulong LiveFrames, ulong DeadFrames, ulong TombstoneFrames);

/// <summary>
/// Frames not covered by a sealed run, as in-memory tables: used for the committed tail and for a
/// writer's uncommitted puts alike.
/// </summary>
internal sealed class TailTables
{
    public TailTables(ulong firstFrameId) => FirstFrameId = firstFrameId;

    public ulong FirstFrameId { get; }
    public int Commits { get; set; }
    public List<SegmentRef> Segments { get; } = [];
    public Dictionary<ulong, List<ulong>> Uris { get; } = [];
    public HashSet<ulong> Dead { get; } = [];
    public ulong EndFrameId => Segments.Count == 0 ? FirstFrameId : Segments[^1].EndFrameId;

    /// <summary>Records what a frame does to the uri table and the dead set.</summary>
    public void Apply(ulong id, FrameKind kind, bool hasUri, ulong uriHash, ulong supersedes)
    {
        if (supersedes != SegmentLayout.NoSupersedes)
        {
            Dead.Add(supersedes);
        }
        if (kind != FrameKind.Tombstone && hasUri)
        {
            if (!Uris.TryGetValue(uriHash, out var ids))
            {
                Uris[uriHash] = ids = new List<ulong>(1);
            }
            ids.Add(id);
        }
    }

    public SegmentRef? FindSegment(ulong frameId)
    {
        int lo = 0, hi = Segments.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var s = Segments[mid];
            if (frameId < s.FirstFrameId) hi = mid - 1;
            else if (frameId >= s.EndFrameId) lo = mid + 1;
            else return s;
        }
        return null;
    }
}

/// <summary>
/// The frames of a view that are dead (superseded or deleted), as one bit per frame id: what every
/// search result is checked against, so the check costs a load and a mask instead of hash and
/// binary-search probes. Built once per state from the runs' dead tables and the tail's dead set.
/// </summary>
internal sealed class DeadBits
{
    private readonly ulong[] _bits;

    private DeadBits(ulong[] bits, long count)
    {
        _bits = bits;
        Count = count;
    }

    /// <summary>How many frames are dead.</summary>
    public long Count { get; }

    public bool IsDead(ulong frameId) => frameId < (ulong)_bits.Length * 64 && (_bits[frameId >> 6] & (1UL << (int)(frameId & 63))) != 0;

    public static DeadBits Build(Storage.IStorageDevice device, CommittedState state)
    {
        var bits = new ulong[(state.NextFrameId + 63) / 64];
        long count = 0;
        void Mark(ulong id)
        {
            if (id < state.NextFrameId && (bits[id >> 6] & (1UL << (int)(id & 63))) == 0)
            {
                bits[id >> 6] |= 1UL << (int)(id & 63);
                count++;
            }
        }
        foreach (var run in state.Runs)
        {
            for (var i = 0L; i < run.DeadCount; i++) Mark(run.Dead(device, i));
        }
        foreach (var id in state.Tail.Dead) Mark(id);
        return new DeadBits(bits, count);
    }
}
