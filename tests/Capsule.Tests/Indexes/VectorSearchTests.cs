using Capsule.Indexing.Vector;
using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Indexes;

/// <summary>k-NN through the capsule: sealed runs' graphs plus the exact tail, against a naive reference over live frames.</summary>
public sealed class VectorSearchTests
{
    private const int Dimension = 16;

    private static float[] RandomVector(Random random)
    {
        var v = new float[Dimension];
        for (var i = 0; i < v.Length; i++) v[i] = (float)(random.NextDouble() * 2 - 1);
        return v;
    }

    /// <summary>5,000 vectors in commits of 250, runs sealed at 2,500 frames (graphs), some updated and deleted; the rest in the tail.</summary>
    private static (MemoryDevice Device, Dictionary<ulong, float[]> Live) Build(VectorMetric metric)
    {
        var random = new Random(11);
        var device = new MemoryDevice("vectors");
        var live = new Dictionary<ulong, float[]>();
        var byUri = new Dictionary<string, ulong>();
        var options = new CapsuleOptions { Clock = new TestClock(), SealFrameThreshold = 2500, RunMergeFactor = 3, Indexing = new IndexSettings { Embedding = new EmbeddingBinding(Dimension, metric, "test-model") } };
        using var c = Capsule.Create(device, options);
        for (var i = 0; i < 5000; i++)
        {
            var uri = $"v/{(i % 7 == 0 ? random.Next(i + 1) : i)}";
            var v = RandomVector(random);
            var id = c.Put(new FrameDraft($"vector {i}") { Uri = uri, Embedding = v, Kind = i % 2 == 0 ? FrameKind.Fact : FrameKind.Note });
            if (byUri.Remove(uri, out var old)) live.Remove(old);
            byUri[uri] = id;
            live[id] = v;
            if (i % 97 == 0 && byUri.Count > 10)
            {
                var victim = byUri.Keys.ElementAt(random.Next(byUri.Count));
                c.Delete(victim);
                live.Remove(byUri[victim]);
                byUri.Remove(victim);
            }
            if (i % 250 == 249) c.Commit();
        }
        c.Commit();
        return (device, live);
    }

    private static List<ulong> Naive(Dictionary<ulong, float[]> live, float[] query, VectorMetric metric, int k, Func<ulong, bool>? accept = null)
    {
        var q = query.ToArray();
        if (metric == VectorMetric.Cosine) Distance.Normalize(q);
        return live.Where(p => accept?.Invoke(p.Key) ?? true)
            .Select(p =>
            {
                var row = p.Value.ToArray();
                if (metric == VectorMetric.Cosine) Distance.Normalize(row);
                return (Id: p.Key, D: Distance.Compute(metric, q, row));
            })
            .OrderBy(x => x.D).ThenBy(x => x.Id).Take(k).Select(x => x.Id).ToList();
    }

    [Theory]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.L2)]
    [InlineData(VectorMetric.Dot)]
    public void ExactSearchEqualsANaiveScanOfLiveFramesAndTheGraphsKeepRecall(VectorMetric metric)
    {
        var (device, live) = Build(metric);
        using var c = Capsule.Open(new MemoryDevice("vectors", device.ToArray(), readOnly: true), new CapsuleOptions { ReadOnly = true });
        Assert.Equal(metric, c.Settings.Embedding!.Metric);
        var random = new Random(5);
        double found = 0, wanted = 0;
        for (var q = 0; q < 40; q++)
        {
            var query = RandomVector(random);
            var expected = Naive(live, query, metric, 10);
            Assert.Equal(expected, c.SearchVectors(query, new VectorSearchOptions { K = 10, Exact = true }).Select(h => h.FrameId).ToList());
            var approximate = c.SearchVectors(query, new VectorSearchOptions { K = 10, Ef = 64 }).Select(h => h.FrameId).ToList();
            Assert.All(approximate, id => Assert.True(live.ContainsKey(id), $"frame {id} is not live"));
            found += approximate.Intersect(expected).Count();
            wanted += expected.Count;
        }
        Assert.True(found / wanted >= 0.95, $"recall@10 {found / wanted:F3} below 0.95");
    }

    [Fact]
    public void FilteredSearchMatchesExactFilteredSearch()
    {
        var (device, live) = Build(VectorMetric.L2);
        using var c = Capsule.Open(new MemoryDevice("vectors", device.ToArray(), readOnly: true), new CapsuleOptions { ReadOnly = true });
        var kinds = live.Keys.ToDictionary(id => id, id => c.Get(id).Kind);
        var random = new Random(9);
        for (var q = 0; q < 20; q++)
        {
            var query = RandomVector(random);
            var expected = Naive(live, query, VectorMetric.L2, 5, id => kinds[id] == FrameKind.Note);
            var filter = new SearchFilter { Kind = FrameKind.Note };
            Assert.Equal(expected, c.SearchVectors(query, new VectorSearchOptions { K = 5, Exact = true, Filter = filter }).Select(h => h.FrameId).ToList());
            var approximate = c.SearchVectors(query, new VectorSearchOptions { K = 5, Ef = 128, Filter = filter }).Select(h => h.FrameId).ToList();
            Assert.All(approximate, id => Assert.Equal(FrameKind.Note, kinds[id]));
            Assert.True(approximate.Intersect(expected).Count() >= 4, $"query {q}: filtered recall too low");
        }
    }

    [Fact]
    public void ResultsSurviveCloseAndReopenIdentically()
    {
        var (device, _) = Build(VectorMetric.Cosine);
        var bytes = device.ToArray();
        var query = RandomVector(new Random(3));
        List<VectorSearchHit> first, second;
        using (var c = Capsule.Open(new MemoryDevice("a", bytes, readOnly: true), new CapsuleOptions { ReadOnly = true }))
        {
            first = c.SearchVectors(query, new VectorSearchOptions { K = 10 }).ToList();
        }
        using (var c = Capsule.Open(new MemoryDevice("b", bytes, readOnly: true), new CapsuleOptions { ReadOnly = true }))
        {
            second = c.SearchVectors(query, new VectorSearchOptions { K = 10 }).ToList();
        }
        Assert.Equal(first, second);
        Assert.Equal(10, first.Count);
    }

    [Fact]
    public void AQueryOfTheWrongDimensionAndAConflictingBindingAreRefused()
    {
        var device = new MemoryDevice("dims");
        using var c = Capsule.Create(device);
        c.BindEmbedding(new EmbeddingBinding(4, VectorMetric.L2, "m1"));
        c.Put(new FrameDraft("a") { Embedding = [1, 0, 0, 0] });
        c.Commit();
        Assert.Throws<EmbeddingMismatchException>(() => c.SearchVectors(new float[3]));
        var e = Assert.Throws<EmbeddingMismatchException>(() => c.BindEmbedding(new EmbeddingBinding(4, VectorMetric.L2, "m2")));
        Assert.Contains("m1", e.Message);
        c.BindEmbedding(new EmbeddingBinding(4, VectorMetric.L2, "m1"));
        Assert.Equal(0UL, c.SearchVectors([1, 0, 0, 0]).Single().FrameId);
    }
}
