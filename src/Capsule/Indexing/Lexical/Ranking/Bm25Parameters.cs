namespace Capsule.Indexing.Lexical.Ranking;

/// <summary>The two free parameters of Okapi BM25.</summary>
/// <param name="K1">Term-frequency saturation: how quickly repeated occurrences of a term stop adding
/// score (0 = presence only; large = raw frequency).</param>
/// <param name="B">Length normalization: 0 ignores document length, 1 divides the frequency fully by
/// the document's length relative to the average.</param>
/// <remarks>
/// Defaults k1 = 1.2, b = 0.75: the values Robertson &amp; Zaragoza recommend as a robust starting point
/// ("The Probabilistic Relevance Framework: BM25 and Beyond", Foundations and Trends in IR 3(4), 2009,
/// §3.4: "k1 ∈ [1.2, 2.0], b = 0.75"), and the defaults of Lucene's BM25Similarity and SQLite FTS5's
/// bm25(). They are not tuned on the evaluation collections: the issue asks for defaults that generalize.
/// </remarks>
public readonly record struct Bm25Parameters(double K1 = Bm25Parameters.DefaultK1, double B = Bm25Parameters.DefaultB)
{
    public const double DefaultK1 = 1.2;
    public const double DefaultB = 0.75;

    public static Bm25Parameters Default { get; } = new(DefaultK1, DefaultB);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless k1 is finite and ≥ 0 and b is in [0, 1].</summary>
    public void Validate()
    {
        if (!double.IsFinite(K1) || K1 < 0)
            throw new ArgumentOutOfRangeException(nameof(K1), K1, "k1 must be finite and >= 0.");
        if (!(B is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(B), B, "b must be in [0, 1].");
    }
}
