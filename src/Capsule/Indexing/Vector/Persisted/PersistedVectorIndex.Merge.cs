using static Capsule.Indexing.Vector.Persisted.VectorPayloadLayout;

namespace Capsule.Indexing.Vector.Persisted;

/// <summary>What <see cref="VectorIndexMerger"/> reads: every row, and the graph as an in-memory graph to extend.</summary>
public sealed unsafe partial class PersistedVectorIndex
{
    /// <summary>Appends every float32 row, in row order, to <paramref name="column"/>.</summary>
    internal void CopyRowsTo(VectorColumn column)
    {
        EnsureAllRowsChecked();
        for (var row = 0; row < Count; row++)
        {
            column.Append(new ReadOnlySpan<float>(RowPointer(row), Dimension));
        }
    }

    /// <summary>
    /// The persisted graph as an <see cref="HnswGraph"/> over <paramref name="column"/>, whose rows
    /// 0..Count-1 must be this index's rows: a copy of the link lists, no distance computed.
    /// Every node is checked on the way (a merge reads them all).
    /// </summary>
    internal HnswGraph LoadGraph(VectorColumn column)
    {
        var graph = new HnswGraph(column, Metric, Parameters);
        var layer0 = (int*)(_base + _offsets[(int)Section.Layer0]);
        var layer0Ints = Layer0Ints(Parameters.M);
        for (var node = 0; node < Count; node++)
        {
            CheckNode(node);
            graph.AddNode(Level(node));
        }
        for (var node = 0; node < Count; node++)
        {
            var slot = layer0 + ((long)node * layer0Ints);
            graph.SetLinks(node, 0, new ReadOnlySpan<int>(slot + 1, *slot));
            for (var layer = 1; layer <= Level(node); layer++)
            {
                graph.SetLinks(node, layer, UpperLinksUnchecked(node, layer));
            }
        }
        graph.EntryPoint = EntryPoint;
        graph.MaxLevel = MaxLevel;
        return graph;
    }
}
