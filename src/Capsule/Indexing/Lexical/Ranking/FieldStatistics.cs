namespace Capsule.Indexing.Lexical.Ranking;

/// <summary>
/// Length statistics of one field: how many documents have it (non-empty) and the sum of their
/// lengths in terms. Sums, not averages, so that statistics of several segments add up exactly.
/// </summary>
/// <remarks>The average is over documents that have the field, as Lucene's BM25Similarity computes
/// avgdl (sumTotalTermFreq / docCount): a title-less document does not shrink the average title.</remarks>
public readonly record struct FieldStatistics(long DocumentCount, long TotalLength)
{
    public double AverageLength => DocumentCount == 0 ? 0 : (double)TotalLength / DocumentCount;

    public static FieldStatistics operator +(FieldStatistics left, FieldStatistics right) =>
        new(left.DocumentCount + right.DocumentCount, left.TotalLength + right.TotalLength);
}
