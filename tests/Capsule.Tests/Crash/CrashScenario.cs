using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Crash;

/// <summary>
/// Runs one scenario against the engine on a <see cref="PowerLossDevice"/> and against the model.
/// After every crash it reopens and demands: every acknowledged commit intact, nothing
/// unacknowledged visible (a commit cut mid-flight may land whole or not at all, never in part),
/// verify clean, and the capsule keeps accepting writes (the scenario goes on).
/// </summary>
public sealed class CrashScenario
{
    private static readonly CapsuleOptions Options = new()
    {
        SealCommitThreshold = 3,
        SealFrameThreshold = 12,
        RunMergeFactor = 2,
        BlockSize = 512,
        Indexing = new IndexSettings { Embedding = new EmbeddingBinding(4, Indexing.Vector.VectorMetric.L2) },
    };

    private PowerLossDevice _device = new();
    private Capsule _capsule;
    private MemoryModel _acked = new();
    private MemoryModel _pending = new();
    private CapsuleOptions _options; // names the branch the scenario is on, so reopening continues there
    private int _forks;

    /// <param name="encrypted">Runs the scenario on an encrypted capsule (weak Argon2id settings, for speed only).</param>
    public CrashScenario(bool encrypted = false)
    {
        _options = (encrypted ? Options with { Password = "crash test", KdfIterations = 1, KdfMemoryBytes = 64 * 1024 } : Options) with { Clock = new TestClock() };
        _capsule = Capsule.Create(_device, _options);
    }

    public int CrashCases { get; private set; }

