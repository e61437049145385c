using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Capsule.Indexing.Vector.Quantization;

namespace Capsule.Indexing.Vector.Persisted;

/// <summary>
/// How a persisted index computes the distance from the query to a node's stored row during the graph
/// walk: straight over float32 rows, or by decoding a compact row (binary16, int8) into a scratch
/// buffer in L1 and running the float32 kernel on it. Decoding keeps every distance going through
/// <see cref="TensorPrimitives"/> (whose Half kernels convert element-wise anyway) at the price of one
/// extra pass over a row that is already in cache; the compact rows' gain is fewer cache lines fetched.
/// </summary>
/// <remarks>SAFETY: every struct holds raw pointers into the payload and a pinned scratch buffer; the
/// caller passes only verified nodes (see <see cref="PersistedGraphView{TRows}"/>).</remarks>
internal interface IRowCodec
{
    float Between(ReadOnlySpan<float> query, int node);

    void Prefetch(int node);
}

internal readonly unsafe struct F32Rows<TMetric>(byte* rows, long stride, int dimension) : IRowCodec
    where TMetric : struct, IMetricKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Between(ReadOnlySpan<float> query, int node) =>
        TMetric.Between(query, new ReadOnlySpan<float>(rows + (node * stride), dimension));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int node)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(rows + (node * stride));
        }
    }
}

internal readonly unsafe struct F16Rows<TMetric>(byte* rows, long stride, int dimension, float* scratch) : IRowCodec
    where TMetric : struct, IMetricKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Between(ReadOnlySpan<float> query, int node)
    {
        var decoded = new Span<float>(scratch, dimension);
        TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(rows + (node * stride), dimension), decoded);
        return TMetric.Between(query, decoded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int node)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(rows + (node * stride));
        }
    }
}

internal readonly unsafe struct Int8Rows<TMetric>(byte* rows, long stride, int dimension, float* min, float* scale, float* scratch) : IRowCodec
    where TMetric : struct, IMetricKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Between(ReadOnlySpan<float> query, int node)
    {
        var decoded = new Span<float>(scratch, dimension);
        ScalarQuantizer.Decode(new ReadOnlySpan<byte>(rows + (node * stride), dimension),
            new ReadOnlySpan<float>(min, dimension), new ReadOnlySpan<float>(scale, dimension), decoded);
        return TMetric.Between(query, decoded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int node)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(rows + (node * stride));
        }
    }
}
