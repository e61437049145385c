using System.Diagnostics;
using Capsule.Indexing.Vector;
using Xunit.Abstractions;

namespace Capsule.Tests.Vector;

/// <summary>
/// Recall@10 floors for HNSW at the documented defaults (M = 16, efConstruction = 200, ef = 64):
/// hnswlib reaches 0.95+ there on these sizes, so a lower figure means a bug, not a tuning question.
/// </summary>
public sealed class HnswRecallTests(ITestOutputHelper output)
{
    private const int K = 10;

    [Fact]
    public void Recall_at_10_on_a_seeded_clustered_5000_by_64_set_is_at_least_0_95()
    {
        const int seed = 4242, dimension = 64;
        var random = new Random(seed);
        var values = VectorTestData.Clustered(random, 5000 + 100, dimension, clusters: 50, spread: 1.0);
        using var column = VectorTestData.Column(values.AsSpan(0, 5000 * dimension).ToArray(), dimension);
        var queries = Enumerable.Range(5000, 100).Select(row => values.AsSpan(row * dimension, dimension).ToArray()).ToArray();
        var truth = queries.Select(q => ExactSearch.TopK(column, q, K, VectorMetric.L2).Select(n => n.Row).ToArray()).ToArray();

        var recall = Measure(column, VectorMetric.L2, queries, truth, ef: 64, $"clustered 5000x64 seed {seed}");
        Assert.True(recall >= 0.95, $"recall@10 {recall:F4} < 0.95 (seed {seed})");
    }

    [Fact]
    public void Recall_at_10_on_sift5k_against_its_ground_truth_is_at_least_0_95()
    {
        var dir = VectorTestData.DatasetDirectory;
        if (dir is null)
        {
            // Not a skip: the synthetic test above always runs; this one needs the team's shared data.
            output.WriteLine("sift5k not checked: ../shared/datasets/vec does not exist next to the repository");
            return;
        }
        var base_ = FvecsReader.ReadFvecs(Path.Combine(dir, "sift5k_base.fvecs"));
        var queryFile = FvecsReader.ReadFvecs(Path.Combine(dir, "sift5k_query.fvecs"));
        var groundTruth = FvecsReader.ReadIvecs(Path.Combine(dir, "sift5k_groundtruth.ivecs"));
        Assert.Equal((4900, 128, 100, 100), (base_.Count, base_.Dimension, queryFile.Count, groundTruth.Count));

        using var column = VectorTestData.Column(base_.Values, base_.Dimension);
        var queries = Enumerable.Range(0, queryFile.Count).Select(q => queryFile.Row(q).ToArray()).ToArray();
        var truth = Enumerable.Range(0, groundTruth.Count).Select(q => groundTruth.Row(q).ToArray()).ToArray();

        // The exact search agrees with the published ground truth (same distance, same order up to ties).
        var exact = queries.Select(q => ExactSearch.TopK(column, q, K, VectorMetric.L2)).ToArray();
        Assert.True(VectorTestData.Recall(exact, truth, K) >= 0.99, "exact search disagrees with sift5k_groundtruth.ivecs");

        var recall = Measure(column, VectorMetric.L2, queries, truth, ef: 64, "sift5k");
        Assert.True(recall >= 0.95, $"sift5k recall@10 {recall:F4} < 0.95");
    }

    [Fact]
    public void Recall_at_10_on_minilm778_cosine_against_its_ground_truth_is_at_least_0_95()
    {
        var dir = VectorTestData.DatasetDirectory;
        if (dir is null)
        {
            output.WriteLine("minilm778 not checked: ../shared/datasets/vec does not exist next to the repository");
            return;
        }
        var base_ = FvecsReader.ReadFvecs(Path.Combine(dir, "minilm778_base.fvecs"));
        var queryFile = FvecsReader.ReadFvecs(Path.Combine(dir, "minilm778_query.fvecs"));
        var groundTruth = FvecsReader.ReadIvecs(Path.Combine(dir, "minilm778_groundtruth.ivecs"));
        var values = (float[])base_.Values.Clone();
        for (var row = 0; row < base_.Count; row++)
        {
            Distance.Normalize(values.AsSpan(row * base_.Dimension, base_.Dimension));
        }
        using var column = VectorTestData.Column(values, base_.Dimension);
        var queries = Enumerable.Range(0, queryFile.Count).Select(q =>
        {
            var query = queryFile.Row(q).ToArray();
            Distance.Normalize(query);
            return query;
        }).ToArray();
        var truth = Enumerable.Range(0, groundTruth.Count).Select(q => groundTruth.Row(q).ToArray()).ToArray();

        var recall = Measure(column, VectorMetric.Cosine, queries, truth, ef: 64, "minilm778");
        Assert.True(recall >= 0.95, $"minilm778 recall@10 {recall:F4} < 0.95");
    }

    private double Measure(VectorColumn column, VectorMetric metric, float[][] queries, int[][] truth, int ef, string name)
    {
        var build = Stopwatch.StartNew();
        var graph = HnswBuilder.Build(column, metric);
        build.Stop();
        var search = new HnswSearch(graph);
        var timer = Stopwatch.StartNew();
        var found = queries.Select(q => search.Search(q, K, ef)).ToArray();
        timer.Stop();
        var recall = VectorTestData.Recall(found, truth, K);
        output.WriteLine($"{name}: n={column.Count} dim={column.Dimension} build {build.ElapsedMilliseconds} ms, " +
            $"{queries.Length} queries {timer.Elapsed.TotalMilliseconds:F1} ms, ef={ef} recall@10={recall:F4}, levels={graph.MaxLevel + 1}");
        return recall;
    }
}
