using System.Runtime.InteropServices;
using Capsule.Format;
using static Capsule.Indexing.Vector.Persisted.VectorPayloadLayout;

namespace Capsule.Indexing.Vector.Persisted;

/// <summary>Search: HNSW walk over the mapped graph, exact scan, the filtered-search planner and re-ranking.</summary>
public sealed unsafe partial class PersistedVectorIndex
{
    /// <summary>
    /// Filtered searches whose filter accepts less than this fraction of rows run exactly over the
    /// accepted rows instead of walking the graph. Measured with <c>ann-persisted</c> (ef=64, one
    /// thread): on clu100k (100,000 × 384) the walk took 4.8 ms vs the scan's 6.6 ms at 10% accepted
    /// and 9.3 ms vs 3.4 ms at 5%, so the crossover is near 8%; on sift5k (4,900 × 128) it is near 25%,
    /// but there both plans cost under a millisecond. The filtered walk's recall stayed ≥ 0.997.
    /// </summary>
    public const double FilteredExactBelow = 0.08;

    /// <summary>Rows sampled to estimate a filter's selectivity when the caller gives no hint.</summary>
    private const int SelectivitySample = 256;

    [ThreadStatic]
    private static SearchScratch? t_scratch;

    /// <summary>
    /// The (approximately) <paramref name="k"/> nearest frames to <paramref name="query"/>, nearest first.
    /// <paramref name="ef"/> is the walk width (0 = <see cref="HnswParameters.EfSearch"/>; at least k).
    /// Only frames <paramref name="accept"/> returns true for are returned; when it accepts fewer than
    /// <see cref="FilteredExactBelow"/> of the rows (from <paramref name="selectivity"/>, or estimated by
    /// sampling <paramref name="accept"/>), the search is exact over the accepted rows. F16/Int8 indexes
    /// walk the compact rows and re-rank the ef best with the float32 rows. Without a graph, exact.
    /// Cosine queries are normalized here (the stored rows already are).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="query"/>'s length is not <see cref="Dimension"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive or <paramref name="ef"/> is negative.</exception>
    /// <exception cref="FormatViolation">The search reached bytes that fail their checks.</exception>
    public VectorHit[] Search(ReadOnlySpan<float> query, int k, int ef = 0, Func<ulong, bool>? accept = null, double? selectivity = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegative(ef);
        var scratch = Prepare(query);
        if (Count == 0)
        {
            return [];
        }
        if (!HasGraph || (accept is not null && (selectivity ?? EstimateSelectivity(accept)) < FilteredExactBelow))
        {
            return Exact(scratch.Query(Dimension), k, accept);
        }
        var width = Math.Max(ef == 0 ? Parameters.EfSearch : ef, k);
        Func<int, bool>? filter = accept is null ? null : row => accept(FrameIdUnchecked(row));
        Walk(scratch, width, filter);
        var results = scratch.Layer.Results;
        if (Storage == VectorStorage.F32)
        {
            while (results.Count > k)
            {
                results.Pop();
            }
            return ToHits(results.DrainSorted());
        }
        return Rerank(scratch.Query(Dimension), results.DrainSorted(), k);
    }

    /// <summary>The exact <paramref name="k"/> nearest accepted frames, nearest first (ties by frame id), over the float32 rows.</summary>
    /// <exception cref="ArgumentException"><paramref name="query"/>'s length is not <see cref="Dimension"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    /// <exception cref="FormatViolation">A row fails its page checksum.</exception>
    public VectorHit[] ExactSearch(ReadOnlySpan<float> query, int k, Func<ulong, bool>? accept = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var scratch = Prepare(query);
        return Count == 0 ? [] : Exact(scratch.Query(Dimension), k, accept);
    }

    private VectorHit[] Exact(ReadOnlySpan<float> query, int k, Func<ulong, bool>? accept)
    {
        Func<int, bool>? filter = null;
        if (accept is null)
        {
            EnsureAllRowsChecked();
        }
        else
        {
            // Only accepted rows are read, so only their pages are checked.
            filter = row =>
            {
                if (!accept(FrameIdUnchecked(row)))
                {
                    return false;
                }
                EnsureRowChecked(row);
                return true;
            };
        }
        var stride = RowStride(Dimension, sizeof(float)) / sizeof(float);
        return ToHits(Vector.ExactSearch.TopK(RowPointer(0), stride, Count, query, k, Metric, filter));
    }

    /// <summary>
    /// The fraction of rows <paramref name="accept"/> takes, from an evenly spaced sample (deterministic,
    /// so the same query plans the same way). 256 samples put an 8% selectivity within ±3.4% (2σ).
    /// </summary>
    private double EstimateSelectivity(Func<ulong, bool> accept)
    {
        var samples = Math.Min(SelectivitySample, Count);
        var accepted = 0;
        for (var i = 0; i < samples; i++)
        {
            if (accept(FrameIdUnchecked((int)((long)i * Count / samples))))
            {
                accepted++;
            }
        }
        return accepted / (double)samples;
    }

