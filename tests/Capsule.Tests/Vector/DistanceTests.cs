using Capsule.Indexing.Vector;

namespace Capsule.Tests.Vector;

public sealed class DistanceTests
{
    private const int Seed = 20240401;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(127)]
    [InlineData(385)]
    public void Kernels_equal_a_naive_loop_on_odd_dimensions(int dimension)
    {
        var random = new Random(Seed + dimension);
        for (var trial = 0; trial < 20; trial++)
        {
            var a = VectorTestData.Uniform(random, 1, dimension);
            var b = VectorTestData.Uniform(random, 1, dimension);
            foreach (var metric in new[] { VectorMetric.Dot, VectorMetric.L2 })
            {
                AssertClose(VectorTestData.NaiveDistance(metric, a, b), Distance.Compute(metric, a, b), dimension, metric);
            }
            Distance.Normalize(a);
            Distance.Normalize(b);
            AssertClose(VectorTestData.NaiveDistance(VectorMetric.Cosine, a, b), Distance.Compute(VectorMetric.Cosine, a, b), dimension, VectorMetric.Cosine);
        }
    }

    [Fact]
    public void Cosine_on_normalized_vectors_equals_the_cosine_formula()
    {
        float[] a = [3, 4, 0];
        float[] b = [4, 3, 0];
        Distance.Normalize(a);
        Distance.Normalize(b);
        // cos = (12 + 12) / 25 = 0.96.
        Assert.Equal(0.04f, Distance.Cosine(a, b), 5);
        Assert.Equal(1f, a[0] * a[0] + a[1] * a[1], 5);
    }

    [Fact]
    public void Normalize_leaves_a_zero_vector_alone()
    {
        float[] zero = [0, 0, 0];
        Distance.Normalize(zero);
        Assert.Equal([0f, 0f, 0f], zero);
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        Assert.Throws<ArgumentException>(() => Distance.Compute(VectorMetric.L2, new float[3], new float[4]));
    }

    private static void AssertClose(double expected, float actual, int dimension, VectorMetric metric)
    {
        var tolerance = 1e-5 * Math.Max(1, Math.Abs(expected)) * Math.Sqrt(dimension);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{metric} dim {dimension} seed {Seed}: expected {expected}, got {actual}");
    }
}
