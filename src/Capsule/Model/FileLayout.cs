namespace Capsule;

/// <summary>Where a capsule's bytes go, by record kind, from a walk over every record header.</summary>
public sealed record FileLayout
{
    public required long FileBytes { get; init; }
    public required long SuperblockBytes { get; init; }
    public required long SegmentBytes { get; init; }
    public required int SegmentRecords { get; init; }
    public required long CommitBytes { get; init; }
    public required int CommitRecords { get; init; }
    public required long LiveRunBytes { get; init; }
    public required int LiveRuns { get; init; }
    /// <summary>Runs that a later merge replaced: reclaimable by compaction.</summary>
    public required long GarbageRunBytes { get; init; }
    public required int GarbageRuns { get; init; }
    public required long TornTailBytes { get; init; }
    /// <summary>Persisted indexes (full-text, vector, temporal), those of merged-away runs included.</summary>
    public long IndexBytes { get; init; }
    public int IndexRecords { get; init; }
    public long SettingsBytes { get; init; }
}
