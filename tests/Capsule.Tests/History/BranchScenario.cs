using Capsule.Storage;
using Capsule.Tests.Crash;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.History;

/// <summary>
/// Runs one branch scenario against the engine and a model: every branch is a list of model snapshots,
/// one per commit of its lineage (index = commit sequence). Forks and rewinds cut a lineage at a frame
/// (a whole commit, or a commit's prefix that becomes a commit of its own), merges follow the rules
/// <see cref="Capsule.Merge"/> documents, written here from that description. At the end every branch,
/// and every commit of every branch as of that commit, must equal its model, and the file must verify.
/// </summary>
public sealed class BranchScenario
{
    private sealed class Lineage
    {
        public List<MemoryModel> Commits { get; init; } = [];
        public Lineage? BeforeRewind { get; set; }
        public MemoryModel Head => Commits[^1];

        /// <summary>The lineage as of frame <paramref name="frameId"/>: whole commits, plus the cut commit's prefix as a commit.</summary>
        public Lineage At(ulong frameId)
        {
            var s = Commits.FindIndex(m => m.NextId > frameId);
            var kept = Commits.Take(Commits[s].NextId == frameId + 1 ? s + 1 : s).ToList();
            if (Commits[s].NextId != frameId + 1)
            {
                kept.Add(Commits[s].Prefix(frameId + 1));
            }
            return new Lineage { Commits = kept };
        }
    }

    private readonly MemoryDevice _device = new("branches");
    private readonly CapsuleOptions _options = HistoryScenario.Options with { Clock = new TestClock() }; // lineages cross sealed and merged runs
    private readonly Dictionary<string, Lineage> _branches = [];
    private readonly List<string> _order = [];
    private long _stamp;
    private string _current = "main";
    private string _default = "main";
    private MemoryModel _pending;
    private bool _dirty;
    private int _forks;
    private Capsule _capsule;

    public BranchScenario()
    {
        _capsule = Capsule.Create(_device, _options);
        var empty = new MemoryModel { Stamps = () => ++_stamp };
        _branches["main"] = new Lineage { Commits = [empty] };
        _order.Add("main");
        _pending = empty.Clone();
    }

    /// <summary>How many merges wrote a commit, forks and rewinds that cut inside a commit, and conflicts met: the cases the property is about.</summary>
    public int Merges { get; private set; }
    public int CutsInsideACommit { get; private set; }
    public int Conflicts { get; private set; }

    private Lineage Current => _branches[_current];

    public void Run(IEnumerable<BranchOp> ops)
    {
        foreach (var op in ops)
        {
            Apply(op);
        }
        _capsule.Dispose();
        CheckEveryBranch();
    }

