using Capsule.Storage;
using Capsule.Tests.Crash;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.History;

/// <summary>
/// Runs one scenario against the engine and the model, keeping a model snapshot for every commit and
/// for every committed frame (uncommitted frames are dropped on rollback or reopen, and their ids are
/// handed out again). Then opens an as-of view at each of those points and compares it with its snapshot.
/// </summary>
public sealed class HistoryScenario
{
    /// <summary>Tiny thresholds: a run every few commits and merges of two, so views cross runs and merged runs.</summary>
    internal static readonly CapsuleOptions Options = new()
    {
        SealCommitThreshold = 3,
        SealFrameThreshold = 10,
        RunMergeFactor = 2,
        BlockSize = 512,
    };

    private readonly MemoryDevice _device = new("history");
    private readonly CapsuleOptions _options = Options with { Clock = new TestClock() };
    private readonly List<MemoryModel> _atCommit = [new MemoryModel()];
    private readonly List<MemoryModel> _atFrame = [];
    private readonly List<MemoryModel> _pendingFrames = [];
    private Capsule _capsule;
    private MemoryModel _committed = new();
    private MemoryModel _pending = new();

    public HistoryScenario() => _capsule = Capsule.Create(_device, _options);

    /// <summary>Views checked that included sealed runs, and views that ended inside a commit.</summary>
    public int ViewsWithRuns { get; private set; }
    public int ViewsInsideACommit { get; private set; }

    public void Run(IEnumerable<CrashOp> ops)
    {
        foreach (var op in ops)
        {
            Apply(op);
        }
        _capsule.Dispose(); // uncommitted frames are discarded; the views below see only commits
        CheckEveryPoint();
    }

    private void Apply(CrashOp op)
    {
        switch (op)
        {
            case CrashOp.Put put:
                var uri = put.Uri < 0 ? "" : $"h/{put.Uri}";
                Assert.Equal(_pending.Put(uri, Text(put.Size)), _capsule.Put(new FrameDraft(Text(put.Size)) { Uri = uri, Kind = FrameKind.Fact }));
                FrameWritten();
                break;
            case CrashOp.Update update:
                var updateUri = $"h/{update.Uri}";
                if (_pending.Update(updateUri, Text(update.Size)) is { } id)
                {
                    Assert.Equal(id, _capsule.Update(updateUri, new FrameDraft(Text(update.Size)) { Kind = FrameKind.Fact }));
                    FrameWritten();
                }
                break;
            case CrashOp.Delete delete:
                var target = _pending.NextId == 0 ? 0UL : (ulong)delete.Pick % _pending.NextId;
                var deleted = _pending.Delete(target);
                Assert.Equal(deleted, _capsule.Delete(target));
                if (deleted)
                {
                    FrameWritten();
                }
                break;
            case CrashOp.Commit:
                var head = _capsule.Commit();
                if (_pendingFrames.Count > 0)
                {
                    _atCommit.Add(_pending.Clone());
                    _atFrame.AddRange(_pendingFrames);
                    _pendingFrames.Clear();
                    _committed = _pending.Clone();
                }
                Assert.Equal((ulong)_atCommit.Count - 1, head.Sequence);
                break;
            case CrashOp.Rollback:
                _capsule.Rollback();
                Discard();
                break;
            case CrashOp.Reopen:
                _capsule.Dispose();
                _capsule = Capsule.Open(_device, _options);
                Discard();
                break;
            default:
                throw new ArgumentException($"history scenarios have no {op} step", nameof(op));
        }
    }

    private void FrameWritten() => _pendingFrames.Add(_pending.Clone());

    private void Discard()
    {
        _pending = _committed.Clone();
        _pendingFrames.Clear();
    }

    private void CheckEveryPoint()
    {
        for (var sequence = 0; sequence < _atCommit.Count; sequence++)
        {
            using var view = Capsule.OpenAsOf(_device, AsOf.Commit((ulong)sequence));
            Check(view, _atCommit[sequence], $"commit {sequence}");
            Assert.Equal((ulong)sequence, view.Head.Sequence);
            Assert.Equal(sequence, view.Commits().Count());
        }
        for (var frameId = 0; frameId < _atFrame.Count; frameId++)
        {
            using var view = Capsule.OpenAsOf(_device, AsOf.Frame((ulong)frameId));
            Check(view, _atFrame[frameId], $"frame {frameId}");
            // The view's head is the newest commit all of whose frames it holds.
            var whole = _atCommit.FindLastIndex(m => m.NextId <= (ulong)frameId + 1);
            Assert.Equal((ulong)whole, view.Head.Sequence);
            ViewsInsideACommit += _atCommit[whole].NextId != (ulong)frameId + 1 ? 1 : 0;
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Capsule.OpenAsOf(_device, AsOf.Commit((ulong)_atCommit.Count)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Capsule.OpenAsOf(_device, AsOf.Frame((ulong)_atFrame.Count)));
    }

    private void Check(Capsule view, MemoryModel expected, string point)
    {
        var difference = expected.Difference(view);
        if (difference is not null)
        {
            throw new Xunit.Sdk.XunitException($"as of {point}: {difference}");
        }
        var stats = view.Stats();
        Assert.Equal(0, stats.PendingFrames);
        Assert.Equal(expected.NextId, stats.Frames);
        ViewsWithRuns += stats.Runs > 0 ? 1 : 0;
    }

    private static string Text(int size) => size == 0 ? "" : new string((char)('a' + size % 26), size);
}
