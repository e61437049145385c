using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Capsule.Indexing.Vector;

/// <summary>
/// What the HNSW layer walks need from a graph: distances from the query to a node and a node's links.
/// The in-memory graph (<see cref="GraphView{TMetric}"/>) and the persisted, memory-mapped index
/// (<c>Persisted.PersistedGraphView</c>) both implement it as structs, so
/// <see cref="HnswLayerSearch"/> is compiled once per (storage, metric) pair with every call inlined:
/// one search loop, no virtual call per distance.
/// </summary>
/// <remarks>
/// Contract: <see cref="Links"/> is only called for a node whose <see cref="DistanceTo"/> was called
/// before in the same walk (the entry point included). The persisted view relies on it to check a
/// node's bytes once, in <see cref="DistanceTo"/>, and read its links unchecked afterwards.
/// </remarks>
internal interface IHnswView
{
    /// <summary>Nodes in the graph (the visited set is sized by it).</summary>
    int Count { get; }

    /// <summary>The distance from <paramref name="query"/> to <paramref name="node"/>'s vector; smaller is nearer.</summary>
    float DistanceTo(ReadOnlySpan<float> query, int node);

    /// <summary>The links of <paramref name="node"/> on <paramref name="layer"/> (see the contract above).</summary>
    ReadOnlySpan<int> Links(int node, int layer);

    /// <summary>A hint that <paramref name="node"/>'s vector is read next; never faults.</summary>
    void Prefetch(int node);
}

/// <summary>The in-memory <see cref="HnswGraph"/> over its <see cref="VectorColumn"/>, as an <see cref="IHnswView"/>.</summary>
internal readonly unsafe struct GraphView<TMetric>(HnswGraph graph) : IHnswView
    where TMetric : struct, IMetricKernel
{
    private readonly VectorColumn _column = graph.Column;

    public int Count => graph.Count;

    // SAFETY (RowUnchecked): links only ever hold node numbers < graph.Count <= column.Count.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float DistanceTo(ReadOnlySpan<float> query, int node) => TMetric.Between(query, _column.RowUnchecked(node));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> Links(int node, int layer) => graph.LinksUnchecked(node, layer);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int node)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(_column.RowAddress(node));
        }
    }
}
