using Capsule.Format;

namespace Capsule.Engine;

/// <summary>
/// Builds the heads list and branch table a new commit record carries (FORMAT.md §17). A record that
/// a single-branch format-2.0 capsule would have written gets no branch table, so such capsules stay
/// byte for byte what 2.0 wrote and 2.0 readers keep reading them.
/// </summary>
internal static class BranchRecords
{
    /// <summary>The table after a commit on <paramref name="branch"/> (added at the end when new), whose head becomes the new record.</summary>
    public static List<BranchHead> Advance(BranchHeads table, string branch, ulong nextFrameId)
    {
        var heads = new List<BranchHead>(table.Heads);
        var at = table.IndexOf(branch);
        var advanced = new BranchHead(branch, 0, nextFrameId);
        if (at >= 0) heads[at] = advanced;
        else heads.Add(advanced);
        return heads;
    }

    /// <summary>
    /// The heads list and branch table of a record: <paramref name="heads"/> are every branch after it (the
    /// advanced one's offset is ignored: it is the record itself); <paramref name="advanced"/> is the branch
    /// the record becomes the head of, or null for a record that only changes the table.
    /// </summary>
    public static (IReadOnlyList<KeyValuePair<string, ulong>> Heads, BranchTable? Table) Encode(
        IReadOnlyList<BranchHead> heads, string defaultBranch, string? advanced, BranchOperation operation,
        long predecessor, long parent, long related = 0, string subject = "")
    {
        var list = new KeyValuePair<string, ulong>[heads.Count];
        var offsets = new long[heads.Count];
        int advancedIndex = BranchTable.NoBranch, defaultIndex = -1;
        for (var i = 0; i < heads.Count; i++)
        {
            list[i] = new KeyValuePair<string, ulong>(heads[i].Name, heads[i].NextFrameId);
            if (heads[i].Name == advanced) advancedIndex = i;
            else offsets[i] = heads[i].HeadOffset;
            if (heads[i].Name == defaultBranch) defaultIndex = i;
        }
        if (defaultIndex < 0 || (advanced is not null && advancedIndex == BranchTable.NoBranch))
        {
            throw new InvalidOperationException($"branch table without its default '{defaultBranch}' or advanced branch '{advanced}'");
        }
        var single = heads.Count == 1 && heads[0].Name == CommitRecord.MainHead && advancedIndex == 0
            && operation == BranchOperation.Commit && predecessor == parent && related == 0 && subject.Length == 0;
        return single ? (list, null)
            : (list, new BranchTable(predecessor, operation, advancedIndex, defaultIndex, related, subject, offsets));
    }
}
