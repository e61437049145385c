namespace Capsule.Format;

/// <summary>What an index record holds (FORMAT.md §13).</summary>
internal enum IndexType : byte
{
    /// <summary>BM25 inverted index: term dictionary, postings with positions, document lengths.</summary>
    FullText = 1,

    /// <summary>Vector column and HNSW graph over the frames' embeddings.</summary>
    Vector = 2,

    /// <summary>Ingestion and event times to frame ids, sorted.</summary>
    Temporal = 3,
}