    private void Apply(BranchOp op)
    {
        switch (op)
        {
            case BranchOp.Write { Op: var write }:
                ApplyWrite(write);
                break;
            case BranchOp.Fork fork:
                CommitPending();
                var name = $"b{++_forks}";
                if (fork.AtHead || Current.Head.NextId == 0)
                {
                    Assert.Equal(Current.Head.NextId, _capsule.CreateBranch(name).NextFrameId);
                    _branches[name] = new Lineage { Commits = [.. Current.Commits] };
                }
                else
                {
                    var frame = (ulong)fork.Pick % Current.Head.NextId;
                    _capsule.CreateBranch(name, AsOf.Frame(frame));
                    _branches[name] = Current.At(frame);
                    CutsInsideACommit += Current.Commits.All(m => m.NextId != frame + 1) ? 1 : 0;
                }
                _order.Add(name);
                Assert.Equal(_current, _capsule.Branch);
                break;
            case BranchOp.Switch s:
                CommitPending();
                _current = Pick(s.Pick);
                _capsule.SwitchBranch(_current);
                _pending = Current.Head.Clone();
                break;
            case BranchOp.Rewind rewind:
                CommitPending();
                if (Current.Head.NextId == 0)
                {
                    break;
                }
                var to = (ulong)rewind.Pick % Current.Head.NextId;
                _capsule.Rewind(to);
                if (to + 1 != Current.Head.NextId)
                {
                    CutsInsideACommit += Current.Commits.All(m => m.NextId != to + 1) ? 1 : 0;
                    var rewound = Current.At(to);
                    rewound.BeforeRewind = Current;
                    _branches[_current] = rewound;
                }
                _pending = Current.Head.Clone();
                break;
            case BranchOp.UndoRewind:
                CommitPending();
                if (Current.BeforeRewind is not { } before)
                {
                    Assert.Throws<InvalidOperationException>(() => _capsule.UndoRewind());
                    break;
                }
                _capsule.UndoRewind();
                var undone = new Lineage { Commits = before.Commits, BeforeRewind = Current };
                _branches[_current] = undone;
                _pending = Current.Head.Clone();
                break;
            case BranchOp.Merge merge:
                CommitPending();
                Merge(Pick(merge.Pick), merge.FailOnConflict);
                break;
            case BranchOp.SetDefault setDefault:
                CommitPending();
                _default = Pick(setDefault.Pick);
                _capsule.SetDefaultBranch(_default);
                Assert.Equal(_default, _capsule.DefaultBranch);
                break;
            case BranchOp.DeleteBranch delete:
                CommitPending();
                var victim = Pick(delete.Pick);
                if (victim == _default || victim == _current)
                {
                    Assert.Throws<InvalidOperationException>(() => _capsule.DeleteBranch(victim));
                    break;
                }
                _capsule.DeleteBranch(victim);
                _branches.Remove(victim);
                _order.Remove(victim);
                break;
        }
    }

    private string Pick(int pick) => _order[pick % _order.Count];

    private void ApplyWrite(CrashOp op)
    {
        switch (op)
        {
            case CrashOp.Put put:
                var uri = put.Uri < 0 ? "" : $"h/{put.Uri}";
                Assert.Equal(_pending.Put(uri, Text(put.Size)), _capsule.Put(new FrameDraft(Text(put.Size)) { Uri = uri, Kind = FrameKind.Fact }));
                _dirty = true;
                break;
            case CrashOp.Update update:
                var updateUri = $"h/{update.Uri}";
                if (_pending.Update(updateUri, Text(update.Size)) is { } id)
                {
                    Assert.Equal(id, _capsule.Update(updateUri, new FrameDraft(Text(update.Size)) { Kind = FrameKind.Fact }));
                    _dirty = true;
                }
                break;
            case CrashOp.Delete delete:
                var target = _pending.NextId == 0 ? 0UL : (ulong)delete.Pick % _pending.NextId;
                var deleted = _pending.Delete(target);
                Assert.Equal(deleted, _capsule.Delete(target));
                _dirty |= deleted;
                break;
            case CrashOp.Commit:
                CommitPending();
                Assert.Equal((ulong)Current.Commits.Count - 1, _capsule.Head.Sequence);
                break;
            case CrashOp.Rollback:
                _capsule.Rollback();
                _pending = Current.Head.Clone();
                _dirty = false;
                break;
            case CrashOp.Reopen:
                // Opening without naming a branch opens the default one.
                _capsule.Dispose();
                _capsule = Capsule.Open(_device, _options);
                _current = _default;
                Assert.Equal(_current, _capsule.Branch);
                _pending = Current.Head.Clone();
                _dirty = false;
                break;
        }
    }

    private void CommitPending()
    {
        _capsule.Commit();
        if (_dirty)
        {
            Current.Commits.Add(_pending.Clone());
            _dirty = false;
        }
        _pending = Current.Head.Clone();
    }

