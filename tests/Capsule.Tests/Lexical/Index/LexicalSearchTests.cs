using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Query;
using Capsule.Indexing.Lexical.Ranking;
using Capsule.Indexing.Lexical.Search;
using static Capsule.Tests.Lexical.Index.LexicalCorpus;

namespace Capsule.Tests.Lexical.Index;

public sealed class LexicalSearchTests
{
    private static LexicalIndexBuilder Toy()
    {
        // Bm25ScoringTests' corpus, frame ids with gaps.
        var builder = new LexicalIndexBuilder(Analyzer);
        builder.Add(10, null, "cat dog");
        builder.Add(20, null, "cat cat fish");
        builder.Add(21, null, "dog bird bird bird");
        builder.Add(40, null, "fish");
        return builder;
    }

    [Fact]
    public void Scores_match_hand_computed_bm25()
    {
        // N = 4, avgdl = 2.5, B = 0.25 + 0.3·len; term score = idf·2.2·tf/(1.2·B + tf).
        // "cat": df 2 → idf ln 2. d1 (len 2, B 0.85): 2.2/(1.02 + 1) = 2.2/2.02; d2 (len 3, B 1.15): 4.4/(1.38 + 2) = 4.4/3.38.
        var hits = Search(Toy(), "cat");
        Assert.Equal([20UL, 10UL], hits.Select(h => h.FrameId));
        Assert.Equal(Math.Log(2) * 4.4 / 3.38, hits[0].Score, 12);
        Assert.Equal(Math.Log(2) * 2.2 / 2.02, hits[1].Score, 12);
        // "bird": df 1 → ln(10/3); d3 len 4, B 1.45, tf 3: 6.6/(1.74 + 3).
        var bird = Search(Toy(), "bird");
        Assert.Equal(21UL, Assert.Single(bird).FrameId);
        Assert.Equal(Math.Log(10.0 / 3) * 6.6 / 4.74, bird[0].Score, 12);
    }

