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
/// </summary>
public sealed class HnswGraph
{
    private int[] _layer0;
    private int[]?[] _upper;
    private int[] _levels;

    internal HnswGraph(VectorColumn column, VectorMetric metric, HnswParameters parameters)
    {
        Column = column;
        Metric = metric;
        Parameters = parameters;
        var capacity = Math.Max(column.Count, 16);
        _layer0 = new int[capacity * (1 + parameters.MaxLinksLayer0)];
        _upper = new int[]?[capacity];
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
            Array.Resize(ref _levels, capacity);
        }
        _levels[node] = level;
        _upper[node] = level > 0 ? new int[level * (1 + Parameters.M)] : null;
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

    /// <summary>Replaces the links of <paramref name="node"/> on <paramref name="layer"/>.</summary>
    internal void SetLinks(int node, int layer, ReadOnlySpan<int> links)
    {
        var slot = Slot(node, layer);
        if (links.Length > slot.Length - 1)
        {
            throw new InvalidOperationException($"{links.Length} links exceed the {slot.Length - 1} slots of layer {layer}");
        }
        slot[0] = links.Length;
        links.CopyTo(slot[1..]);
    }

    /// <summary>Appends one link when there is room; returns false when the list is full.</summary>
    internal bool TryAddLink(int node, int layer, int link)
    {
        var slot = Slot(node, layer);
        if (slot[0] == slot.Length - 1)
        {
            return false;
        }
        slot[++slot[0]] = link;
        return true;
    }

    private Span<int> Slot(int node, int layer)
    {
        if (layer == 0)
        {
            var width = 1 + Parameters.MaxLinksLayer0;
            return _layer0.AsSpan(node * width, width);
        }
        var upperWidth = 1 + Parameters.M;
        return _upper[node].AsSpan((layer - 1) * upperWidth, upperWidth);
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
