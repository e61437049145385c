using Capsule.Indexing.Vector;

namespace Capsule.Tests.Vector;

/// <summary>Seeded vector generators, naive references and recall arithmetic shared by the vector tests.</summary>
internal static class VectorTestData
{
    /// <summary>The shared TEXMEX sets (../shared/datasets/vec next to the repository), or null when absent.</summary>
    public static string? DatasetDirectory
    {
        get
        {
            var dir = Path.GetFullPath(Path.Combine(RepoPaths.RepoRoot, "..", "shared", "datasets", "vec"));
            return Directory.Exists(dir) ? dir : null;
        }
    }

    public static float[] Uniform(Random random, int count, int dimension)
    {
        var values = new float[count * dimension];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }
        return values;
    }

    /// <summary>
    /// Embedding-like data: <paramref name="clusters"/> Gaussian centres, each point a centre plus
    /// Gaussian noise of <paramref name="spread"/>. Clusters are what makes HNSW's neighbour heuristic
    /// matter (the paper's section 4, Fig. 2); uniform data would flatter a naive selection.
    /// </summary>
    public static float[] Clustered(Random random, int count, int dimension, int clusters, double spread)
    {
        var centres = new double[clusters * dimension];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = Gaussian(random);
        }
        var values = new float[count * dimension];
        for (var row = 0; row < count; row++)
        {
            var centre = random.Next(clusters);
            for (var d = 0; d < dimension; d++)
            {
                values[(row * dimension) + d] = (float)(centres[(centre * dimension) + d] + (spread * Gaussian(random)));
            }
        }
        return values;
    }

    /// <summary>Scales every row to unit length when <paramref name="metric"/> is cosine (which requires it); otherwise leaves them.</summary>
    public static float[] PreparedFor(VectorMetric metric, float[] values, int dimension)
    {
        if (metric == VectorMetric.Cosine)
        {
            for (var offset = 0; offset < values.Length; offset += dimension)
            {
                Distance.Normalize(values.AsSpan(offset, dimension));
            }
        }
        return values;
    }

    public static VectorColumn Column(float[] values, int dimension)
    {
        var column = new VectorColumn(dimension);
        column.AppendRange(values);
        return column;
    }

    /// <summary>The textbook definitions, one float at a time, in double precision.</summary>
    public static double NaiveDistance(VectorMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, squares = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            var diff = (double)a[i] - b[i];
            squares += diff * diff;
        }
        return metric switch
        {
            VectorMetric.Cosine => 1 - dot,
            VectorMetric.Dot => -dot,
            VectorMetric.L2 => Math.Sqrt(squares),
            _ => throw new ArgumentOutOfRangeException(nameof(metric)),
        };
    }

    /// <summary>Mean fraction of each query's true top-k that the search returned.</summary>
    public static double Recall(IReadOnlyList<Neighbor[]> found, IReadOnlyList<int[]> truth, int k)
    {
        double total = 0;
        for (var q = 0; q < found.Count; q++)
        {
            var expected = truth[q].Take(k).ToHashSet();
            total += found[q].Take(k).Count(n => expected.Contains(n.Row)) / (double)k;
        }
        return total / found.Count;
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller; 1 - NextDouble() is in (0, 1], so the log is finite.
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
