using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Capsule.Indexing.Vector;

/// <summary>
/// A Hierarchical Navigable Small World graph over the rows of a <see cref="VectorColumn"/>
/// (Malkov &amp; Yashunin 2016/2018). Node i is row i. Adjacency is kept the way hnswlib keeps it,
/// because that is also the shape a later session writes to the file:
/// <code>
/// layer 0:   one int[] of Count × (1 + Mmax0): |n|link 0|...|link Mmax0-1| per node
/// layers ≥1: per node with level ≥ 1, one int[] of level × (1 + M): |n|links| for layers 1..level
/// </code>
/// Fixed-size slots let a link list be rewritten in place and read without indirection on layer 0,
/// where most of the search time goes. Build with <see cref="HnswBuilder"/>, query with <see cref="HnswSearch"/>.
/// <para>
/// Beside each slot the graph keeps the distance from the node to each link, in the same shape
/// (float per int, entry 0 unused). Only the builder reads them: when a full link list takes one more
/// link, the heuristic needs the node's distance to every link it has, and recomputing those costs up
/// to Mmax0 distance computations per reverse link on layer 0 (hnswlib recomputes them). They are not persisted;
/// a graph loaded from a file recomputes them once (<see cref="SetLinks(int, int, ReadOnlySpan{int})"/>).
/// A cached d(b, a) stands in for d(a, b): the products and squared differences are the same either
/// way round, and when every row starts on the same alignment (dimension a multiple of 16, as for
/// 128-d and 384-d) the SIMD sums add them in the same order, so the graph is bit for bit the one built
/// without the cache; otherwise the two may differ in the last bit, which can only reorder exact ties.
/// </para>
/// </summary>
public sealed class HnswGraph
{
    private int[] _layer0;
    private int[]?[] _upper;
    private float[] _layer0Distances;
    private float[]?[] _upperDistances;
    private int[] _levels;

    internal HnswGraph(VectorColumn column, VectorMetric metric, HnswParameters parameters)
    {
        Column = column;
        Metric = metric;
        Parameters = parameters;
        var capacity = Math.Max(column.Count, 16);
        _layer0 = new int[capacity * (1 + parameters.MaxLinksLayer0)];
        _upper = new int[]?[capacity];
        _layer0Distances = new float[_layer0.Length];
        _upperDistances = new float[]?[capacity];
        _levels = new int[capacity];
    }

    /// <summary>The vectors the graph indexes; node i is row i.</summary>
    public VectorColumn Column { get; }

    public VectorMetric Metric { get; }

    public HnswParameters Parameters { get; }

    /// <summary>Nodes in the graph (rows 0..Count-1 of the column).</summary>
    public int Count { get; private set; }

    /// <summary>The node searches start from: one of the nodes on the top layer; -1 when empty.</summary>
    public int EntryPoint { get; internal set; } = -1;

    /// <summary>The top layer's number; -1 when empty.</summary>
    public int MaxLevel { get; internal set; } = -1;

    /// <summary>The highest layer <paramref name="node"/> is on.</summary>
    public int Level(int node) => _levels[CheckNode(node)];

