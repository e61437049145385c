namespace Capsule.Indexing.Vector;

/// <summary>
/// The per-layer walks of HNSW shared by insertion and query, over the in-memory graph and the
/// persisted index alike (see <see cref="IHnswView"/>), with their scratch state (visited set,
/// candidate queue C, result heap W) kept between calls so a search allocates nothing. One instance
/// per thread. The entry points taking an <see cref="HnswGraph"/> switch on the metric once and run a
/// loop specialised for it (see <see cref="IMetricKernel"/>).
/// </summary>
internal sealed class HnswLayerSearch
{
    private readonly VisitedSet _visited = new();
    private readonly NeighborHeap<NearestFirst> _candidates = new();

    /// <summary>W after <see cref="SearchLayer"/>: at most ef nodes, furthest on top.</summary>
    public NeighborHeap<FurthestFirst> Results { get; } = new();

    /// <summary>
    /// SEARCH-LAYER with ef = 1 (the paper's Algorithm 5, lines 1–5, and Algorithm 1, lines 5–7):
    /// move to the nearest neighbour while it is nearer than the current node. Used on the upper
    /// layers, which only route towards the query's region; no filter applies there.
    /// </summary>
    public int GreedyClosest(HnswGraph graph, ReadOnlySpan<float> query, int entry, ref float entryDistance, int layer) => graph.Metric switch
    {
        VectorMetric.Cosine => GreedyClosest(new GraphView<CosineKernel>(graph), query, entry, ref entryDistance, layer),
        VectorMetric.Dot => GreedyClosest(new GraphView<DotKernel>(graph), query, entry, ref entryDistance, layer),
        _ => GreedyClosest(new GraphView<L2Kernel>(graph), query, entry, ref entryDistance, layer),
    };

    /// <summary>SEARCH-LAYER over an in-memory graph; see <see cref="SearchLayer{TView}"/>.</summary>
    public void SearchLayer(HnswGraph graph, ReadOnlySpan<float> query, int entry, float entryDistance, int ef, int layer, Func<int, bool>? filter)
    {
        switch (graph.Metric)
        {
            case VectorMetric.Cosine:
                SearchLayer(new GraphView<CosineKernel>(graph), query, entry, entryDistance, ef, layer, filter);
                break;
            case VectorMetric.Dot:
                SearchLayer(new GraphView<DotKernel>(graph), query, entry, entryDistance, ef, layer, filter);
                break;
            default:
                SearchLayer(new GraphView<L2Kernel>(graph), query, entry, entryDistance, ef, layer, filter);
                break;
        }
    }

    /// <summary>
    /// K-NN-SEARCH (Algorithm 5) down to layer 0: greedy descent from <paramref name="entry"/> on
    /// layers <paramref name="maxLevel"/>..1, then <see cref="SearchLayer{TView}"/> on layer 0, leaving
    /// the ef nearest in <see cref="Results"/>.
    /// </summary>
    public void Search<TView>(TView view, ReadOnlySpan<float> query, int entry, int maxLevel, int ef, Func<int, bool>? filter)
        where TView : struct, IHnswView
    {
        var entryDistance = view.DistanceTo(query, entry);
        for (var layer = maxLevel; layer > 0; layer--)
        {
            entry = GreedyClosest(view, query, entry, ref entryDistance, layer);
        }
        SearchLayer(view, query, entry, entryDistance, ef, 0, filter);
    }

    public static int GreedyClosest<TView>(TView view, ReadOnlySpan<float> query, int entry, ref float entryDistance, int layer)
        where TView : struct, IHnswView
    {
        var improved = true;
        while (improved)
        {
            improved = false;
            foreach (var link in view.Links(entry, layer))
            {
                var distance = view.DistanceTo(query, link);
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
    public void SearchLayer<TView>(TView view, ReadOnlySpan<float> query, int entry, float entryDistance, int ef, int layer, Func<int, bool>? filter)
        where TView : struct, IHnswView
    {
        var visited = _visited;
        var candidates = _candidates;
        var results = Results;
        visited.Reset(view.Count);
        candidates.Clear();
        results.Clear();

        visited.TryVisit(entry);
        candidates.Push(entry, entryDistance);
        if (filter is null || filter(entry))
        {
            results.Push(entry, entryDistance);
        }

        while (candidates.Count > 0)
        {
            var nearest = candidates.Pop();
            if (results.Count >= ef && nearest.Distance > results.TopDistance)
            {
                break;
            }
            var links = view.Links(nearest.Row, layer);
            for (var i = 0; i < links.Length; i++)
            {
                var link = links[i];
                if (!visited.TryVisit(link))
                {
                    continue;
                }
                // Fetch the next neighbour's vector while this one is compared, as hnswlib does: the
                // rows of graph neighbours are scattered, so most distance computations start with a
                // cache miss otherwise.
                if (i + 1 < links.Length)
                {
                    view.Prefetch(links[i + 1]);
                }
                var distance = view.DistanceTo(query, link);
                if (results.Count < ef || distance < results.TopDistance)
                {
                    candidates.Push(link, distance);
                    if (filter is null || filter(link))
                    {
                        // Full: the new node is nearer than the furthest kept (the test above), so
                        // push-then-pop would drop that furthest one; replacing it is one sift, not two.
                        if (results.Count < ef)
                        {
                            results.Push(link, distance);
                        }
                        else
                        {
                            results.ReplaceTop(link, distance);
                        }
                    }
                }
            }
        }
    }
}