    private SearchScratch Prepare(ReadOnlySpan<float> query)
    {
        if (query.Length != Dimension)
        {
            throw new ArgumentException($"query has {query.Length} floats, the index's dimension is {Dimension}", nameof(query));
        }
        // Throws ObjectDisposedException before anything is read through the pointer.
        _ = _payload.Pointer;
        var scratch = t_scratch ??= new SearchScratch();
        scratch.Reserve(Dimension);
        var copy = scratch.Query(Dimension);
        query.CopyTo(copy);
        if (Metric == VectorMetric.Cosine)
        {
            Distance.Normalize(copy);
        }
        return scratch;
    }

    private VectorHit[] Rerank(ReadOnlySpan<float> query, Neighbor[] candidates, int k)
    {
        for (var i = 0; i < candidates.Length; i++)
        {
            var row = candidates[i].Row;
            EnsureRowChecked(row);
            candidates[i] = new Neighbor(row, Distance.Compute(Metric, query, new ReadOnlySpan<float>(RowPointer(row), Dimension)));
        }
        candidates.AsSpan().Sort(default(NeighborOrder));
        return ToHits(candidates.AsSpan(0, Math.Min(k, candidates.Length)));
    }

    private VectorHit[] ToHits(ReadOnlySpan<Neighbor> neighbors)
    {
        var hits = new VectorHit[neighbors.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            hits[i] = new VectorHit(FrameIdUnchecked(neighbors[i].Row), neighbors[i].Distance);
        }
        return hits;
    }

    private void Walk(SearchScratch scratch, int width, Func<int, bool>? filter)
    {
        switch (Metric)
        {
            case VectorMetric.Cosine:
                Walk<CosineKernel>(scratch, width, filter);
                break;
            case VectorMetric.Dot:
                Walk<DotKernel>(scratch, width, filter);
                break;
            default:
                Walk<L2Kernel>(scratch, width, filter);
                break;
        }
    }

    // One instantiation per (storage, metric): the view is a struct, so every distance inlines.
    private void Walk<TMetric>(SearchScratch scratch, int width, Func<int, bool>? filter)
        where TMetric : struct, IMetricKernel
    {
        var layer0 = (int*)(_base + _offsets[(int)Section.Layer0]);
        var layer0Ints = Layer0Ints(Parameters.M);
        var query = scratch.Query(Dimension);
        var decoded = scratch.Decoded;
        switch (Storage)
        {
            case VectorStorage.F32:
                var f32 = new F32Rows<TMetric>(_base + _offsets[(int)Section.Vectors], RowStride(Dimension, sizeof(float)), Dimension);
                scratch.Layer.Search(new PersistedGraphView<F32Rows<TMetric>>(this, layer0, layer0Ints, f32), query, EntryPoint, MaxLevel, width, filter);
                break;
            case VectorStorage.F16:
                var f16 = new F16Rows<TMetric>(_base + _offsets[(int)Section.HalfCodes], RowStride(Dimension, 2), Dimension, decoded);
                scratch.Layer.Search(new PersistedGraphView<F16Rows<TMetric>>(this, layer0, layer0Ints, f16), query, EntryPoint, MaxLevel, width, filter);
                break;
            default:
                var int8 = new Int8Rows<TMetric>(_base + _offsets[(int)Section.ByteCodes], RowStride(Dimension, 1), Dimension,
                    (float*)(_base + _offsets[(int)Section.QuantMin]), (float*)(_base + _offsets[(int)Section.QuantScale]), decoded);
                scratch.Layer.Search(new PersistedGraphView<Int8Rows<TMetric>>(this, layer0, layer0Ints, int8), query, EntryPoint, MaxLevel, width, filter);
                break;
        }
    }

    /// <summary>Per-thread search state: the layer walk's heaps and visited set, and pinned float buffers for the query and decoded rows.</summary>
    private sealed class SearchScratch
    {
        private float[] _query = [];
        private float[] _decoded = [];

        public HnswLayerSearch Layer { get; } = new();

        /// <summary>SAFETY: pinned (POH) array, alive as long as this thread's scratch.</summary>
        public float* Decoded => (float*)Marshal.UnsafeAddrOfPinnedArrayElement(_decoded, 0);

        public Span<float> Query(int dimension) => _query.AsSpan(0, dimension);

        public void Reserve(int dimension)
        {
            if (_query.Length < dimension)
            {
                _query = GC.AllocateArray<float>(dimension, pinned: true);
                _decoded = GC.AllocateArray<float>(dimension, pinned: true);
            }
        }
    }
}