    /// <summary>The links of <paramref name="node"/> on <paramref name="layer"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The node is not in the graph or not on that layer.</exception>
    public ReadOnlySpan<int> Neighbors(int node, int layer)
    {
        if ((uint)layer > (uint)_levels[CheckNode(node)])
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"node {node} is on layers 0..{_levels[node]}");
        }
        var slot = Slot(node, layer);
        return slot.Slice(1, slot[0]);
    }

    /// <summary>Adds the next row as a node on layers 0..<paramref name="level"/>, with no links yet.</summary>
    internal int AddNode(int level)
    {
        var node = Count;
        if (node == _levels.Length)
        {
            var capacity = node * 2;
            Array.Resize(ref _layer0, capacity * (1 + Parameters.MaxLinksLayer0));
            Array.Resize(ref _upper, capacity);
            Array.Resize(ref _layer0Distances, _layer0.Length);
            Array.Resize(ref _upperDistances, capacity);
            Array.Resize(ref _levels, capacity);
        }
        _levels[node] = level;
        _upper[node] = level > 0 ? new int[level * (1 + Parameters.M)] : null;
        _upperDistances[node] = level > 0 ? new float[level * (1 + Parameters.M)] : null;
        Count++;
        return node;
    }

    /// <summary>Links of a node without the public checks, for the search loops.</summary>
    internal ReadOnlySpan<int> LinksUnchecked(int node, int layer)
    {
        if (layer == 0)
        {
            // Layer 0 is where searches spend their time, so its slot is read without the two
            // bounds checks of AsSpan and Slice.
            // SAFETY: node < Count <= _levels.Length, and _layer0 holds _levels.Length slots of
            // `width` ints; slot[0] (the link count) is only written by SetLinks/TryAddLink, which
            // keep it <= width - 1, so the span stays inside the node's slot.
            var width = 1 + Parameters.MaxLinksLayer0;
            ref var slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_layer0), (nint)node * width);
            return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref slot, 1), slot);
        }
        var upper = Slot(node, layer);
        return upper.Slice(1, upper[0]);
    }

    internal int MaxLinks(int layer) => layer == 0 ? Parameters.MaxLinksLayer0 : Parameters.M;

    /// <summary>
    /// The distance from <paramref name="node"/> to each of its links on <paramref name="layer"/>, in
    /// link order; same contract as <see cref="LinksUnchecked"/>.
    /// </summary>
    internal ReadOnlySpan<float> LinkDistancesUnchecked(int node, int layer)
    {
        var count = LinksUnchecked(node, layer).Length;
        return DistanceSlot(node, layer).Slice(1, count);
    }

    /// <summary>Replaces the links of <paramref name="node"/> on <paramref name="layer"/>, computing their distances.</summary>
    internal void SetLinks(int node, int layer, ReadOnlySpan<int> links)
    {
        var slot = Slot(node, layer);
        CheckRoom(links.Length, slot, layer);
        var distances = DistanceSlot(node, layer);
        var origin = Column.Row(node);
        for (var i = 0; i < links.Length; i++)
        {
            distances[1 + i] = Distance.Compute(Metric, origin, Column.Row(links[i]));
        }
        slot[0] = links.Length;
        links.CopyTo(slot[1..]);
    }

    /// <summary>Replaces the links of <paramref name="node"/> on <paramref name="layer"/> with rows whose distances to it are known.</summary>
    internal void SetLinks(int node, int layer, List<Neighbor> links)
    {
        var slot = Slot(node, layer);
        CheckRoom(links.Count, slot, layer);
        var distances = DistanceSlot(node, layer);
        for (var i = 0; i < links.Count; i++)
        {
            slot[1 + i] = links[i].Row;
            distances[1 + i] = links[i].Distance;
        }
        slot[0] = links.Count;
    }

    /// <summary>Appends one link at <paramref name="distance"/> when there is room; returns false when the list is full.</summary>
    internal bool TryAddLink(int node, int layer, int link, float distance)
    {
        var slot = Slot(node, layer);
        if (slot[0] == slot.Length - 1)
        {
            return false;
        }
        var at = ++slot[0];
        slot[at] = link;
        DistanceSlot(node, layer)[at] = distance;
        return true;
    }

    private static void CheckRoom(int count, Span<int> slot, int layer)
    {
        if (count > slot.Length - 1)
        {
            throw new InvalidOperationException($"{count} links exceed the {slot.Length - 1} slots of layer {layer}");
        }
    }

    private Span<float> DistanceSlot(int node, int layer) => SlotIn(_layer0Distances, _upperDistances, node, layer);

    private Span<int> Slot(int node, int layer) => SlotIn(_layer0, _upper, node, layer);

    // Links and their distances share one slot layout: layer 0 in one flat array, upper layers per node.
    private Span<T> SlotIn<T>(T[] layer0, T[]?[] upper, int node, int layer)
    {
        if (layer == 0)
        {
            var width = 1 + Parameters.MaxLinksLayer0;
            return layer0.AsSpan(node * width, width);
        }
        var upperWidth = 1 + Parameters.M;
        return upper[node].AsSpan((layer - 1) * upperWidth, upperWidth);
    }

    private int CheckNode(int node)
    {
        if ((uint)node >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(node), node, $"the graph has {Count} nodes");
        }
        return node;
    }
}
