using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Ranking;
using Capsule.Indexing.Vector;

namespace Capsule;

/// <summary>
/// How a capsule's indexes are built and scored. Fixed when the capsule is created and recorded in
/// it (a settings record), so every reader analyzes queries and scores exactly as the writer indexed;
/// the embedding binding is made by the first frame that carries an embedding.
/// </summary>
public sealed record IndexSettings
{
    /// <summary>The full-text analyzer (tokenizer, folding, stop words, stemmer).</summary>
    public AnalyzerSettings Analyzer { get; init; } = new();

    /// <summary>BM25 k1 and b (defaults from Robertson and Zaragoza, as Lucene and Elasticsearch use).</summary>
    public Bm25Parameters Bm25 { get; init; } = Bm25Parameters.Default;

    /// <summary>Weight of a title match relative to a body match (BM25F field weight).</summary>
    public double TitleBoost { get; init; } = InMemoryIndexOptions.DefaultTitleBoost;

    /// <summary>The embedding binding: null until the first embedding is put (or set at creation).</summary>
    public EmbeddingBinding? Embedding { get; init; }

    /// <summary>HNSW graph parameters for vector indexes.</summary>
    public HnswParameters Hnsw { get; init; } = new();

    public static IndexSettings Default { get; } = new();
}
