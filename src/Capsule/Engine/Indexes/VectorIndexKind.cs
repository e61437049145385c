using Capsule.Format;
using Capsule.Indexing.Storage;
using Capsule.Indexing.Vector;
using Capsule.Indexing.Vector.Persisted;

namespace Capsule.Engine.Indexes;

/// <summary>
/// The vector index: the run's embeddings as a 64-byte aligned column with an HNSW graph (layout in
/// src/Capsule/Indexing/Vector/Persisted/PAYLOAD.md, FORMAT.md §15.2). Cosine rows are stored unit length.
/// </summary>
internal sealed class VectorIndexKind : IRunIndexKind
{
    public static VectorIndexKind Instance { get; } = new();

    public IndexType Type => IndexType.Vector;

    public byte Version => 1;

    public IRunIndexBuild Begin(IndexSettings settings, IndexPurpose purpose) => new Build(settings, purpose);

    public byte[]? Merge(IReadOnlyList<IndexPayload> parts, IndexSettings settings) =>
        VectorIndexMerger.Merge(parts.Select(PersistedVectorIndex.Open).ToList(), settings.Hnsw);

    private sealed class Build(IndexSettings settings, IndexPurpose purpose) : IRunIndexBuild
    {
        private readonly List<ulong> _ids = [];
        private VectorColumn? _column;
        private EmbeddingBinding? _binding;

        public void Add(Frame frame)
        {
            if (frame.Embedding is not { } embedding)
            {
                return;
            }
            // A format-1 capsule records no binding: its first embedding decides the dimension (cosine), and
            // rows of another dimension, which format 1 allowed, stay in their frames but are not indexed.
            _binding ??= settings.Embedding ?? new EmbeddingBinding(embedding.Length);
            var binding = _binding;
            if (embedding.Length != binding.Dimension)
            {
                return;
            }
            _column ??= new VectorColumn(binding.Dimension);
            if (binding.Metric == VectorMetric.Cosine)
            {
                var row = embedding.ToArray();
                Distance.Normalize(row);
                _column.Append(row);
            }
            else
            {
                _column.Append(embedding);
            }
            _ids.Add(frame.Id);
        }

        public byte[]? Finish()
        {
            if (_column is null)
            {
                return null;
            }
            using (_column)
            {
                var binding = _binding!;
                // The tail is rebuilt whenever it grows, and is at most a few thousand rows: it is searched exactly.
                var threshold = purpose == IndexPurpose.Tail ? int.MaxValue : VectorIndexWriter.DefaultGraphThreshold;
                return VectorIndexWriter.Write([.. _ids], _column, binding.Metric, (VectorStorage)binding.Storage, settings.Hnsw, threshold);
            }
        }
    }
}
