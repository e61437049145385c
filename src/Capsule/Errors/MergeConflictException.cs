namespace Capsule;

/// <summary>A merge asked to fail on conflicts found uris both branches changed; nothing was written.</summary>
public sealed class MergeConflictException : CapsuleException
{
    public MergeConflictException(string path, string source, string target, IReadOnlyList<MergeConflict> conflicts)
        : base($"merging '{source}' into '{target}' conflicts on {conflicts.Count} uri(s): {string.Join(", ", conflicts.Take(10).Select(c => c.Uri))}{(conflicts.Count > 10 ? ", …" : "")}", path)
    {
        Conflicts = conflicts;
    }

    public IReadOnlyList<MergeConflict> Conflicts { get; }
}
