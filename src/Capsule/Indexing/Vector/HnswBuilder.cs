using System.Runtime.InteropServices;

namespace Capsule.Indexing.Vector;

/// <summary>
/// Inserts rows into an <see cref="HnswGraph"/> one at a time, following INSERT (the paper's
/// Algorithm 1) with neighbours chosen by SELECT-NEIGHBORS-HEURISTIC (Algorithm 4, with
/// extendCandidates and keepPrunedConnections off, as in hnswlib). Single-threaded and
/// deterministic: the same rows, metric and parameters (seed included) give the same graph.
/// </summary>
public sealed class HnswBuilder
{
    private readonly HnswLayerSearch _search = new();
    private readonly List<Neighbor> _selected = [];
    private readonly List<Neighbor> _pool = [];
    // Separate from _selected: Connect runs while Insert is still walking _selected.
    private readonly List<Neighbor> _kept = [];
    // W of the current layer, drained here instead of into a new array per layer per insert.
    private readonly List<Neighbor> _found = [];
    private readonly int _efConstruction;
    private SplitMix64 _random;

    /// <exception cref="ArgumentOutOfRangeException">The parameters are out of range (see <see cref="HnswParameters"/>).</exception>
    public HnswBuilder(VectorColumn column, VectorMetric metric, HnswParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        parameters ??= new HnswParameters();
        parameters.Validate();
        Graph = new HnswGraph(column, metric, parameters);
        _efConstruction = parameters.EfConstruction;
        _random = new SplitMix64(parameters.Seed);
    }

    /// <summary>
    /// Continues building <paramref name="graph"/> (e.g. one loaded from a persisted index, for a
    /// merge): the rows its column holds beyond <see cref="HnswGraph.Count"/> are inserted by
    /// <see cref="AddPendingRows"/>. The level generator is seeded from the seed and the node count,
    /// so the continuation is deterministic but does not replay the levels of the first nodes.
    /// </summary>
    internal HnswBuilder(HnswGraph graph, HnswParameters insertion)
    {
        Graph = graph;
        _efConstruction = insertion.EfConstruction;
        _random = new SplitMix64(insertion.Seed ^ ((ulong)graph.Count * 0x9E3779B97F4A7C15UL));
    }

    public HnswGraph Graph { get; }

    /// <summary>Builds a graph over every row of <paramref name="column"/>.</summary>
    public static HnswGraph Build(VectorColumn column, VectorMetric metric, HnswParameters? parameters = null)
    {
        var builder = new HnswBuilder(column, metric, parameters);
        builder.AddPendingRows();
        return builder.Graph;
    }

    /// <summary>Inserts the rows appended to the column since the last call.</summary>
    public void AddPendingRows()
    {
        while (Graph.Count < Graph.Column.Count)
        {
            Insert();
        }
    }

    private void Insert()
    {
        var graph = Graph;
        var parameters = graph.Parameters;
        // Level l = floor(-ln(U(0,1]) · mL) (Algorithm 1, line 4): an exponentially decaying
        // distribution, so each layer holds about 1/M of the one below. Capped to keep a freak draw
        // from allocating a tall link array; P(level > 32) at M = 16 is 16^-32.
        var level = Math.Min((int)Math.Floor(-Math.Log(_random.NextUnitOpenAtZero()) * parameters.LevelMultiplier), 32);
        var node = graph.AddNode(level);
        if (node == 0)
        {
            graph.EntryPoint = node;
            graph.MaxLevel = level;
            return;
        }

        var query = graph.Column.Row(node);
        var entry = graph.EntryPoint;
        var entryDistance = Distance.Compute(graph.Metric, query, graph.Column.Row(entry));
        for (var layer = graph.MaxLevel; layer > level; layer--)
        {
            entry = _search.GreedyClosest(graph, query, entry, ref entryDistance, layer);
        }

        for (var layer = Math.Min(level, graph.MaxLevel); layer >= 0; layer--)
        {
            _search.SearchLayer(graph, query, entry, entryDistance, _efConstruction, layer, filter: null);
            var found = _found;
            _search.Results.DrainSorted(found);
            SelectByHeuristic(graph, CollectionsMarshal.AsSpan(found), parameters.M, _selected);
            graph.SetLinks(node, layer, _selected);
            foreach (var neighbor in _selected)
            {
                Connect(graph, neighbor.Row, node, neighbor.Distance, layer);
            }
            // The nearest node found is the entry to the layer below (hnswlib does the same; the
            // paper passes all of W, which costs more and did not change recall in hnswlib's tests).
            entry = found[0].Row;
            entryDistance = found[0].Distance;
        }

        if (level > graph.MaxLevel)
        {
            graph.EntryPoint = node;
            graph.MaxLevel = level;
        }
    }

