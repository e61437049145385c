using BenchmarkDotNet.Attributes;
using Capsule.Indexing.Vector;

namespace Capsule.Benchmarks;

/// <summary>
/// The distance kernels every vector search spends its time in (TensorPrimitives, SIMD), at the
/// dimensions of the datasets (SIFT 128, MiniLM 384), and the exact-search scan they add up to:
/// 10,000 rows of 384 dimensions, top 10. Run: <c>-- --filter '*VectorKernel*'</c>.
/// </summary>
[ShortRunJob]
public class VectorKernelBenchmarks
{
    private float[] _a = [], _b = [];
    private VectorColumn _rows = null!;
    private float[] _query = [];

    [Params(128, 384)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _a = Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble()).ToArray();
        _b = Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble()).ToArray();
        _query = Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble()).ToArray();
        _rows = new VectorColumn(Dimension, 10_000);
        var row = new float[Dimension];
        for (var i = 0; i < 10_000; i++)
        {
            for (var d = 0; d < Dimension; d++) row[d] = (float)random.NextDouble();
            _rows.Append(row);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _rows.Dispose();

    [Benchmark]
    public float Euclidean() => Distance.Euclidean(_a, _b);

    [Benchmark]
    public float Cosine() => Distance.Cosine(_a, _b);

    [Benchmark]
    public float NegativeDot() => Distance.NegativeDot(_a, _b);

    [Benchmark]
    public int ExactTop10Of10k() => ExactSearch.TopK(_rows, _query, 10, VectorMetric.L2).Length;
}
