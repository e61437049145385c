namespace Capsule.Indexing.Lexical.Ranking;

/// <summary>A search hit: the document's id as it was added, and its BM25(F) score.</summary>
public readonly record struct ScoredDocument(string Id, double Score);
