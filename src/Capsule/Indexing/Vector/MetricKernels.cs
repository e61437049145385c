using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Vector;

/// <summary>
/// One distance function per metric as a struct type, so the search loops are compiled once per
/// metric (generic over <c>TMetric : struct</c>) and the metric switch of <see cref="Distance.Compute"/>
/// runs once per search instead of once per distance. Each kernel calls the same
/// <see cref="Distance"/> function as <see cref="Distance.Compute"/>, so the values are bit-identical.
/// </summary>
internal interface IMetricKernel
{
    static abstract float Between(ReadOnlySpan<float> a, ReadOnlySpan<float> b);
}

internal readonly struct CosineKernel : IMetricKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Between(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Distance.Cosine(a, b);
}

internal readonly struct DotKernel : IMetricKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Between(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Distance.NegativeDot(a, b);
}

internal readonly struct L2Kernel : IMetricKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Between(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Distance.Euclidean(a, b);
}

/// <summary>Orders neighbours as <see cref="Neighbor.Compare"/> does, as a struct so span sorts need no delegate.</summary>
internal readonly struct NeighborOrder : IComparer<Neighbor>
{
    public int Compare(Neighbor x, Neighbor y) => Neighbor.Compare(x.Distance, x.Row, y.Distance, y.Row);
}
