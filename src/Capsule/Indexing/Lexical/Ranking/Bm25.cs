using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Ranking;

/// <summary>
/// Okapi BM25 and its multi-field form BM25F, as pure functions of the term and collection statistics
/// so that any index (in-memory tail, sealed segment, several segments combined) scores alike.
/// </summary>
/// <remarks>
/// For a query term t and document d (Robertson &amp; Zaragoza 2009, eq. 3.15 and §3.5 for BM25F):
/// <code>
///   idf(t)  = ln(1 + (N − df + 0.5) / (df + 0.5))
///   B_f(d)  = (1 − b) + b · len_f(d) / avglen_f
///   tf~(d)  = Σ_f  w_f · tf_f(d) / B_f(d)                 (one field: tf / B)
///   w(t, d) = idf(t) · (k1 + 1) · tf~ / (k1 + tf~)
///   score   = Σ_{t ∈ distinct query terms}  w(t, d)
/// </code>
/// The IDF is Lucene's BM25Similarity.idf: the "+ 1" inside the logarithm keeps it positive even for
/// a term in more than half the documents, where Robertson–Spärck Jones' ln((N − df + 0.5)/(df + 0.5))
/// goes negative and would make a match rank below a non-match. Lucene (since 8.0) drops the constant
/// factor (k1 + 1); we keep it as in the paper (it does not change any ranking) so a single occurrence in
/// an average-length document scores exactly idf. A query term repeated in the query counts once (see
/// <see cref="InMemoryIndex.Search"/> for the measurement behind that choice).
/// </remarks>
public static class Bm25
{
    /// <summary>Lucene/Robertson IDF: <c>ln(1 + (N − df + 0.5) / (df + 0.5))</c>; 0 when df is 0 (the term cannot match).</summary>
    public static double Idf(long documentFrequency, long documentCount)
    {
        if (documentFrequency <= 0)
            return 0;
        return Math.Log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
    }

    /// <summary>The length normalizer <c>B = (1 − b) + b · length / averageLength</c> (1 when the average is 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LengthNorm(double length, double averageLength, double b) =>
        averageLength > 0 ? (1 - b) + b * length / averageLength : 1;

    /// <summary>Saturated weight of a (length-normalized, field-weighted) frequency: <c>idf · (k1 + 1) · tf / (k1 + tf)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Saturate(double idf, double normalizedFrequency, double k1) =>
        normalizedFrequency <= 0 ? 0 : idf * (k1 + 1) * normalizedFrequency / (k1 + normalizedFrequency);

    /// <summary>Single-field BM25 of one term in one document.</summary>
    public static double Score(int termFrequency, double length, double averageLength, double idf, Bm25Parameters parameters) =>
        Saturate(idf, termFrequency / LengthNorm(length, averageLength, parameters.B), parameters.K1);
}
