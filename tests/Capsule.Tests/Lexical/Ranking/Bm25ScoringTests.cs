using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Tests.Lexical.Ranking;

/// <summary>
/// BM25 on a toy corpus against scores worked out by hand (k1 = 1.2, b = 0.75, default analyzer; the
/// words below are neither stop words nor changed by the stemmer):
/// <code>
///   d1 "cat dog"             len 2
///   d2 "cat cat fish"        len 3
///   d3 "dog bird bird bird"  len 4
///   d4 "fish"                len 1          N = 4, avgdl = 10 / 4 = 2.5
/// </code>
/// With B = 0.25 + 0.75·len/2.5 and tf~ = tf/B, a term scores idf·2.2·tf~/(1.2 + tf~)
/// = idf·2.2·tf/(1.2·B + tf).
/// </summary>
public sealed class Bm25ScoringTests
{
    private const int Precision = 12;

    internal static InMemoryIndex ToyIndex(IEnumerable<int>? order = null, InMemoryIndexOptions? options = null)
    {
        string[] texts = ["cat dog", "cat cat fish", "dog bird bird bird", "fish"];
        var index = new InMemoryIndex(options: options);
        foreach (int i in order ?? [0, 1, 2, 3])
            index.Add($"d{i + 1}", null, texts[i]);
        return index;
    }

    private static Dictionary<string, double> Scores(InMemoryIndex index, params string[] terms) =>
        index.Search(terms, 10).ToDictionary(h => h.Id, h => h.Score);

    [Fact]
    public void Idf_is_lucenes_robertson_form()
    {
        // df 2 of 4: ln(1 + (4 − 2 + 0.5)/(2 + 0.5)) = ln(1 + 1) = ln 2
        Assert.Equal(Math.Log(2), Bm25.Idf(2, 4), Precision);
        // df 1 of 4: ln(1 + 3.5/1.5) = ln(10/3)
        Assert.Equal(Math.Log(10.0 / 3), Bm25.Idf(1, 4), Precision);
        // df 4 of 4 stays positive: ln(1 + 0.5/4.5) = ln(10/9)
        Assert.Equal(Math.Log(10.0 / 9), Bm25.Idf(4, 4), Precision);
        Assert.Equal(0, Bm25.Idf(0, 4));
    }

    [Fact]
    public void Single_term_scores_match_hand_computation()
    {
        var scores = Scores(ToyIndex(), "cat");
        // idf(cat) = ln 2. d1: tf 1, B = 0.25 + 0.75·2/2.5 = 0.85 → 2.2·1/(1.2·0.85 + 1) = 2.2/2.02
        Assert.Equal(Math.Log(2) * 2.2 / 2.02, scores["d1"], Precision);
        // d2: tf 2, B = 0.25 + 0.75·3/2.5 = 1.15 → 2.2·2/(1.2·1.15 + 2) = 4.4/3.38
        Assert.Equal(Math.Log(2) * 4.4 / 3.38, scores["d2"], Precision);
        Assert.Equal(2, scores.Count);
    }

    [Fact]
    public void Two_term_query_ranks_by_summed_scores()
    {
        var hits = ToyIndex().Search(["fish", "bird"], 10);
        // d3: bird tf 3, B = 0.25 + 0.75·4/2.5 = 1.45 → ln(10/3)·6.6/(1.2·1.45 + 3) = ln(10/3)·6.6/4.74 ≈ 1.6764
        // d4: fish tf 1, B = 0.25 + 0.75·1/2.5 = 0.55 → ln 2·2.2/(1.2·0.55 + 1) = ln 2·2.2/1.66 ≈ 0.9186
        // d2: fish tf 1, B = 1.15 → ln 2·2.2/(1.2·1.15 + 1) = ln 2·2.2/2.38 ≈ 0.6407
        Assert.Equal(["d3", "d4", "d2"], hits.Select(h => h.Id));
        Assert.Equal(Math.Log(10.0 / 3) * 6.6 / 4.74, hits[0].Score, Precision);
        Assert.Equal(Math.Log(2) * 2.2 / 1.66, hits[1].Score, Precision);
        Assert.Equal(Math.Log(2) * 2.2 / 2.38, hits[2].Score, Precision);
    }

    [Fact]
    public void Repeated_query_term_counts_once()
    {
        var once = Scores(ToyIndex(), "cat");
        var twice = Scores(ToyIndex(), "cat", "cat");
        Assert.Equal(once["d1"], twice["d1"], Precision);
    }

    [Fact]
    public void Query_text_is_analyzed_like_documents()
    {
        var index = ToyIndex();
        Assert.Equal(["cat"], index.AnalyzeQuery("The CATS"));
        Assert.Equal(["d2", "d1"], index.Search(index.AnalyzeQuery("The CATS"), 10).Select(h => h.Id));
    }

    [Fact]
    public void Parameters_change_the_score()
    {
        // b = 0: no length normalization, d1 (tf 1) → ln 2·2.2·1/(1.2 + 1)= ln 2
        var noLength = ToyIndex(options: new InMemoryIndexOptions(new Bm25Parameters(1.2, 0)));
        Assert.Equal(Math.Log(2), Scores(noLength, "cat")["d1"], Precision);
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryIndex(options: new InMemoryIndexOptions(new Bm25Parameters(1.2, 1.5))));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryIndex(options: new InMemoryIndexOptions(new Bm25Parameters(-1, 0.75))));
    }
}
