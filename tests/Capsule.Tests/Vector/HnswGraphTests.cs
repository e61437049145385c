using Capsule.Indexing.Vector;

namespace Capsule.Tests.Vector;

public sealed class HnswGraphTests
{
    private const int Seed = 99;
    private const int Dimension = 16;

    [Theory]
    [InlineData(3)]
    [InlineData(50)]
    public void Filtered_search_matches_exact_filtered_search_on_a_small_set(int modulus)
    {
        var random = new Random(Seed);
        using var column = VectorTestData.Column(VectorTestData.Clustered(random, 800, Dimension, clusters: 8, spread: 0.3), Dimension);
        var graph = HnswBuilder.Build(column, VectorMetric.L2, new HnswParameters { M = 8, EfConstruction = 100 });
        var search = new HnswSearch(graph);
        Func<int, bool> filter = row => row % modulus == 1;
        for (var q = 0; q < 20; q++)
        {
            var query = VectorTestData.Uniform(random, 1, Dimension);
            var expected = ExactSearch.TopK(column, query, 10, VectorMetric.L2, filter);
            // ef = n: the walk may not stop before it has seen every reachable node, so any miss
            // is a filter bug (a rejected node not expanded, or an accepted one dropped), not approximation.
            var actual = search.Search(query, 10, ef: column.Count, filter);
            Assert.Equal(expected, actual);
            Assert.All(search.Search(query, 10, filter: filter), n => Assert.True(filter(n.Row)));
        }
    }

    [Fact]
    public void The_same_seed_builds_the_same_graph_and_links_respect_the_limits()
    {
        var random = new Random(Seed);
        var values = VectorTestData.Clustered(random, 1500, Dimension, clusters: 10, spread: 0.3);
        using var first = VectorTestData.Column(values, Dimension);
        using var second = VectorTestData.Column(values, Dimension);
        var parameters = new HnswParameters { M = 6, EfConstruction = 40, Seed = 7 };
        var a = HnswBuilder.Build(first, VectorMetric.L2, parameters);
        var b = HnswBuilder.Build(second, VectorMetric.L2, parameters);

        Assert.Equal((a.EntryPoint, a.MaxLevel), (b.EntryPoint, b.MaxLevel));
        Assert.True(a.MaxLevel >= 1, "1,500 nodes at M = 6 should reach layer 1");
        var perLayer = new int[a.MaxLevel + 1];
        for (var node = 0; node < a.Count; node++)
        {
            Assert.Equal(a.Level(node), b.Level(node));
            for (var layer = 0; layer <= a.Level(node); layer++)
            {
                perLayer[layer]++;
                var links = a.Neighbors(node, layer);
                Assert.Equal(links.ToArray(), b.Neighbors(node, layer).ToArray());
                Assert.InRange(links.Length, 1, layer == 0 ? 12 : 6);
                foreach (var link in links)
                {
                    Assert.NotEqual(node, link);
                    Assert.True(a.Level(link) >= layer, $"node {node} links to {link}, which is not on layer {layer}");
                }
            }
        }
        // mL = 1/ln(M): each layer holds about 1/M of the one below (the paper's section 4.1).
        Assert.InRange(perLayer[1], 1500 / 6 / 2, 1500 / 6 * 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Neighbors(0, a.Level(0) + 1));
    }

    [Fact]
    public void Rows_appended_later_are_found_and_empty_graphs_return_nothing()
    {
        using var column = new VectorColumn(2);
        var builder = new HnswBuilder(column, VectorMetric.L2);
        Assert.Empty(new HnswSearch(builder.Graph).Search([0, 0], 5));
        for (var i = 0; i < 100; i++)
        {
            column.Append([i, -i]);
        }
        builder.AddPendingRows();
        column.Append([1000, 1000]);
        builder.AddPendingRows();
        var result = new HnswSearch(builder.Graph).Search([999, 999], 1);
        Assert.Equal(100, Assert.Single(result).Row);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswBuilder(column, VectorMetric.L2, new HnswParameters { M = 1 }));
        Assert.Throws<ArgumentException>(() => new HnswSearch(builder.Graph).Search([1, 2, 3], 1));
    }

    [Theory]
    [InlineData(VectorMetric.L2)]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.Dot)]
    public void Cached_link_distances_equal_the_distances_recomputed_from_the_vectors(VectorMetric metric)
    {
        // The builder prunes full link lists with the distances it cached when it added each link
        // (HnswGraph's remarks); a wrong cached value would silently change which links survive.
        // 16 floats per row: every row starts 64-byte aligned, so the cached d(b, a) must equal
        // d(a, b) bit for bit.
        var random = new Random(Seed);
        var values = VectorTestData.PreparedFor(metric, VectorTestData.Clustered(random, 1200, Dimension, clusters: 6, spread: 0.3), Dimension);
        using var column = VectorTestData.Column(values, Dimension);
        var graph = HnswBuilder.Build(column, metric, new HnswParameters { M = 4, EfConstruction = 32 });
        var pruned = 0;
        for (var node = 0; node < graph.Count; node++)
        {
            for (var layer = 0; layer <= graph.Level(node); layer++)
            {
                var links = graph.Neighbors(node, layer);
                var distances = graph.LinkDistancesUnchecked(node, layer);
                Assert.Equal(links.Length, distances.Length);
                for (var i = 0; i < links.Length; i++)
                {
                    Assert.Equal(Distance.Compute(metric, column.Row(node), column.Row(links[i])), distances[i]);
                }
                pruned += links.Length < (layer == 0 ? 8 : 4) ? 1 : 0;
            }
        }
        Assert.True(pruned > 0, "at M = 4 some link lists must have been pruned by the heuristic, or the cache was never read");
    }
}
