using Capsule.Indexing.Vector;

namespace Capsule.Tests.Vector;

public sealed class ExactSearchTests
{
    private const int Seed = 1234;

    [Theory]
    [InlineData(VectorMetric.L2)]
    [InlineData(VectorMetric.Dot)]
    [InlineData(VectorMetric.Cosine)]
    public void Top_k_equals_a_naive_sort(VectorMetric metric)
    {
        var random = new Random(Seed);
        const int dimension = 19;
        var values = VectorTestData.PreparedFor(metric, VectorTestData.Uniform(random, 700, dimension), dimension);
        using var column = VectorTestData.Column(values, dimension);
        foreach (var filter in new Func<int, bool>?[] { null, row => row % 5 == 2 })
        {
            foreach (var k in new[] { 1, 10, 200, 1000 })
            {
                var query = VectorTestData.Uniform(random, 1, dimension);
                var actual = ExactSearch.TopK(column, query, k, metric, filter);
                var expected = Enumerable.Range(0, column.Count)
                    .Where(row => filter is null || filter(row))
                    .Select(row => (Row: row, Distance: Distance.Compute(metric, query, column.Row(row))))
                    .OrderBy(n => n.Distance).ThenBy(n => n.Row)
                    .Take(k)
                    .ToArray();
                Assert.Equal(expected.Select(n => n.Row), actual.Select(n => n.Row));
                Assert.Equal(expected.Select(n => n.Distance), actual.Select(n => n.Distance));
                // The kernel agrees with the textbook formula, so the naive sort above is a real reference.
                Assert.All(actual, n => Assert.True(
                    Math.Abs(n.Distance - VectorTestData.NaiveDistance(metric, query, column.Row(n.Row))) < 1e-4,
                    $"seed {Seed} row {n.Row}"));
            }
        }
    }

    [Fact]
    public void Equal_distances_rank_by_row()
    {
        using var column = new VectorColumn(2);
        for (var i = 0; i < 6; i++)
        {
            column.Append([1, 1]);
        }
        var result = ExactSearch.TopK(column, [0, 0], 3, VectorMetric.L2);
        Assert.Equal([0, 1, 2], result.Select(n => n.Row));
    }

    [Fact]
    public void Bad_arguments_throw()
    {
        using var column = new VectorColumn(3);
        column.Append([1, 2, 3]);
        Assert.Throws<ArgumentException>(() => ExactSearch.TopK(column, new float[2], 1, VectorMetric.L2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactSearch.TopK(column, new float[3], 0, VectorMetric.L2));
    }
}
