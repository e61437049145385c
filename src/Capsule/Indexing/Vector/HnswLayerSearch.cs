namespace Capsule.Indexing.Vector;

/// <summary>
/// The per-layer walks of HNSW shared by insertion and query, with their scratch state (visited set,
/// candidate queue C, result heap W) kept between calls so a search allocates nothing. One instance
/// per thread.
/// </summary>
internal sealed class HnswLayerSearch
{
    private readonly VisitedSet _visited = new();
    private readonly NeighborHeap _candidates = new(maxFirst: false);

    /// <summary>W after <see cref="SearchLayer"/>: at most ef nodes, furthest on top.</summary>
    public NeighborHeap Results { get; } = new(maxFirst: true);

    /// <summary>
    /// SEARCH-LAYER with ef = 1 (the paper's Algorithm 5, lines 1–5, and Algorithm 1, lines 5–7):
    /// move to the nearest neighbour while it is nearer than the current node. Used on the upper
    /// layers, which only route towards the query's region; no filter applies there.
    /// </summary>
    public int GreedyClosest(HnswGraph graph, ReadOnlySpan<float> query, int entry, ref float entryDistance, int layer)
    {
        var column = graph.Column;
        var improved = true;
        while (improved)
        {
            improved = false;
            foreach (var link in graph.LinksUnchecked(entry, layer))
            {
                var distance = Distance.Compute(graph.Metric, query, column.Row(link));
                if (distance < entryDistance)
                {
                    entryDistance = distance;
                    entry = link;
                    improved = true;
                }
            }
        }
        return entry;
    }

    /// <summary>
    /// SEARCH-LAYER (the paper's Algorithm 2): best-first expansion from <paramref name="entry"/>,
    /// keeping the ef nearest nodes seen in <see cref="Results"/>, stopping when the nearest
    /// unexpanded candidate is further than the furthest kept result.
    /// With a <paramref name="filter"/>, rejected nodes are still expanded (they are bridges to
    /// accepted ones) but never kept, and the stop rule only fires once ef accepted nodes are kept:
    /// the walk goes on until it has ef filtered results or the candidate queue is empty, which is
    /// hnswlib's filtered-search rule. A selective filter therefore walks much of the graph; the
    /// planner should switch to <see cref="ExactSearch"/> for those.
    /// </summary>
    public void SearchLayer(HnswGraph graph, ReadOnlySpan<float> query, int entry, float entryDistance, int ef, int layer, Func<int, bool>? filter)
    {
        var column = graph.Column;
        _visited.Reset(graph.Count);
        _candidates.Clear();
        Results.Clear();

        _visited.TryVisit(entry);
        _candidates.Push(entry, entryDistance);
        if (filter is null || filter(entry))
        {
            Results.Push(entry, entryDistance);
        }

        while (_candidates.Count > 0)
        {
            var nearest = _candidates.Pop();
            if (Results.Count >= ef && nearest.Distance > Results.TopDistance)
            {
                break;
            }
            foreach (var link in graph.LinksUnchecked(nearest.Row, layer))
            {
                if (!_visited.TryVisit(link))
                {
                    continue;
                }
                var distance = Distance.Compute(graph.Metric, query, column.Row(link));
                if (Results.Count < ef || distance < Results.TopDistance)
                {
                    _candidates.Push(link, distance);
                    if (filter is null || filter(link))
                    {
                        Results.Push(link, distance);
                        if (Results.Count > ef)
                        {
                            Results.Pop();
                        }
                    }
                }
            }
        }
    }
}
