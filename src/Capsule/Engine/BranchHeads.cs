using Capsule.Format;

namespace Capsule.Engine;

/// <summary>One branch: its name, the offset of its head commit (0: the empty capsule) and its next frame id.</summary>
internal readonly record struct BranchHead(string Name, long HeadOffset, ulong NextFrameId);

/// <summary>
/// The branch table after a commit record (FORMAT.md §17), in memory: every branch's head and the
/// default branch. A record without a branch table is a commit on <c>main</c>, the only branch.
/// </summary>
internal sealed class BranchHeads
{
    private BranchHeads(IReadOnlyList<BranchHead> heads, int defaultIndex)
    {
        Heads = heads;
        DefaultIndex = defaultIndex;
    }

    public IReadOnlyList<BranchHead> Heads { get; }
    public int DefaultIndex { get; }
    public string Default => Heads[DefaultIndex].Name;

    public static BranchHeads Of(CommitRecord? newest, long newestOffset)
    {
        if (newest is null)
        {
            return new BranchHeads([new BranchHead(CommitRecord.MainHead, 0, 0)], 0);
        }
        if (newest.Branches is not { } table)
        {
            return new BranchHeads([new BranchHead(CommitRecord.MainHead, newestOffset, newest.NextFrameId)], 0);
        }
        var heads = new BranchHead[newest.Heads.Count];
        for (var i = 0; i < heads.Length; i++)
        {
            var offset = i == table.Advanced ? newestOffset : table.HeadOffsets[i];
            heads[i] = new BranchHead(newest.Heads[i].Key, offset, newest.Heads[i].Value);
        }
        return new BranchHeads(heads, table.Default);
    }

    public static BranchHeads Create(IReadOnlyList<BranchHead> heads, int defaultIndex) => new(heads, defaultIndex);

    public int IndexOf(string name)
    {
        for (var i = 0; i < Heads.Count; i++)
        {
            if (Heads[i].Name == name) return i;
        }
        return -1;
    }

    /// <summary>The branch named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No branch has that name; the message lists those that exist.</exception>
    public BranchHead Get(string name, string file)
    {
        var index = IndexOf(name);
        return index >= 0 ? Heads[index]
            : throw new KeyNotFoundException($"{file} has no branch named '{name}' (branches: {string.Join(", ", Heads.Select(h => h.Name))})");
    }
}
