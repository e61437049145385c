using Capsule.Engine;
using Capsule.Engine.Indexes;
using Capsule.Format;

namespace Capsule;

/// <summary>
/// Branches (FORMAT.md §17): named heads inside the one file. Each branch is an ordinary commit chain
/// whose frame ids continue from where it forked, so every read, search and as-of view works on a
/// branch as on <c>main</c>. Creating a branch, switching the default and deleting a branch each append
/// one small record; nothing is copied except, for a fork or rewind that ends inside a commit, that
/// commit's frames up to the point.
/// </summary>
public sealed partial class Capsule
{
    /// <summary>The branch this instance reads and commits to.</summary>
    public string Branch
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return _state.Branch;
            }
        }
    }

    /// <summary>The branch that opening the capsule without naming one opens.</summary>
    public string DefaultBranch
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return _state.Branches.Default;
            }
        }
    }

    /// <summary>Every branch, in the order they were created.</summary>
    public IReadOnlyList<BranchInfo> Branches()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var table = _state.Branches;
            return [.. table.Heads.Select((h, i) => new BranchInfo(h.Name, i == table.DefaultIndex, InfoAt(h.HeadOffset)))];
        }
    }

    /// <summary>
    /// Creates a branch whose history is this branch's up to <paramref name="at"/> (a frame id, a commit or a
    /// time; null: the head). It costs one small record when the point is a commit boundary; a point inside a
    /// commit also copies that commit's frames up to it. This instance stays on its branch.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, too long, or taken.</exception>
    /// <exception cref="InvalidOperationException">Uncommitted changes are pending, or the capsule is read-only.</exception>
    public BranchInfo CreateBranch(string name, AsOf? at = null)
    {
        lock (_gate)
        {
            RequireNoPending();
            CheckNewName(name);
            var (offset, commit, lastFrame) = at is null ? (_state.HeadOffset, _state.Head, null) : Timeline.Locate(_device, _state, at);
            if (lastFrame is { } frame)
            {
                var keep = _state;
                CommitDurably(ParentWithPrefix(commit!, frame, out var prefix), prefix, new BranchWrite(BranchOperation.Create, offset, name, name));
                keep.Newest = _state.Newest;
                keep.NewestOffset = _state.NewestOffset;
                keep.ValidEnd = _state.ValidEnd;
                Adopt(keep); // this instance stays on its branch
            }
            else
            {
                var heads = new List<BranchHead>(_state.Branches.Heads) { new(name, offset, commit?.NextFrameId ?? 0) };
                WriteTableRecord(offset, commit, heads, _state.Branches.Default, BranchOperation.Create, offset, name);
            }
            return BranchInfoOf(name);
        }
    }

    /// <summary>Makes <paramref name="name"/> the branch that opening the capsule selects by default (one small record).</summary>
    /// <exception cref="KeyNotFoundException">No branch has that name.</exception>
    public void SetDefaultBranch(string name)
    {
        lock (_gate)
        {
            RequireNoPending();
            var head = _state.Branches.Get(name, Path);
            if (_state.Branches.Default == name)
            {
                return;
            }
            WriteTableRecord(head.HeadOffset, ReadCommitOrNull(head.HeadOffset), [.. _state.Branches.Heads], name, BranchOperation.SetDefault, 0, "");
        }
    }

    /// <summary>
    /// Removes a branch's name (one small record). Its frames stay in the file, reachable through the file's
    /// history, until compaction. The default branch and this instance's branch cannot be deleted.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No branch has that name.</exception>
    /// <exception cref="InvalidOperationException">It is the default branch or the one this instance is on.</exception>
    public void DeleteBranch(string name)
    {
        lock (_gate)
        {
            RequireNoPending();
            var head = _state.Branches.Get(name, Path);
            if (name == _state.Branches.Default || name == _state.Branch)
            {
                throw new InvalidOperationException(name == _state.Branches.Default
                    ? $"branch '{name}' is the default branch; make another branch the default before deleting it"
                    : $"branch '{name}' is the one this capsule has open; switch to another branch before deleting it");
            }
            var heads = _state.Branches.Heads.Where(h => h.Name != name).ToList();
            WriteTableRecord(head.HeadOffset, ReadCommitOrNull(head.HeadOffset), heads, _state.Branches.Default, BranchOperation.Delete, head.HeadOffset, name);
        }
    }

    /// <summary>Moves this instance to another branch: reads and commits go there from now on (nothing is written).</summary>
    /// <exception cref="KeyNotFoundException">No branch has that name.</exception>
    /// <exception cref="InvalidOperationException">Uncommitted changes are pending.</exception>
    public void SwitchBranch(string name)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_view)
            {
                throw new InvalidOperationException($"{Path} is open as of an earlier point; open the other branch as of that point instead");
            }
            if (_pending is { IsEmpty: false })
            {
                throw new InvalidOperationException("commit or roll back the pending changes before switching branches");
            }
            var head = _state.Branches.Get(name, Path);
            Adopt(BranchState(name, head.HeadOffset, _state));
        }
    }

    /// <summary>
    /// Moves this branch's head back so that it holds frames 0..<paramref name="frameId"/> with their effects
    /// (as <see cref="AsOf.Frame"/> reads them). Nothing is destroyed: the previous head stays in the file and
    /// <see cref="UndoRewind"/> moves back to it. New frames continue from <paramref name="frameId"/> + 1.
    /// </summary>
    public CommitInfo Rewind(ulong frameId) => Rewind(AsOf.Frame(frameId));

    /// <summary>As <see cref="Rewind(ulong)"/>, to any point of this branch's history (a commit, a frame or a time).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The point is beyond the head.</exception>
    public CommitInfo Rewind(AsOf point)
    {
        ArgumentNullException.ThrowIfNull(point);
        lock (_gate)
        {
            RequireNoPending();
            var (offset, commit, lastFrame) = Timeline.Locate(_device, _state, point);
            MoveHead(offset, commit, lastFrame);
            return HeadInfo();
        }
    }

    /// <summary>
    /// Undoes this branch's latest rewind: moves the head back to where it was before it (itself recorded as
    /// a rewind, so undoing again redoes the rewind).
    /// </summary>
    /// <exception cref="InvalidOperationException">The branch was never rewound.</exception>
    public CommitInfo UndoRewind()
    {
        lock (_gate)
        {
            RequireNoPending();
            var before = LatestRewind(_state.Branch)
                ?? throw new InvalidOperationException($"branch '{_state.Branch}' has never been rewound");
            MoveHead(before, ReadCommitOrNull(before), null);
            return HeadInfo();
        }
    }

    private void MoveHead(long offset, CommitRecord? commit, ulong? lastFrame)
    {
        var previous = _state.HeadOffset;
        var branch = _state.Branch;
        if (lastFrame is { } frame)
        {
            CommitDurably(ParentWithPrefix(commit!, frame, out var prefix), prefix, new BranchWrite(BranchOperation.Rewind, previous, branch));
            return;
        }
        if (offset == previous)
        {
            return; // already there: a rewind to the head changes nothing
        }
        var heads = _state.Branches.Heads.Select(h => h.Name == branch ? new BranchHead(branch, offset, commit?.NextFrameId ?? 0) : h).ToList();
        WriteTableRecord(offset, commit, heads, _state.Branches.Default, BranchOperation.Rewind, previous, branch);
        Adopt(BranchState(branch, offset, _state));
    }

    /// <summary>The head a branch had before its newest rewind, found by walking the records back from the newest.</summary>
    private long? LatestRewind(string branch)
    {
        var offset = _state.NewestOffset;
        var record = _state.Newest;
        while (record is not null)
        {
            if (record.Branches is { } table && table.Subject == branch)
            {
                if (table.Operation == BranchOperation.Rewind) return table.Related;
                if (table.Operation is BranchOperation.Create or BranchOperation.Delete) return null; // an earlier branch of that name
            }
            if (record.Predecessor == 0 || record.Predecessor >= offset)
            {
                return null;
            }
            offset = record.Predecessor;
            record = RecordIO.ReadCommit(_device, offset);
        }
        return null;
    }

    /// <summary>
    /// The state at <paramref name="commit"/>'s parent, and <paramref name="prefix"/> holding the commit's
    /// frames up to <paramref name="lastFrame"/> byte for byte (same ids, same times): committed on top of
    /// that parent, they make the state as of that frame a commit of its own.
    /// </summary>
    private CommittedState ParentWithPrefix(CommitRecord commit, ulong lastFrame, out PendingWrites prefix)
    {
        var parent = BranchState(_state.Branch, commit.ParentOffset, _state);
        if (parent.NextFrameId != commit.FirstFrameId || parent.Sequence + 1 != commit.Sequence)
        {
            throw new CorruptCapsuleException($"commit {commit.Sequence} starts at frame {commit.FirstFrameId} but its parent, commit {parent.Sequence}, ends at {parent.NextFrameId}",
                Path, commit.ParentOffset, "commit");
        }
        prefix = new PendingWrites(commit.FirstFrameId);
        for (var id = commit.FirstFrameId; id <= lastFrame; id++)
        {
            var (segment, index) = LocateCommitted(_state, id);
            var entry = _reader.Entry(segment, index);
            var bytes = _reader.ReadEncoded(segment, index);
            var uri = entry.HasUri ? _reader.ReadHead(segment, index).Uri : "";
            var supersedes = entry.Supersedes == SegmentLayout.NoSupersedes ? (ulong?)null : entry.Supersedes;
            prefix.Encoded.Add(new SegmentFrame(id, bytes, entry.Kind, uri, supersedes, entry.UriHash));
            prefix.Tables.Apply(id, entry.Kind, entry.HasUri, entry.UriHash, entry.Supersedes);
            if (entry.Kind == FrameKind.Tombstone)
            {
                prefix.Tombstones++;
            }
        }
        if (parent.Head is { SettingsOffset: > 0 } p && commit.SettingsOffset != p.SettingsOffset && commit.SettingsOffset > 0)
        {
            // The cut commit bound the embedding: the prefix keeps that binding.
            prefix.NewBinding = SettingsCodec.ReadAt(_device, commit.SettingsOffset).Embedding;
        }
        return parent;
    }

    /// <summary>
    /// Appends a record that changes only the branch table (FORMAT.md §17): no frames, a child of
    /// <paramref name="anchor"/> that no branch continues from, fsynced, then named by the superblock.
    /// </summary>
    private void WriteTableRecord(long anchorOffset, CommitRecord? anchor, List<BranchHead> heads, string defaultBranch, BranchOperation operation, long related, string subject)
    {
        var (record, offset) = AppendDurably("changing the branches", "", () =>
        {
            var settings = anchor?.SettingsOffset ?? 0;
            if (settings == 0)
            {
                settings = RecordIO.Append(_device, RecordKind.Settings, SettingsCodec.ToRecord(_options.Indexing).Encode());
            }
            var (names, table) = BranchRecords.Encode(heads, defaultBranch, null, operation, _state.NewestOffset, anchorOffset, related, subject);
            var next = anchor?.NextFrameId ?? 0;
            var record = new CommitRecord(
                (anchor?.Sequence ?? 0) + 1, anchorOffset, Time.ToMicros(_options.Clock.GetUtcNow()), next, next,
                anchor?.LiveFrames ?? 0, anchor?.DeadFrames ?? 0, anchor?.TombstoneFrames ?? 0,
                [], anchor?.Runs ?? [], names, settings, table);
            return (record, RecordIO.Append(_device, RecordKind.Commit, record.Encode()));
        });
        _state.Newest = record;
        _state.NewestOffset = offset;
        _state.ValidEnd = _device.Length;
        WriteSuperblock();
    }

    /// <summary>The committed state of a branch whose head is at <paramref name="headOffset"/>, with the file's newest record from <paramref name="file"/>.</summary>
    private CommittedState BranchState(string branch, long headOffset, CommittedState file)
    {
        var state = headOffset == _state.HeadOffset && branch == _state.Branch ? _state : Recovery.StateAt(_device, headOffset);
        if (!ReferenceEquals(state, _state))
        {
            state.Branch = branch;
        }
        state.Newest = file.Newest;
        state.NewestOffset = file.NewestOffset;
        state.ValidEnd = file.ValidEnd;
        return state;
    }

    private CommitRecord? ReadCommitOrNull(long offset) => offset == 0 ? null : RecordIO.ReadCommit(_device, offset);

    private CommitInfo InfoAt(long offset) => ReadCommitOrNull(offset) is { } commit
        ? ToInfo(commit, offset)
        : new CommitInfo(0, 0, Time.FromMicros(_superblock.CreatedAtMicros), 0, 0);

    private BranchInfo BranchInfoOf(string name)
    {
        var table = _state.Branches;
        var index = table.IndexOf(name);
        return new BranchInfo(name, index == table.DefaultIndex, InfoAt(table.Heads[index].HeadOffset));
    }

    private void RequireNoPending()
    {
        if (!Writable().IsEmpty)
        {
            throw new InvalidOperationException("commit or roll back the pending changes first");
        }
    }

    private void CheckNewName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (System.Text.Encoding.UTF8.GetByteCount(name) > CommitRecord.MaxHeadNameBytes || name.Any(char.IsControl) || name != name.Trim())
        {
            throw new ArgumentException($"'{name}' is not a branch name: use at most {CommitRecord.MaxHeadNameBytes} bytes, no control characters and no surrounding spaces", nameof(name));
        }
        if (_state.Branches.IndexOf(name) >= 0)
        {
            throw new ArgumentException($"{Path} already has a branch named '{name}'", nameof(name));
        }
        if (_state.Branches.Heads.Count >= BranchTable.NoBranch - 1)
        {
            throw new InvalidOperationException($"{Path} has {_state.Branches.Heads.Count} branches, the most a capsule can hold");
        }
    }
}
