using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Vector;

/// <summary>
/// Distance kernels over <see cref="ReadOnlySpan{T}"/> of float. The arithmetic is done by
/// <see cref="TensorPrimitives"/>, which picks the widest SIMD the CPU has (AVX-512, AVX2, NEON)
/// and handles any tail, so odd dimensions need no special case here.
/// </summary>
public static class Distance
{
    /// <summary>The distance under <paramref name="metric"/>; smaller is nearer for every metric.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Compute(VectorMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b) => metric switch
    {
        VectorMetric.Cosine => Cosine(a, b),
        VectorMetric.Dot => NegativeDot(a, b),
        VectorMetric.L2 => Euclidean(a, b),
        _ => ThrowUnknownMetric(metric),
    };

    /// <summary><c>1 - a·b</c>: cosine distance for vectors that are already unit length.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => 1f - TensorPrimitives.Dot(a, b);

    /// <summary><c>-a·b</c>, so that the largest inner product is the smallest distance.</summary>
    public static float NegativeDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => -TensorPrimitives.Dot(a, b);

    /// <summary>Euclidean distance <c>sqrt(Σ (a-b)²)</c>.</summary>
    public static float Euclidean(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Distance(a, b);

    /// <summary>
    /// Scales <paramref name="vector"/> to unit length in place, as <see cref="VectorMetric.Cosine"/>
    /// requires. A zero vector is left as it is (it has no direction; its cosine distance is 1 to everything).
    /// </summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0f)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    private static float ThrowUnknownMetric(VectorMetric metric) =>
        throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown vector metric");
}