    public void Run(IEnumerable<CrashOp> ops)
    {
        var step = 0;
        foreach (var op in ops)
        {
            try
            {
                Apply(op);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"step {step} ({op}) threw {e}");
            }
            step++;
        }
        _capsule.Dispose();
    }

    private void Apply(CrashOp op)
    {
        switch (op)
        {
            case CrashOp.Put put:
                var uri = put.Uri < 0 ? "" : $"mem/{put.Uri}";
                var text = Text(put.Size);
                var id = _pending.Put(uri, text);
                // A unique embedding per frame, so that after recovery an exact search must find each live frame itself.
                Assert.Equal(id, _capsule.Put(new FrameDraft(text) { Uri = uri, Kind = FrameKind.Fact, Embedding = [id, put.Size, put.Uri, 1] }));
                break;
            case CrashOp.Update update:
                var updateUri = $"mem/{update.Uri}";
                var updateText = Text(update.Size);
                var expected = _pending.Update(updateUri, updateText);
                if (expected is null)
                {
                    Assert.Throws<KeyNotFoundException>(() => _capsule.Update(updateUri, new FrameDraft(updateText) { Kind = FrameKind.Fact }));
                }
                else
                {
                    Assert.Equal(expected.Value, _capsule.Update(updateUri, new FrameDraft(updateText) { Kind = FrameKind.Fact }));
                }
                break;
            case CrashOp.Delete delete:
                var target = _pending.NextId == 0 ? 0UL : (ulong)delete.Pick % _pending.NextId;
                Assert.Equal(_pending.Delete(target), _capsule.Delete(target));
                break;
            case CrashOp.Commit:
                _capsule.Commit();
                _acked = _pending.Clone();
                AssertIndexesFindLiveFrames(); // the same instance's indexes follow its commits
                break;
            case CrashOp.Rollback:
                _capsule.Rollback();
                _pending = _acked.Clone();
                break;
            case CrashOp.Reopen:
                _capsule.Dispose();
                Reopen(_device.Current, [_acked]);
                break;
            case CrashOp.Crash crash:
                Reopen(_device.PowerLoss(new Random(crash.Seed)), [_acked]);
                CrashCases++;
                break;
            case CrashOp.CrashInCommit crashInCommit:
                _device.CrashAtOperation = _device.Operations + crashInCommit.AtOperation;
                try
                {
                    _capsule.Commit();
                    _device.CrashAtOperation = null;
                    _acked = _pending.Clone();
                }
                catch (SimulatedPowerLoss)
                {
                    Reopen(_device.PowerLoss(new Random(crashInCommit.Seed)), [_acked, _pending]);
                    CrashCases++;
                }
                break;
            case CrashOp.Fork fork:
                var name = $"fork{++_forks}";
                BranchStep(fork.Pick, fork.AtOperation, fork.Seed, frame => _capsule.CreateBranch(name, AsOf.Frame(frame)), _options with { Branch = name });
                break;
            case CrashOp.Rewind rewind:
                BranchStep(rewind.Pick, rewind.AtOperation, rewind.Seed, frame => _capsule.Rewind(frame), _options);
                break;
            case CrashOp.DiskFullCommit full:
                _device.Capacity = _device.Length + full.SpareBytes;
                try
                {
                    _capsule.Commit();
                }
                catch (CapsuleException)
                {
                    // The writer still sees its pending changes; the bytes on disk hold only acknowledged commits.
                    Assert.Null(_pending.Difference(_capsule));
                    using var onDisk = Capsule.Open(new MemoryDevice("after full disk", _device.Current, readOnly: true), new CapsuleOptions { ReadOnly = true, Password = _options.Password, Branch = _options.Branch });
                    Assert.Null(_acked.Difference(onDisk));
                }
                _device.Capacity = null;
                _capsule.Commit(); // the pending changes survived the failed attempt
                _acked = _pending.Clone();
                Assert.Null(_acked.Difference(_capsule));
                break;
        }
    }

    /// <summary>
    /// Commits, then forks or rewinds at frame <paramref name="pick"/> (mod the frame count), leaving the
    /// scenario on a branch whose state is the acknowledged state cut after that frame. With a crash at
    /// operation N of the step, recovery must show the cut state (the step reached the disk) or the state
    /// before it, on the branch the scenario was on (a fork that did not reach the disk left no branch).
    /// </summary>
    private void BranchStep(int pick, int crashAt, int seed, Action<ulong> step, CapsuleOptions after)
    {
        _capsule.Commit();
        _acked = _pending.Clone();
        if (_acked.NextId == 0)
        {
            return;
        }
        var frame = (ulong)pick % _acked.NextId;
        var cut = _acked.Prefix(frame + 1);
        var before = _options;
        _device.CrashAtOperation = crashAt >= 0 ? _device.Operations + crashAt : null;
        try
        {
            step(frame);
            _device.CrashAtOperation = null;
        }
        catch (SimulatedPowerLoss)
        {
            var image = _device.PowerLoss(new Random(seed));
            CrashCases++;
            _options = after;
            try
            {
                Reopen(image, after.Branch == before.Branch ? [cut, _acked] : [cut]);
                return;
            }
            catch (KeyNotFoundException)
            {
                // The fork did not reach the disk: its branch does not exist, and the branch before it is intact.
            }
            _options = before;
            Reopen(image, [_acked]);
            return;
        }
        _options = after;
        if (after.Branch is { } branch && branch != _capsule.Branch)
        {
            _capsule.SwitchBranch(branch); // a fork leaves the instance on its branch
        }
        // Acknowledged: the next power loss must keep it.
        Assert.Null(cut.Difference(_capsule));
        _acked = cut;
        _pending = cut.Clone();
    }

    /// <summary>Opens the image and checks it equals one of the allowed models (the first that matches becomes the truth).</summary>
    private void Reopen(byte[] image, MemoryModel[] allowed)
    {
        _device = new PowerLossDevice(image);
        _capsule = Capsule.Open(_device, _options);
        var differences = new List<string>();
        foreach (var model in allowed)
        {
            var difference = model.Difference(_capsule);
            if (difference is null)
            {
                _acked = model.Clone();
                _pending = model.Clone();
                var report = Capsule.Verify(_device, _options.Password);
                Assert.True(report.Ok, "verify after recovery: " + string.Join("; ", report.Problems));
                AssertIndexesFindLiveFrames();
                return;
            }
            differences.Add(difference);
        }
        Assert.Fail("recovered state matches no allowed state: " + string.Join(" | ", differences));
    }

    /// <summary>The persisted and tail indexes agree with the recovered frames: each live frame's own vector and words find it.</summary>
    private void AssertIndexesFindLiveFrames()
    {
        foreach (var frame in _capsule.Frames().Where(f => f.Embedding is not null).Take(12))
        {
            var nearest = _capsule.SearchVectors(frame.Embedding, new VectorSearchOptions { K = 1, Exact = true });
            Assert.True(nearest.Count == 1 && nearest[0].FrameId == frame.Id && nearest[0].Distance == 0,
                $"after recovery, the vector of frame {frame.Id} finds {string.Join(",", nearest)}");
        }
        var recent = _capsule.Frames().LastOrDefault(f => f.Text.Length is > 0 and <= 60); // one token, within the analyzer's 64-char limit
        if (recent is not null)
        {
            Assert.Contains(recent.Id, _capsule.Search(recent.Text, new SearchOptions { K = 1000, Snippets = false, PlainWords = true }).Select(h => h.FrameId));
        }
    }

    private static string Text(int size) => size == 0 ? "" : new string((char)('a' + size % 26), size) + size;
}
