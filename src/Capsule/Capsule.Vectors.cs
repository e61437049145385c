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
        lock (_gate)
        {
            ThrowIfDisposed();
            TrimDecryptedIndexes();
            // No binding recorded: either no embedding exists (every vector index is empty), or a format-1
            // capsule, whose indexes take the dimension of its first embedding; the query's is the guess.
            var binding = _settings.Embedding ?? new EmbeddingBinding(query.Length);
            if (query.Length != binding.Dimension)
            {
                throw new EmbeddingMismatchException($"the query has {query.Length} dimensions but this capsule's embeddings have {binding.Dimension}");
            }
            var accept = Acceptor(options.Filter);
            // Without a filter, the share of live frames is known: no need to sample the filter.
            double? selectivity = options.Filter.IsEmpty && _state.NextFrameId > 0 ? (double)_state.LiveFrames / _state.NextFrameId : null;
            var hits = new List<VectorHit>(options.K);
            var parts = 0;
            foreach (var (index, offset) in VectorIndexes())
            {
                if (index.Dimension != query.Length)
                {
                    if (_settings.Embedding is null)
                    {
                        throw new EmbeddingMismatchException($"the query has {query.Length} dimensions but this capsule's embeddings have {index.Dimension}");
                    }
                    // With a binding recorded only damage gets here: every embedding put was checked against it.
                    throw new CorruptCapsuleException($"vector index holds {index.Dimension}-dimensional rows but the capsule's embeddings have {query.Length}",
                        Path, offset != 0 ? offset : _state.Head?.SettingsOffset ?? 0, offset != 0 ? "index" : "settings");
                }
                try
                {
                    hits.AddRange(options.Exact ? index.ExactSearch(query, options.K, accept) : index.Search(query, options.K, options.Ef, accept, selectivity));
                }
                catch (FormatViolation e)
                {
                    throw new CorruptCapsuleException(e.Message, Path, offset, "index");
                }
                parts++;
            }
            if (parts > 1)
            {
                // Each part's hits are nearest first; one sort merges them (k × parts entries).
                hits.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.FrameId.CompareTo(b.FrameId));
            }
            var result = new VectorSearchHit[Math.Min(options.K, hits.Count)];
            for (var i = 0; i < result.Length; i++) result[i] = new VectorSearchHit(hits[i].FrameId, hits[i].Distance);
            return result;
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
    /// <remarks>
    /// Indexes hold no tombstones (they carry no text and no embedding), so liveness is only "not dead";
    /// with no dead frame and no filter there is nothing to check at all.
    /// </remarks>
    private Func<ulong, bool>? Acceptor(SearchFilter filter)
    {
        var dead = _state.Dead(_device);
        if (filter.IsEmpty)
        {
            return dead.Count == 0 ? null : id => !dead.IsDead(id);
        }
        return id => !dead.IsDead(id) && (filter.NeedsFrame ? filter.Matches(ReadAny(id)) : KindOf(id) == filter.Kind);
    }

    private static string Describe(EmbeddingBinding b) =>
        $"{b.Dimension} dimensions, {b.Metric}" + (b.Model.Length > 0 ? $", model '{b.Model}'" : "");
}
