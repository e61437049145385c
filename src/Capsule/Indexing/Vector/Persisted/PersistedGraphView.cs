using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Vector.Persisted;

/// <summary>
/// The graph of a <see cref="PersistedVectorIndex"/> as an <see cref="IHnswView"/>: links read straight
/// from the mapped layer-0 slots, distances by <typeparamref name="TRows"/>. A node is checked
/// (<see cref="PersistedVectorIndex.CheckNode"/>) the first time its distance is asked for; the
/// <see cref="IHnswView"/> contract (links only of nodes whose distance was taken) makes every later
/// read of its row and links safe without a check.
/// </summary>
internal readonly unsafe struct PersistedGraphView<TRows>(PersistedVectorIndex index, int* layer0, int layer0Ints, TRows rows) : IHnswView
    where TRows : struct, IRowCodec
{
    public int Count => index.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float DistanceTo(ReadOnlySpan<float> query, int node)
    {
        if (!index.IsNodeChecked(node))
        {
            index.CheckNode(node);
        }
        return rows.Between(query, node);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> Links(int node, int layer)
    {
        if (layer == 0)
        {
            var slot = layer0 + ((long)node * layer0Ints);
            return new ReadOnlySpan<int>(slot + 1, *slot);
        }
        return index.UpperLinksUnchecked(node, layer);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int node) => rows.Prefetch(node);
}
