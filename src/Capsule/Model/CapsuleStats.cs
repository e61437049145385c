namespace Capsule;

/// <summary>Counts and sizes of a capsule as one instance sees it: the head commit plus a writer's uncommitted changes.</summary>
public sealed record CapsuleStats
{
    public required string Path { get; init; }
    public required long FileBytes { get; init; }
    public required ushort FormatMajor { get; init; }
    public required ushort FormatMinor { get; init; }
    /// <summary>Record bodies are sealed with ChaCha20-Poly1305 (FORMAT.md §16).</summary>
    public bool Encrypted { get; init; }
    public required ulong Commits { get; init; }
    /// <summary>Frame ids handed out so far (live, superseded, deleted and tombstones).</summary>
    public required ulong Frames { get; init; }
    public required ulong LiveFrames { get; init; }
    /// <summary>Frames superseded by an update or deleted.</summary>
    public required ulong DeadFrames { get; init; }
    public required ulong TombstoneFrames { get; init; }
    public required int PendingFrames { get; init; }
    public required int Runs { get; init; }
    public required int TailCommits { get; init; }
    public required ulong TailFrames { get; init; }
    /// <summary>Bytes after the last commit that belong to no commit (cut by the next writer).</summary>
    public required long TornTailBytes { get; init; }
}
