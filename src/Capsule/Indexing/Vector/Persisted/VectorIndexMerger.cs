namespace Capsule.Indexing.Vector.Persisted;

/// <summary>
/// Merges persisted vector indexes into one (the index side of a segment merge). The largest part's
/// graph is loaded as it is (link lists copied, no distance computed) and the other parts' rows are
/// inserted into it with the ordinary HNSW insertion, so merging a big segment with a few small ones
/// costs about the small ones' insertions, not a rebuild of the big one. Insertion into an existing
/// graph is exactly how the graph was built in the first place (Algorithm 1 is incremental), so the
/// result has the recall of a fresh build (tested in VectorIndexMergerTests).
/// </summary>
public static class VectorIndexMerger
{
    /// <summary>
    /// One index over every row of <paramref name="parts"/> (disjoint frame ids), in the storage of the
    /// largest part. The largest part's graph is reused when it was built with the same M as
    /// <paramref name="parameters"/>; otherwise (or when it has no graph) the graph is built afresh.
    /// </summary>
    /// <exception cref="ArgumentException">No parts, or parts differ in dimension or metric, or share a frame id.</exception>
    /// <exception cref="Format.FormatViolation">A part's bytes fail their checks.</exception>
    public static byte[] Merge(IReadOnlyList<PersistedVectorIndex> parts, HnswParameters? parameters = null, int graphThreshold = VectorIndexWriter.DefaultGraphThreshold)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("nothing to merge", nameof(parts));
        }
        parameters ??= new HnswParameters();
        parameters.Validate();
        var largest = parts.MaxBy(p => p.Count)!;
        foreach (var part in parts)
        {
            if (part.Dimension != largest.Dimension || part.Metric != largest.Metric)
            {
                throw new ArgumentException($"cannot merge a {part.Dimension}-d {part.Metric} index with a {largest.Dimension}-d {largest.Metric} one", nameof(parts));
            }
        }
        var total = parts.Sum(p => (long)p.Count);
        if (total > int.MaxValue)
        {
            throw new ArgumentException($"{total} rows exceed one index's {int.MaxValue}", nameof(parts));
        }
        using var column = new VectorColumn(largest.Dimension, (int)total);
        var frameIds = new ulong[total];
        var filled = 0;
        largest.CopyRowsTo(column);
        filled = CopyFrameIds(largest, frameIds, filled);
        var reuse = largest.HasGraph && largest.Parameters.M == parameters.M && total >= graphThreshold;
        var graph = reuse ? largest.LoadGraph(column) : null;
        foreach (var part in parts)
        {
            if (!ReferenceEquals(part, largest))
            {
                part.CopyRowsTo(column);
                filled = CopyFrameIds(part, frameIds, filled);
            }
        }
        if (graph is not null)
        {
            // The loaded graph carries the part's parameters; insertions use the merge's efConstruction.
            new HnswBuilder(graph, parameters).AddPendingRows();
        }
        else if (total >= graphThreshold)
        {
            graph = HnswBuilder.Build(column, largest.Metric, parameters);
        }
        return VectorIndexWriter.Write(frameIds, column, largest.Metric, largest.Storage, parameters, graph);
    }

    private static int CopyFrameIds(PersistedVectorIndex part, ulong[] frameIds, int filled)
    {
        for (var row = 0; row < part.Count; row++)
        {
            frameIds[filled++] = part.FrameId(row);
        }
        return filled;
    }
}