    [Fact]
    public void Ranked_or_equals_the_exhaustive_reference_bit_for_bit()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        for (int round = 0; round < 20; round++)
        {
            var corpus = LexicalCorpus.Random(random, random.Next(1, 600));
            var reference = corpus.Reference();
            var builder = corpus.Build();
            ILexicalPart[] persisted = [Persist(builder)];
            for (int q = 0; q < 10; q++)
            {
                var terms = Enumerable.Range(0, random.Next(1, 6)).Select(_ => corpus.Vocabulary[random.Next(corpus.Vocabulary.Length)]).ToArray();
                int k = random.Next(1, 30);
                var query = string.Join(' ', terms);
                var expected = reference.Search(reference.AnalyzeQuery(query), k).Select(h => (ulong.Parse(h.Id, System.Globalization.CultureInfo.InvariantCulture), h.Score)).ToArray();
                var actual = Search([builder], query, k).Select(h => (h.FrameId, h.Score)).ToArray();
                Assert.True(expected.SequenceEqual(actual), $"seed {seed} round {round} builder '{query}' k {k}\n{string.Join(' ', expected)}\n{string.Join(' ', actual)}");
                Assert.True(expected.SequenceEqual(Search(persisted, query, k).Select(h => (h.FrameId, h.Score))), $"seed {seed} round {round} persisted '{query}' k {k}");
            }
        }
    }

    [Fact]
    public void Scores_do_not_depend_on_how_the_corpus_is_split()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var corpus = LexicalCorpus.Random(random, 700);
        string[] queries = ["wa wb", "wc wd we wf", "wz wba", "title:wa wb", "wa AND wb", "\"wa wb\"", "wa -wb wc", "(wa OR wd) AND NOT title:wc"];
        foreach (var query in queries)
        {
            var whole = Search([corpus.Build()], query, 50);
            foreach (int ways in (int[])[3, 7])
            {
                var parts = corpus.Split(ways, random);
                Assert.True(whole.SequenceEqual(Search(parts, query, 50)), $"seed {seed}: '{query}' split {ways} ways (builders)");
                Assert.True(whole.SequenceEqual(Search(parts.Select(p => (ILexicalPart)Persist(p)).ToArray(), query, 50)), $"seed {seed}: '{query}' split {ways} ways (persisted)");
            }
        }
    }

    [Fact]
    public void Pruning_scores_a_fraction_of_the_postings_and_returns_the_exhaustive_top_k()
    {
        var random = new Random(7);
        var corpus = LexicalCorpus.Random(random, 20_000, vocabulary: 400, maxLength: 60);
        var part = Persist(corpus.Build());
        var reference = corpus.Reference();
        // A frequent term with rarer ones: the classic case where MaxScore skips most of the frequent list.
        string[] terms = ["wa", "wb", "wmq", "wnr"];
        var counters = new LexicalSearchCounters();
        var hits = Search([part], string.Join(' ', terms), 10, counters: counters);
        var expected = reference.Search(reference.AnalyzeQuery(string.Join(' ', terms)), 10);
        Assert.Equal(expected.Select(h => h.Id), hits.Select(h => Id(h.FrameId)));
        Assert.Equal(expected.Select(h => h.Score), hits.Select(h => h.Score));
        Assert.True(counters.ScoredPostings * 5 < counters.TotalPostings, $"scored {counters.ScoredPostings} of {counters.TotalPostings} postings");
    }

    [Fact]
    public void Accept_is_asked_lazily_and_filters_results()
    {
        var random = new Random(11);
        var corpus = LexicalCorpus.Random(random, 5_000, vocabulary: 200);
        var part = Persist(corpus.Build());
        bool Even(ulong frame) => frame % 2 == 0;
        var counters = new LexicalSearchCounters();
        var hits = Search([part], "wa wb wc", 10, Even, counters);
        Assert.All(hits, h => Assert.True(Even(h.FrameId)));
        // The exhaustive reference over the accepted frames only gives the same ranking (stats count all documents).
        var all = Search([part], "wa wb wc", 100_000);
        Assert.Equal(all.Where(h => Even(h.FrameId)).Take(10), hits);
        Assert.True(counters.AcceptCalls < all.Count / 10, $"accept asked {counters.AcceptCalls} times for {all.Count} matches");
    }

    [Fact]
    public void Title_is_boosted_as_in_the_reference_and_title_prefix_limits_the_field()
    {
        var builder = new LexicalIndexBuilder(Analyzer);
        builder.Add(1, "cat", "fish");
        builder.Add(2, null, "cat");
        var hits = Search(builder, "cat");
        Assert.Equal([1UL, 2UL], hits.Select(h => h.FrameId));
        Assert.Equal(Math.Log(1.2) * 1.375, hits[0].Score, 12);
        Assert.Equal([1UL], Search(builder, "title:cat").Select(h => h.FrameId));
        Assert.Equal([2UL], Search(builder, "text:cat").Select(h => h.FrameId));
    }

    [Fact]
    public void Phrases_need_adjacent_positions_with_stop_word_gaps_kept()
    {
        var builder = new LexicalIndexBuilder(Analyzer);
        builder.Add(1, null, "the war of the worlds was broadcast");
        builder.Add(2, null, "war worlds");
        builder.Add(3, null, "worlds of war");
        builder.Add(4, "war of the worlds", "a radio play");
        Assert.Equal([1UL, 4UL], Search(builder, "\"war of the worlds\"").Select(h => h.FrameId).Order());
        Assert.Equal([2UL], Search(builder, "\"war worlds\"").Select(h => h.FrameId));
        Assert.Equal([4UL], Search(builder, "title:\"war of the worlds\"").Select(h => h.FrameId));
        Assert.Empty(Search(builder, "\"worlds war\""));
        Assert.Equal(Search(builder, "\"war of the worlds\""), Search(Persist(builder), "\"war of the worlds\""));
    }

    [Fact]
    public void Boolean_operators_follow_lucene_occurrences()
    {
        var builder = new LexicalIndexBuilder(Analyzer);
        builder.Add(1, null, "apple banana");
        builder.Add(2, null, "apple cherry");
        builder.Add(3, null, "banana cherry");
        builder.Add(4, null, "apple banana cherry");
        ulong[] Frames(string q) => Search(builder, q).Select(h => h.FrameId).Order().ToArray();
        Assert.Equal([1UL, 4UL], Frames("apple AND banana"));
        Assert.Equal([1UL, 2UL, 3UL, 4UL], Frames("apple OR banana"));
        Assert.Equal([1UL], Frames("apple banana -cherry"));
        Assert.Equal([2UL], Frames("apple NOT banana"));
        Assert.Equal([1UL, 2UL, 4UL], Frames("+apple banana"));
        Assert.Equal([3UL], Frames("(banana OR cherry) -apple"));
        Assert.Equal([2UL, 3UL], Frames("cherry AND NOT (apple AND banana)"));
        // +apple banana: the Should clause adds to the score of documents that have it.
        var ranked = Search(builder, "+apple banana");
        Assert.Equal(2UL, ranked[^1].FrameId);
    }

    [Fact]
    public void Match_none_and_absent_terms_return_nothing()
    {
        var builder = Toy();
        Assert.Empty(new LexicalSearcher([builder]).Search(new QueryParser().Parse("to be or not to be"), 10));
        Assert.Empty(Search(builder, "zebra"));
        Assert.Empty(Search(builder, "cat AND zebra"));
        Assert.Empty(Search(builder, "\"cat zebra\""));
        Assert.Empty(new LexicalSearcher([]).Search(new TermQuery("cat"), 10));
        Assert.Empty(Search(builder, "cat", k: 0));
    }

    [Fact]
    public void Frame_ids_must_ascend()
    {
        var builder = Toy();
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(40, null, "again"));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(3, null, "earlier"));
        var later = new LexicalIndexBuilder(Analyzer);
        later.Add(5, null, "cat");
        Assert.Throws<ArgumentException>(() => new LexicalSearcher([builder, later]).Search(new TermQuery("cat"), 10));
    }
}
