using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.History;

/// <summary>Diff between every pair of commits of random histories, against the two as-of views' live sets.</summary>
public sealed class DiffTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void DiffAccountsForExactlyTheFramesWhoseLivenessChanged(int seed)
    {
        var random = new Random(seed);
        var device = new MemoryDevice("diff");
        using (var c = Capsule.Create(device, new CapsuleOptions { Clock = new TestClock(), SealFrameThreshold = 7, RunMergeFactor = 2 }))
        {
            for (var i = 0; i < 60; i++)
            {
                var uri = $"u/{random.Next(8)}";
                switch (random.Next(4))
                {
                    case 0 or 1: c.Put($"v{i}", uri: uri); break;
                    case 2: if (c.TryGetByUri(uri, out _)) c.Update(uri, new FrameDraft($"w{i}")); break;
                    default: c.Delete(uri); break;
                }
                if (random.Next(3) == 0) c.Commit();
            }
            c.Commit();
        }
        var bytes = device.ToArray();
        using var head = Capsule.Open(new MemoryDevice("diff", bytes, readOnly: true), new CapsuleOptions { ReadOnly = true });
        var commits = head.Commits().Select(x => x.Sequence).Append(0UL).Order().ToList();
        Dictionary<ulong, string> Live(ulong sequence)
        {
            using var view = Capsule.OpenAsOf(new MemoryDevice("v", bytes, readOnly: true), AsOf.Commit(sequence));
            return view.Frames().ToDictionary(f => f.Id, f => f.Uri);
        }
        var checkedPairs = 0;
        foreach (var a in commits)
        {
            foreach (var b in commits.Where(b => b >= a))
            {
                var (liveA, liveB) = (Live(a), Live(b));
                var diff = head.Diff(AsOf.Commit(a), AsOf.Commit(b));
                Assert.Equal(liveB.Keys.Except(liveA.Keys).Order(), diff.Added.Concat(diff.Superseded.Select(s => s.New)).Order());
                Assert.Equal(liveA.Keys.Except(liveB.Keys).Order(), diff.Deleted.Concat(diff.Superseded.Select(s => s.Old)).Order());
                Assert.All(diff.Superseded, s => Assert.Equal(liveA[s.Old], liveB[s.New]));
                checkedPairs++;
            }
        }
        Assert.True(checkedPairs > 50);
        Assert.Throws<ArgumentException>(() => head.Diff(AsOf.Commit(commits[^1]), AsOf.Commit(1)));
    }
}
