namespace Capsule.Indexing.Vector;

/// <summary>
/// Brute-force k-nearest-neighbour search: every row is compared with the query. It is the
/// reference the HNSW recall is measured against, and the plan for small segments and selective
/// filters, where a graph walk would visit most rows anyway.
/// </summary>
public static class ExactSearch
{
    /// <summary>
    /// The <paramref name="k"/> rows nearest to <paramref name="query"/>, nearest first (ties by row).
    /// Rows for which <paramref name="filter"/> returns false are skipped before their distance is computed.
    /// A bounded max-heap of size k keeps memory at O(k) and costs O(n log k).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="query"/>'s length is not the column's dimension.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public static Neighbor[] TopK(VectorColumn column, ReadOnlySpan<float> query, int k, VectorMetric metric, Func<int, bool>? filter = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (query.Length != column.Dimension)
        {
            throw new ArgumentException($"query has {query.Length} floats, the column's dimension is {column.Dimension}", nameof(query));
        }
        var heap = new NeighborHeap(maxFirst: true, Math.Min(k, column.Count));
        var values = column.Values;
        var dimension = column.Dimension;
        for (var row = 0; row < column.Count; row++)
        {
            if (filter is not null && !filter(row))
            {
                continue;
            }
            var distance = Distance.Compute(metric, query, values.Slice(row * dimension, dimension));
            if (heap.Count < k)
            {
                heap.Push(row, distance);
            }
            else if (Neighbor.Compare(distance, row, heap.TopDistance, heap.TopRow) < 0)
            {
                heap.ReplaceTop(row, distance);
            }
        }
        return heap.DrainSorted();
    }
}
