namespace Capsule.Indexing.Lexical.Ranking;

/// <summary>Ranking options of an <see cref="InMemoryIndex"/>.</summary>
/// <remarks>
/// <see cref="TitleBoost"/> is the BM25F field weight of the title relative to the text (weight 1): a
/// title occurrence counts as this many (length-normalized) text occurrences before saturation.
/// The default title boost 2 follows the common practice of a small integer title weight (BM25F field
/// weights in Robertson, Zaragoza &amp; Taylor, "Simple BM25 extension to multiple weighted fields", CIKM
/// 2004, were tuned per collection; we pick a conservative value and do not tune it on our evaluation
/// collections, which have no titles). Because BM25F boosts the frequency before saturation, a title
/// match cannot outscore k1 + 1 times the idf, unlike adding a separately boosted title score.
/// </remarks>
public sealed record InMemoryIndexOptions(Bm25Parameters Bm25, double TitleBoost = InMemoryIndexOptions.DefaultTitleBoost)
{
    public const double DefaultTitleBoost = 2.0;

    public static InMemoryIndexOptions Default { get; } = new(Bm25Parameters.Default);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for invalid BM25 parameters or a negative/non-finite boost.</summary>
    public void Validate()
    {
        Bm25.Validate();
        if (!double.IsFinite(TitleBoost) || TitleBoost < 0)
            throw new ArgumentOutOfRangeException(nameof(TitleBoost), TitleBoost, "The title boost must be finite and >= 0.");
    }
}
