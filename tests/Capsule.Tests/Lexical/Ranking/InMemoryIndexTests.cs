using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Tests.Lexical.Ranking;

public sealed class InMemoryIndexTests
{
    [Fact]
    public void Title_boost_weights_title_frequency_before_saturation()
    {
        // X: title "cat", text "fish"; Y: text "cat". N = 2, df(cat) = 2 → idf = ln(1 + 0.5/2.5) = ln 1.2.
        // Every field length equals its average, so B = 1. Boost 2: X tf~ = 2·1 = 2 → 2.2·2/3.2 = 1.375;
        // Y tf~ = 1 → 2.2·1/2.2 = 1.
        static InMemoryIndex Build(double boost)
        {
            var index = new InMemoryIndex(options: new InMemoryIndexOptions(Bm25Parameters.Default, boost));
            index.Add("x", "cat", "fish");
            index.Add("y", null, "cat");
            return index;
        }
        var boosted = Build(2).Search(["cat"], 10);
        Assert.Equal(["x", "y"], boosted.Select(h => h.Id));
        Assert.Equal(Math.Log(1.2) * 1.375, boosted[0].Score, 12);
        Assert.Equal(Math.Log(1.2), boosted[1].Score, 12);

        // Boost 1: both tf~ = 1, equal scores; the tie goes to the smaller id.
        var even = Build(1).Search(["cat"], 10);
        Assert.Equal(even[0].Score, even[1].Score);
        // Boost 0: the title is ignored, only y matches.
        Assert.Equal(["y"], Build(0).Search(["cat"], 10).Select(h => h.Id));
    }

    [Fact]
    public void Default_title_boost_is_two() =>
        Assert.Equal(2.0, InMemoryIndexOptions.Default.TitleBoost);

    [Fact]
    public void Scores_do_not_depend_on_insertion_order()
    {
        var reference = Bm25ScoringTests.ToyIndex().Search(["cat", "fish", "bird", "dog"], 10);
        var seed = Environment.TickCount;
        var random = new Random(seed);
        for (int round = 0; round < 10; round++)
        {
            int[] order = [0, 1, 2, 3];
            random.Shuffle(order);
            var hits = Bm25ScoringTests.ToyIndex(order).Search(["cat", "fish", "bird", "dog"], 10);
            Assert.True(reference.SequenceEqual(hits), $"seed {seed}, order {string.Join(",", order)}");
        }
    }

    [Fact]
    public void Combined_statistics_make_split_indexes_score_like_one()
    {
        string[] texts = ["cat dog", "cat cat fish", "dog bird bird bird", "fish"];
        var whole = Bm25ScoringTests.ToyIndex();
        var first = new InMemoryIndex();
        var second = new InMemoryIndex();
        for (int i = 0; i < texts.Length; i++)
            (i < 1 ? first : second).Add($"d{i + 1}", null, texts[i]);
        string[] query = ["cat", "fish"];
        var combined = CollectionStatistics.Combine([first.Statistics(query), second.Statistics(query)]);
        Assert.Equal(4, combined.DocumentCount);
        Assert.Equal(new FieldStatistics(4, 10), combined.Text);
        Assert.Equal(2, combined.DocumentFrequency("fish"));

        var merged = first.Search(query, 10, combined).Concat(second.Search(query, 10, combined))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal);
        Assert.Equal(whole.Search(query, 10), merged);
        // Without the combined statistics the split scores differ (local N and avgdl).
        Assert.NotEqual(whole.Search(query, 10), first.Search(query, 10).Concat(second.Search(query, 10)).OrderByDescending(h => h.Score));
    }

    [Fact]
    public void Top_k_keeps_the_k_best_and_breaks_ties_by_id()
    {
        var index = new InMemoryIndex();
        foreach (var id in new[] { "e", "b", "d", "a", "c" })
            index.Add(id, null, "similar words");
        index.Add("z", null, "words words words other");
        Assert.Equal(["a", "b", "c"], index.Search(["similar"], 3).Select(h => h.Id));
        Assert.Empty(index.Search(["similar"], 0));
        Assert.Empty(index.Search(["absent"], 5));
        Assert.Equal(6, index.Search(["word"], 100).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(["same"], -1));
    }

    [Fact]
    public void Postings_record_frequencies_positions_and_lengths()
    {
        var index = new InMemoryIndex();
        index.Add("a", "Bird watching", "the bird saw a bird");
        Assert.True(index.TryGetTextPostings("bird", out var text));
        // "the" and "a" are stop words but keep their positions: bird at 1 and 4.
        Assert.Equal(new Posting(0, 2, [1, 4]).Positions, text.Postings.Single().Positions);
        Assert.Equal(2, text.Postings.Single().Frequency);
        Assert.True(index.TryGetTitlePostings("bird", out var title));
        Assert.Equal(1, title.Postings.Single().Frequency);
        var stats = index.Statistics();
        Assert.Equal(new FieldStatistics(1, 3), stats.Text);   // bird, saw, bird
        Assert.Equal(new FieldStatistics(1, 2), stats.Title);  // bird, watch
        Assert.Equal(1, stats.DocumentFrequency("bird"));      // once per document, across fields
    }

    [Fact]
    public void Duplicate_id_is_rejected()
    {
        var index = new InMemoryIndex();
        index.Add("a", null, "x");
        Assert.Throws<ArgumentException>(() => index.Add("a", null, "y"));
        Assert.Equal(1, index.DocumentCount);
    }
}
