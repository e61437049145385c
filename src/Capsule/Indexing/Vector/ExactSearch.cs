namespace Capsule.Indexing.Vector;

/// <summary>
/// Brute-force k-nearest-neighbour search: every row is compared with the query. It is the
/// reference the HNSW recall is measured against, and the plan for small segments and selective
/// filters, where a graph walk would visit most rows anyway.
/// </summary>
public static unsafe class ExactSearch
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
        // Throws ObjectDisposedException here, before the unchecked row reads could touch freed memory.
        _ = column.BaseAddress;
        return TopK(column.RowAddress(0), column.Dimension, column.Count, query, k, metric, filter);
    }

    /// <summary>
    /// The same search over <paramref name="count"/> rows of <paramref name="strideFloats"/> floats
    /// starting at <paramref name="rows"/> (a column, or the mapped rows of a persisted index, whose
    /// rows are padded to 64 bytes).
    /// </summary>
    /// <remarks>SAFETY: the caller guarantees that count rows of strideFloats (≥ query.Length) floats are readable at rows.</remarks>
    internal static unsafe Neighbor[] TopK(float* rows, long strideFloats, int count, ReadOnlySpan<float> query, int k, VectorMetric metric, Func<int, bool>? filter)
    {
        var heap = new NeighborHeap<FurthestFirst>(Math.Min(k, count));
        switch (metric)
        {
            case VectorMetric.Cosine:
                Scan<CosineKernel>(rows, strideFloats, count, query, k, filter, heap);
                break;
            case VectorMetric.Dot:
                Scan<DotKernel>(rows, strideFloats, count, query, k, filter, heap);
                break;
            case VectorMetric.L2:
                Scan<L2Kernel>(rows, strideFloats, count, query, k, filter, heap);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown vector metric");
        }
        return heap.DrainSorted();
    }

    // One loop per metric (see IMetricKernel), so the metric switch runs once per query, not per row.
    private static unsafe void Scan<TMetric>(float* rows, long strideFloats, int count, ReadOnlySpan<float> query, int k, Func<int, bool>? filter, NeighborHeap<FurthestFirst> heap)
        where TMetric : struct, IMetricKernel
    {
        var dimension = query.Length;
        for (var row = 0; row < count; row++)
        {
            if (filter is not null && !filter(row))
            {
                continue;
            }
            var distance = TMetric.Between(query, new ReadOnlySpan<float>(rows + (row * strideFloats), dimension));
            if (heap.Count < k)
            {
                heap.Push(row, distance);
            }
            else if (Neighbor.Compare(distance, row, heap.TopDistance, heap.TopRow) < 0)
            {
                heap.ReplaceTop(row, distance);
            }
        }
    }
}