    /// <summary>The merge rules, on the models: shared prefix, each side's last change per uri, newest wins, replay in the source's order.</summary>
    private void Merge(string source, bool failOnConflict)
    {
        if (source == _current)
        {
            Assert.Throws<ArgumentException>(() => _capsule.Merge(source));
            return;
        }
        var theirs = _branches[source].Head;
        var ours = Current.Head;
        ulong fork = 0;
        while (fork < Math.Min(theirs.NextId, ours.NextId) && theirs.Frames[(int)fork].Stamp == ours.Frames[(int)fork].Stamp)
        {
            fork++;
        }
        var actions = new SortedDictionary<ulong, Func<bool>>();
        var conflicts = 0;
        var wins = LastChanges(ours, fork);
        foreach (var (uri, change) in LastChanges(theirs, fork))
        {
            if (wins.TryGetValue(uri, out var mine))
            {
                conflicts++;
                if (mine.Stamp > change.Stamp)
                {
                    continue;
                }
            }
            actions[change.Id] = change.Kind == FrameKind.Tombstone
                ? () => _pending.LiveByUri(uri) is { } live && _pending.Delete(live.Id)
                : () => { _pending.Put(uri, change.Text); return true; };
        }
        if (failOnConflict && conflicts > 0)
        {
            var e = Assert.Throws<MergeConflictException>(() => _capsule.Merge(source, new MergeOptions { FailOnConflict = true }));
            Assert.Equal(conflicts, e.Conflicts.Count);
            Conflicts += conflicts;
            return;
        }
        for (var id = fork; id < theirs.NextId; id++)
        {
            var f = theirs.Frames[(int)id];
            if (f.Uri.Length > 0)
            {
                continue;
            }
            if (f.Kind == FrameKind.Tombstone && f.Supersedes < fork)
            {
                var target = f.Supersedes.Value;
                actions[id] = () => _pending.Delete(target);
            }
            else if (theirs.IsLive(id))
            {
                var text = f.Text;
                actions[id] = () => { _pending.Put("", text); return true; };
            }
        }
        var result = _capsule.Merge(source, new MergeOptions { FailOnConflict = failOnConflict });
        var wrote = false;
        foreach (var action in actions.Values) wrote |= action();
        Assert.Equal(fork, result.ForkFrameId);
        Assert.Equal(conflicts, result.Conflicts.Count);
        Conflicts += conflicts;
        if (wrote)
        {
            Current.Commits.Add(_pending.Clone());
            Merges++;
        }
        _pending = Current.Head.Clone();
        Assert.Equal((ulong)Current.Commits.Count - 1, result.Commit.Sequence);
    }

    /// <summary>Per uri, the last frame from <paramref name="fork"/> on that names it (a tombstone: deleted).</summary>
    private static Dictionary<string, ModelFrame> LastChanges(MemoryModel model, ulong fork)
    {
        var last = new Dictionary<string, ModelFrame>();
        foreach (var f in model.Frames.Skip((int)fork).Where(f => f.Uri.Length > 0))
        {
            last[f.Uri] = f;
        }
        return last;
    }

    private void CheckEveryBranch()
    {
        using (var opened = Capsule.Open(_device, _options))
        {
            Assert.Equal(_default, opened.Branch);
            Assert.Equal(_order, opened.Branches().Select(b => b.Name));
        }
        foreach (var (name, lineage) in _branches)
        {
            var options = _options with { Branch = name };
            using (var head = Capsule.Open(_device, options))
            {
                Check(head, lineage.Head, $"branch {name}");
                Assert.Equal((ulong)lineage.Commits.Count - 1, head.Head.Sequence);
            }
            for (var sequence = 0; sequence < lineage.Commits.Count; sequence++)
            {
                using var view = Capsule.OpenAsOf(_device, AsOf.Commit((ulong)sequence), options);
                Check(view, lineage.Commits[sequence], $"branch {name} as of commit {sequence}");
            }
        }
        var report = Capsule.Verify(_device);
        Assert.True(report.Problems.Count == 0, string.Join("; ", report.Problems.Select(p => p.ToString())));
    }

    private static void Check(Capsule capsule, MemoryModel expected, string point)
    {
        if (expected.Difference(capsule) is { } difference)
        {
            throw new Xunit.Sdk.XunitException($"{point}: {difference}");
        }
    }

    private static string Text(int size) => size == 0 ? "" : new string((char)('a' + size % 26), size);
}
