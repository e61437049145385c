namespace Capsule.Indexing.Vector;

/// <summary>
/// K-NN-SEARCH (the paper's Algorithm 5) over an <see cref="HnswGraph"/>: greedy descent through the
/// upper layers, then a best-first search of width ef on layer 0. Holds reusable scratch state, so
/// keep one instance per thread and reuse it across queries.
/// </summary>
public sealed class HnswSearch
{
    private readonly HnswGraph _graph;
    private readonly HnswLayerSearch _search = new();

    public HnswSearch(HnswGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
    }

    /// <summary>
    /// The (approximately) <paramref name="k"/> nearest nodes to <paramref name="query"/>, nearest first.
    /// <paramref name="ef"/> is the search width (0 = the graph's <see cref="HnswParameters.EfSearch"/>);
    /// at least k is used. With a <paramref name="filter"/>, only accepted rows are returned, and the
    /// walk continues until it holds ef accepted rows or runs out of candidates.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="query"/>'s length is not the column's dimension.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive or <paramref name="ef"/> is negative.</exception>
    public Neighbor[] Search(ReadOnlySpan<float> query, int k, int ef = 0, Func<int, bool>? filter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegative(ef);
        var graph = _graph;
        if (query.Length != graph.Column.Dimension)
        {
            throw new ArgumentException($"query has {query.Length} floats, the column's dimension is {graph.Column.Dimension}", nameof(query));
        }
        if (graph.Count == 0)
        {
            return [];
        }
        // Throws ObjectDisposedException here, before the unchecked row reads could touch freed memory.
        _ = graph.Column.BaseAddress;
        var width = Math.Max(ef == 0 ? graph.Parameters.EfSearch : ef, k);
        switch (graph.Metric)
        {
            case VectorMetric.Cosine:
                _search.Search(new GraphView<CosineKernel>(graph), query, graph.EntryPoint, graph.MaxLevel, width, filter);
                break;
            case VectorMetric.Dot:
                _search.Search(new GraphView<DotKernel>(graph), query, graph.EntryPoint, graph.MaxLevel, width, filter);
                break;
            default:
                _search.Search(new GraphView<L2Kernel>(graph), query, graph.EntryPoint, graph.MaxLevel, width, filter);
                break;
        }
        var results = _search.Results;
        while (results.Count > k)
        {
            results.Pop();
        }
        return results.DrainSorted();
    }
}