    /// <summary>
    /// Adds the reverse link from <paramref name="from"/> to <paramref name="to"/>. When the list is
    /// full, it is shrunk back to Mmax with the same heuristic (Algorithm 1, lines 13–16).
    /// <paramref name="distance"/> is d(to, from), which equals d(from, to) (see <see cref="HnswGraph"/>);
    /// the distances to the links already there come from the graph's cache instead of the vectors.
    /// </summary>
    private void Connect(HnswGraph graph, int from, int to, float distance, int layer)
    {
        if (graph.TryAddLink(from, layer, to, distance))
        {
            return;
        }
        _pool.Clear();
        _pool.Add(new Neighbor(to, distance));
        var links = graph.LinksUnchecked(from, layer);
        var distances = graph.LinkDistancesUnchecked(from, layer);
        for (var i = 0; i < links.Length; i++)
        {
            _pool.Add(new Neighbor(links[i], distances[i]));
        }
        SortNearestFirst(CollectionsMarshal.AsSpan(_pool));
        SelectByHeuristic(graph, CollectionsMarshal.AsSpan(_pool), graph.MaxLinks(layer), _kept);
        graph.SetLinks(from, layer, _kept);
    }

    /// <summary>
    /// Sorts a full link list plus its new link (at most Mmax0 + 1 entries) nearest first, ties by row:
    /// the order <see cref="NeighborOrder"/> gives, so the graph is the same. An insertion sort, because
    /// the span sort, even given a struct comparer, boxes it and calls it through a new
    /// <see cref="Comparison{T}"/> delegate per sort (the runtime's generic sort helper does so); the
    /// delegate's construction and calls showed in every build's JIT log and profile. The list is mostly
    /// sorted already (the heuristic writes links nearest first; only links appended since are out of place).
    /// </summary>
    private static void SortNearestFirst(Span<Neighbor> pool)
    {
        for (var i = 1; i < pool.Length; i++)
        {
            var item = pool[i];
            var j = i - 1;
            while (j >= 0 && NearestFirst.Before(item.Distance, item.Row, pool[j].Distance, pool[j].Row))
            {
                pool[j + 1] = pool[j];
                j--;
            }
            pool[j + 1] = item;
        }
    }

    /// <summary>
    /// SELECT-NEIGHBORS-HEURISTIC (Algorithm 4): walk candidates nearest first and keep one only if it
    /// is nearer to the base element than to every candidate already kept. This prefers links in
    /// different directions over a tight cluster of links, which keeps clustered data connected
    /// (section 4, Fig. 2). <paramref name="candidates"/> must be sorted nearest first.
    /// </summary>
    private static void SelectByHeuristic(HnswGraph graph, ReadOnlySpan<Neighbor> candidates, int max, List<Neighbor> selected)
    {
        // Spans, not IReadOnlyList and foreach over the list: through the interface every candidate cost
        // two interface calls on a boxed enumerator (they showed among the build's hot methods in the JIT log).
        selected.Clear();
        if (candidates.Length <= max)
        {
            selected.AddRange(candidates);
            return;
        }
        var column = graph.Column;
        foreach (var candidate in candidates)
        {
            var vector = column.RowUnchecked(candidate.Row);
            var keep = true;
            foreach (var chosen in CollectionsMarshal.AsSpan(selected))
            {
                if (Distance.Compute(graph.Metric, vector, column.RowUnchecked(chosen.Row)) < candidate.Distance)
                {
                    keep = false;
                    break;
                }
            }
            if (keep)
            {
                selected.Add(candidate);
                if (selected.Count >= max)
                {
                    break;
                }
            }
        }
    }
}
