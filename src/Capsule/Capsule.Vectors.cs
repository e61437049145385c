using Capsule.Engine;
using Capsule.Engine.Indexes;
using Capsule.Format;
using Capsule.Indexing.Vector.Persisted;

namespace Capsule;

public sealed partial class Capsule
{
    /// <summary>
    /// Binds the capsule's embeddings to a dimension, metric and model before the first embedding is
    /// put (otherwise the first embedding binds its dimension with the cosine metric). Binding again
    /// with the same values does nothing.
    /// </summary>
    /// <exception cref="EmbeddingMismatchException">The capsule is already bound differently.</exception>
    public void BindEmbedding(EmbeddingBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentOutOfRangeException.ThrowIfLessThan(binding.Dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(binding.Dimension, 65536);
        lock (_gate)
        {
            var pending = Writable();
            var bound = pending.NewBinding ?? _settings.Embedding;
            if (bound is null)
            {
                pending.NewBinding = binding;
            }
            else if (bound != binding)
            {
                throw new EmbeddingMismatchException($"this capsule's embeddings are bound to {Describe(bound)}, not {Describe(binding)}");
            }
        }
    }

    /// <summary>
    /// The <see cref="VectorSearchOptions.K"/> live frames nearest to <paramref name="query"/>, nearest
    /// first: every sealed run's HNSW graph (read through the map) and the tail (exactly), merged into
    /// one top-k. Committed frames only.
    /// </summary>
    /// <exception cref="EmbeddingMismatchException">The query's dimension is not the capsule's.</exception>
    public IReadOnlyList<VectorSearchHit> SearchVectors(ReadOnlySpan<float> query, VectorSearchOptions? options = null)
    {
        options ??= new VectorSearchOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.K, 1);
        var copy = query.ToArray();
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_settings.Embedding is not { } binding)
            {
                return [];
            }
            if (copy.Length != binding.Dimension)
            {
                throw new EmbeddingMismatchException($"the query has {copy.Length} dimensions but this capsule's embeddings have {binding.Dimension}");
            }
            var accept = Acceptor(options.Filter);
            // Without a filter, the share of live frames is known: no need to sample the filter.
            double? selectivity = options.Filter.IsEmpty && _state.NextFrameId > 0 ? (double)_state.LiveFrames / _state.NextFrameId : null;
            var hits = new List<VectorHit>();
            foreach (var (index, offset) in VectorIndexes())
            {
                hits.AddRange(IndexReads(offset, () => options.Exact
                    ? index.ExactSearch(copy, options.K, accept)
                    : index.Search(copy, options.K, options.Ef, accept, selectivity)));
            }
            return hits.OrderBy(h => h.Distance).ThenBy(h => h.FrameId).Take(options.K)
                .Select(h => new VectorSearchHit(h.FrameId, h.Distance)).ToList();
        }
    }

    private IEnumerable<(PersistedVectorIndex Index, long Offset)> VectorIndexes()
    {
        var kind = VectorIndexKind.Instance;
        foreach (var run in _state.Runs)
        {
            var offset = run.IndexOffset(kind.Type);
            if (IndexReads(offset, () => _indexes.Run(run, kind, _settings, PersistedVectorIndex.Open)) is { } index)
            {
                yield return (index, offset);
            }
        }
        if (_indexes.Tail(_state, kind, _settings, PersistedVectorIndex.Open) is { } tail)
        {
            yield return (tail, 0);
        }
    }

    /// <summary>The predicate a search hands its indexes: live at this view, and matching the filter.</summary>
    private Func<ulong, bool> Acceptor(SearchFilter filter)
    {
        if (filter.IsEmpty)
        {
            return IsCommittedLive;
        }
        return id => IsCommittedLive(id) && (filter.NeedsFrame ? filter.Matches(ReadAny(id)) : KindOf(id) == filter.Kind);
    }

    private static string Describe(EmbeddingBinding b) =>
        $"{b.Dimension} dimensions, {b.Metric}" + (b.Model.Length > 0 ? $", model '{b.Model}'" : "");
}
