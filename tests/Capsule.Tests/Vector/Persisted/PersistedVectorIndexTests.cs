using Capsule.Indexing.Storage;
using Capsule.Indexing.Vector;
using Capsule.Indexing.Vector.Persisted;
using Xunit.Abstractions;

namespace Capsule.Tests.Vector.Persisted;

public sealed class PersistedVectorIndexTests(ITestOutputHelper output)
{
    private const int K = 10;

    [Theory]
    [InlineData(VectorMetric.L2)]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.Dot)]
    public void Exact_search_equals_a_naive_reference_by_frame_id(VectorMetric metric)
    {
        const int dimension = 13; // odd: rows are padded to 64 bytes in the payload
        var (rows, queries) = PersistedTestData.Set(11, 700, 20, dimension, metric);
        using var column = VectorTestData.Column(rows, dimension);
        var ids = PersistedTestData.FrameIds(700);
        using var payload = IndexPayload.FromBytes(VectorIndexWriter.Write(ids, column, metric));
        var index = PersistedVectorIndex.Open(payload);
        Assert.False(index.HasGraph); // below the graph threshold
        foreach (var query in queries)
        {
            var expected = Enumerable.Range(0, 700)
                .Select(r => (Id: ids[r], D: VectorTestData.NaiveDistance(metric, query, column.Row(r))))
                .OrderBy(x => x.D).ThenBy(x => x.Id).Take(K).ToArray();
            var found = index.ExactSearch(query, K);
            Assert.Equal(expected.Select(x => x.Id), found.Select(h => h.FrameId));
            for (var i = 0; i < K; i++)
            {
                Assert.True(Math.Abs(expected[i].D - found[i].Distance) < 1e-4, $"distance {found[i].Distance} vs naive {expected[i].D}");
            }
            Assert.Equal(found, index.Search(query, K)); // no graph: Search is exact
        }
    }

    [Theory]
    [InlineData(VectorMetric.L2)]
    [InlineData(VectorMetric.Cosine)]
    public void Persisted_graph_gives_the_in_memory_graphs_results(VectorMetric metric)
    {
        const int dimension = 32, count = 3000;
        var (rows, queries) = PersistedTestData.Set(21, count, 50, dimension, metric);
        using var column = VectorTestData.Column(rows, dimension);
        var ids = PersistedTestData.FrameIds(count);
        var parameters = new HnswParameters { M = 8, EfConstruction = 100 };
        using var payload = IndexPayload.FromBytes(VectorIndexWriter.Write(ids, column, metric, VectorStorage.F32, parameters, graphThreshold: 0));
        var index = PersistedVectorIndex.Open(payload);
        var graph = HnswBuilder.Build(column, metric, parameters);
        Assert.Equal((graph.EntryPoint, graph.MaxLevel), (index.EntryPoint, index.MaxLevel));
        var search = new HnswSearch(graph);
        foreach (var query in queries)
        {
            // Ids equal; distances within float rounding, since Search re-normalizes cosine queries.
            var expected = search.Search(query, K, 40);
            var found = index.Search(query, K, 40);
            Assert.Equal(expected.Select(n => ids[n.Row]), found.Select(h => h.FrameId));
            Assert.All(expected.Zip(found), pair => Assert.True(Math.Abs(pair.First.Distance - pair.Second.Distance) < 1e-5));
        }
    }

    [Theory]
    [InlineData(VectorStorage.F32, 0.95)]
    [InlineData(VectorStorage.F16, 0.95)]
    [InlineData(VectorStorage.Int8, 0.93)]
    public void Recall_at_10_on_a_seeded_clustered_set_stays_above_its_floor(VectorStorage storage, double floor)
    {
        const int dimension = 48, count = 5000, seed = 31;
        var (rows, queries) = PersistedTestData.Set(seed, count, 100, dimension, VectorMetric.Cosine);
        using var column = VectorTestData.Column(rows, dimension);
        var ids = PersistedTestData.FrameIds(count);
        using var payload = IndexPayload.FromBytes(VectorIndexWriter.Write(ids, column, VectorMetric.Cosine, storage));
        var index = PersistedVectorIndex.Open(payload);
        Assert.Equal(storage, index.Storage);
        var truth = queries.Select(q => index.ExactSearch(q, K)).ToArray();
        var found = queries.Select(q => index.Search(q, K, 64)).ToArray();
        var recall = PersistedTestData.Recall(found, truth, K);
        output.WriteLine($"{storage}: recall@10 {recall:F4} (seed {seed})");
        Assert.True(recall >= floor, $"{storage} recall@10 {recall:F4} < {floor} (seed {seed})");
        // Re-ranked distances are the exact float32 distances of the returned frames.
        for (var q = 0; q < queries.Length; q++)
        {
            Assert.True(index.TryGetRow(found[q][0].FrameId, out var row));
            Assert.Equal(Distance.Compute(VectorMetric.Cosine, queries[q], column.Row(row)), found[q][0].Distance, 5);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(0.02)]
    public void Filtered_search_equals_exact_filtered_search_on_a_small_set(double fraction)
    {
        const int dimension = 16, count = 2500;
        var (rows, queries) = PersistedTestData.Set(41, count, 30, dimension, VectorMetric.L2);
        using var column = VectorTestData.Column(rows, dimension);
        var ids = PersistedTestData.FrameIds(count);
        using var payload = IndexPayload.FromBytes(VectorIndexWriter.Write(ids, column, VectorMetric.L2, graphThreshold: 0));
        var index = PersistedVectorIndex.Open(payload);
        var modulus = (ulong)Math.Round(1 / fraction);
        bool Accept(ulong id) => (id * 2654435761UL) % modulus == 0;
        var exact = queries.Select(q => index.ExactSearch(q, K, Accept)).ToArray();
        var found = queries.Select(q => index.Search(q, K, 64, Accept)).ToArray();
        Assert.All(found.SelectMany(h => h), h => Assert.True(Accept(h.FrameId)));
        var recall = PersistedTestData.Recall(found, exact, K);
        output.WriteLine($"accepting {fraction:P0}: recall@10 {recall:F4} against exact filtered");
        Assert.True(recall >= 0.98, $"filtered recall {recall:F4}");
        if (fraction < PersistedVectorIndex.FilteredExactBelow)
        {
            Assert.Equal(exact, found); // selective: planned as exact
        }
    }

    [Fact]
    public void Frame_ids_rows_and_vectors_round_trip()
    {
        const int dimension = 5;
        var (rows, _) = PersistedTestData.Set(51, 100, 0, dimension, VectorMetric.L2);
        using var column = VectorTestData.Column(rows, dimension);
        var ids = PersistedTestData.FrameIds(100, first: 1000);
        using var payload = IndexPayload.FromBytes(VectorIndexWriter.Write(ids, column, VectorMetric.L2, VectorStorage.Int8));
        var index = PersistedVectorIndex.Open(payload);
        Assert.Equal((dimension, VectorMetric.L2, VectorStorage.Int8, 100), (index.Dimension, index.Metric, index.Storage, index.Count));
        var vector = new float[dimension];
        for (var row = 0; row < 100; row++)
        {
            Assert.Equal(ids[row], index.FrameId(row));
            Assert.True(index.TryGetRow(ids[row], out var found));
            Assert.Equal(row, found);
            index.ReadVector(row, vector);
            Assert.Equal(column.Row(row).ToArray(), vector);
        }
        Assert.False(index.TryGetRow(1001, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.FrameId(100));
        Assert.Throws<ArgumentException>(() => index.Search(new float[dimension + 1], K));
    }

    [Fact]
    public void Writer_refuses_frame_ids_that_are_not_strictly_ascending()
    {
        using var column = VectorTestData.Column(new float[8], 4);
        Assert.Throws<ArgumentException>(() => VectorIndexWriter.Write([5, 5], column, VectorMetric.L2));
        Assert.Throws<ArgumentException>(() => VectorIndexWriter.Write([1], column, VectorMetric.L2));
    }

    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        var (rows, _) = PersistedTestData.Set(61, 500, 0, 8, VectorMetric.L2);
        using var column = VectorTestData.Column(rows, 8);
        var ids = PersistedTestData.FrameIds(500);
        Assert.Equal(VectorIndexWriter.Write(ids, column, VectorMetric.L2, VectorStorage.F16, graphThreshold: 0),
            VectorIndexWriter.Write(ids, column, VectorMetric.L2, VectorStorage.F16, graphThreshold: 0));
    }
}
