namespace Capsule.Indexing.Lexical.Ranking;

/// <summary>
/// The collection-wide inputs of BM25: document count N, per-field length sums, and the document
/// frequency of the terms a query needs. An index reports its own (<see cref="InMemoryIndex.Statistics"/>);
/// <see cref="Combine"/> adds several indexes' so each can score with the statistics of the whole
/// collection, and a document's score does not depend on which segment it landed in.
/// </summary>
/// <remarks><see cref="DocumentFrequencies"/>: df per term, the documents containing the term in any field.</remarks>
public sealed record CollectionStatistics(
    long DocumentCount,
    FieldStatistics Text,
    FieldStatistics Title,
    IReadOnlyDictionary<string, long> DocumentFrequencies)
{
    /// <summary>df of <paramref name="term"/>; 0 when it is not in <see cref="DocumentFrequencies"/>.</summary>
    public long DocumentFrequency(string term) => DocumentFrequencies.GetValueOrDefault(term);

    /// <summary>Sums the statistics of disjoint parts of one collection (no document in two parts).</summary>
    public static CollectionStatistics Combine(IEnumerable<CollectionStatistics> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        long count = 0;
        FieldStatistics text = default, title = default;
        var df = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            count += part.DocumentCount;
            text += part.Text;
            title += part.Title;
            foreach (var (term, frequency) in part.DocumentFrequencies)
                df[term] = df.GetValueOrDefault(term) + frequency;
        }
        return new CollectionStatistics(count, text, title, df);
    }
}
