using Capsule.Indexing.Storage;
using Capsule.Indexing.Vector;
using Capsule.Indexing.Vector.Persisted;
using Xunit.Abstractions;

namespace Capsule.Tests.Vector.Persisted;

public sealed class VectorIndexMergerTests(ITestOutputHelper output)
{
    private const int K = 10;

    [Fact]
    public void Merging_runs_has_the_recall_of_a_fresh_build_and_every_row()
    {
        const int dimension = 32, seed = 71;
        // The largest part is not first: its rows go first into the merged column, so the writer must renumber.
        int[] sizes = [400, 2500, 300, 800];
        var total = sizes.Sum();
        var (rows, queries) = PersistedTestData.Set(seed, total, 100, dimension, VectorMetric.L2);
        var ids = PersistedTestData.FrameIds(total);
        var payloads = new List<IndexPayload>();
        var parts = new List<PersistedVectorIndex>();
        var start = 0;
        foreach (var size in sizes)
        {
            using var column = VectorTestData.Column(rows.AsSpan(start * dimension, size * dimension).ToArray(), dimension);
            var payload = IndexPayload.FromBytes(VectorIndexWriter.Write(ids[start..(start + size)], column, VectorMetric.L2, graphThreshold: 1000));
            payloads.Add(payload);
            parts.Add(PersistedVectorIndex.Open(payload));
            start += size;
        }
        Assert.Equal([false, true, false, false], parts.Select(p => p.HasGraph));

        using var merged = IndexPayload.FromBytes(VectorIndexMerger.Merge(parts));
        var index = PersistedVectorIndex.Open(merged);
        Assert.Equal(total, index.Count);
        Assert.True(index.HasGraph);
        Assert.Equal(ids, Enumerable.Range(0, total).Select(index.FrameId));

        using var all = VectorTestData.Column(rows, dimension);
        using var freshPayload = IndexPayload.FromBytes(VectorIndexWriter.Write(ids, all, VectorMetric.L2));
        var fresh = PersistedVectorIndex.Open(freshPayload);
        var truth = queries.Select(q => fresh.ExactSearch(q, K)).ToArray();
        var mergedRecall = PersistedTestData.Recall(queries.Select(q => index.Search(q, K, 64)).ToArray(), truth, K);
        var freshRecall = PersistedTestData.Recall(queries.Select(q => fresh.Search(q, K, 64)).ToArray(), truth, K);
        output.WriteLine($"recall@10 merged {mergedRecall:F4}, fresh {freshRecall:F4} (seed {seed})");
        Assert.True(mergedRecall >= 0.95 && mergedRecall >= freshRecall - 0.02, $"merged {mergedRecall:F4} vs fresh {freshRecall:F4}");
        // Every row is findable: its own vector's nearest neighbour is itself.
        var vector = new float[dimension];
        for (var row = 0; row < total; row += 37)
        {
            index.ReadVector(row, vector);
            Assert.Equal(index.FrameId(row), index.Search(vector, 1, 64)[0].FrameId);
        }
        payloads.ForEach(p => p.Dispose());
    }

    [Fact]
    public void Merge_refuses_parts_of_different_dimension()
    {
        using var a = VectorTestData.Column(new float[8], 4);
        using var b = VectorTestData.Column(new float[6], 3);
        using var pa = IndexPayload.FromBytes(VectorIndexWriter.Write([1, 2], a, VectorMetric.L2));
        using var pb = IndexPayload.FromBytes(VectorIndexWriter.Write([3, 4], b, VectorMetric.L2));
        Assert.Throws<ArgumentException>(() => VectorIndexMerger.Merge([PersistedVectorIndex.Open(pa), PersistedVectorIndex.Open(pb)]));
    }
}
