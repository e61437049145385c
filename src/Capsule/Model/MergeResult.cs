namespace Capsule;

/// <summary>Which side's change to a uri a merge kept.</summary>
public enum MergeSide
{
    Source,
    Target,
}

/// <summary>
/// A uri both branches changed since they forked. <paramref name="SourceFrameId"/> / <paramref name="TargetFrameId"/>
/// are the uri's live frames on each side after its changes (null: that side deleted it).
/// </summary>
public sealed record MergeConflict(string Uri, ulong? SourceFrameId, ulong? TargetFrameId, DateTimeOffset SourceChangedAt, DateTimeOffset TargetChangedAt, MergeSide Winner);

/// <summary>What a merge did.</summary>
/// <param name="Source">The branch merged from.</param>
/// <param name="Target">The branch merged into.</param>
/// <param name="ForkFrameId">Frames 0..ForkFrameId-1 are the history both branches share.</param>
/// <param name="Copied">Frames written on the target for frames the source added (new or updated).</param>
/// <param name="Deleted">Frames the target deleted because the source had deleted them.</param>
/// <param name="Conflicts">Uris both sides changed, with the side whose change was kept.</param>
/// <param name="Commit">The target's head after the merge (unchanged when there was nothing to bring over).</param>
public sealed record MergeResult(string Source, string Target, ulong ForkFrameId, int Copied, int Deleted, IReadOnlyList<MergeConflict> Conflicts, CommitInfo Commit);

/// <summary>How <see cref="Capsule.Merge(string, MergeOptions?)"/> resolves uris both sides changed.</summary>
public sealed record MergeOptions
{
    /// <summary>
    /// When true, a merge with any conflict writes nothing and throws <see cref="MergeConflictException"/>
    /// listing them. When false (the default) the newest change wins: the side whose last change to the uri
    /// was ingested later (the target on a tie), and the result lists every conflict and its winner.
    /// </summary>
    public bool FailOnConflict { get; init; }
}
