namespace Capsule;

/// <summary>A branch of a capsule: a named head inside the file.</summary>
/// <param name="Name">The branch's name.</param>
/// <param name="IsDefault">Whether opening the capsule without naming a branch opens this one.</param>
/// <param name="Head">The branch's head commit (sequence 0: the branch is the empty capsule).</param>
public sealed record BranchInfo(string Name, bool IsDefault, CommitInfo Head)
{
    /// <summary>Frame ids 0..NextFrameId-1 exist on this branch.</summary>
    public ulong NextFrameId => Head.NextFrameId;
}
