using System.Collections.Frozen;

namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>
/// English stop word lists. Words are in folded form (lower case, ASCII apostrophe), which is
/// how the analyzer looks them up: after folding, before stemming.
/// </summary>
/// <remarks>
/// The default is <see cref="Lucene"/>: BM25's IDF already gives frequent words little weight,
/// so removing only the 33 articles, conjunctions and prepositions that carry no topic (Lucene's
/// EnglishAnalyzer.ENGLISH_STOP_WORDS_SET) keeps recall for queries such as "to be or not to be"
/// half-intact while shrinking postings for the most frequent terms. The longer Snowball list
/// removes pronouns and auxiliaries too ("should", "about", "over"), which costs phrase and
/// question queries more than it saves; it is here for callers who want it.
/// </remarks>
public static class EnglishStopWords
{
    /// <summary>Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET (Lucene 9, 33 words).</summary>
    public static FrozenSet<string> Lucene => LuceneSet.Set;

    /// <summary>The Snowball English stop word list, https://snowballstem.org/algorithms/english/stop.txt
    /// (the uncommented entries: 174 words; "us", "will", "can", "may", "must", "shall" are commented
    /// out there because of their homonyms, and so are absent here).</summary>
    public static FrozenSet<string> Snowball => SnowballSet.Set;

    /// <summary>The words of <paramref name="set"/> (empty for <see cref="StopWordSet.None"/>).</summary>
    /// <remarks>
    /// The analyzer looks words up in a map of its own built from these arrays, not in the frozen sets: a
    /// frozen set analyses its keys as it is built, through a large generic code path that a one-shot
    /// process ran cold on its first commit's critical path (5–16 ms, before any document was indexed).
    /// The sets are built only when a caller asks for them.
    /// </remarks>
    internal static string[] Words(StopWordSet set) => set switch
    {
        StopWordSet.None => [],
        StopWordSet.Lucene => LuceneWords,
        StopWordSet.Snowball => SnowballWords,
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "Unknown stop word set."),
    };

    private static class LuceneSet
    {
        public static readonly FrozenSet<string> Set = FrozenSet.ToFrozenSet(LuceneWords, StringComparer.Ordinal);
    }

    private static class SnowballSet
    {
        public static readonly FrozenSet<string> Set = FrozenSet.ToFrozenSet(SnowballWords, StringComparer.Ordinal);
    }

    private static readonly string[] LuceneWords =
        [
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
            "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
            "they", "this", "to", "was", "will", "with",
        ];

    private static readonly string[] SnowballWords =
        [
            "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
            "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself",
            "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that",
            "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
            "having", "do", "does", "did", "doing", "would", "should", "could", "ought",
            "i'm", "you're", "he's", "she's", "it's", "we're", "they're", "i've", "you've", "we've", "they've",
            "i'd", "you'd", "he'd", "she'd", "we'd", "they'd", "i'll", "you'll", "he'll", "she'll", "we'll",
            "they'll", "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't", "doesn't", "don't",
            "didn't", "won't", "wouldn't", "shan't", "shouldn't", "can't", "cannot", "couldn't", "mustn't",
            "let's", "that's", "who's", "what's", "here's", "there's", "when's", "where's", "why's", "how's",
            "a", "an", "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by",
            "for", "with", "about", "against", "between", "into", "through", "during", "before", "after",
            "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under", "again",
            "further", "then", "once", "here", "there", "when", "where", "why", "how", "all", "any", "both",
            "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same",
            "so", "than", "too", "very",
        ];

    /// <summary>The set for <paramref name="set"/>, or null for <see cref="StopWordSet.None"/>.</summary>
    public static FrozenSet<string>? For(StopWordSet set) => set switch
    {
        StopWordSet.None => null,
        StopWordSet.Lucene => Lucene,
        StopWordSet.Snowball => Snowball,
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "Unknown stop word set."),
    };
}
