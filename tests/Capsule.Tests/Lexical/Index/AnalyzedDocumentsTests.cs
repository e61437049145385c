using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Index;

namespace Capsule.Tests.Lexical.Index;

/// <summary>
/// The first half of a build split across threads: documents analyzed into streams of term ids, where a negative
/// value skips the positions of dropped tokens (stop words), so positions survive without being stored.
/// </summary>
public sealed class AnalyzedDocumentsTests
{
    [Fact]
    public void Stop_words_become_skips_and_positions_are_kept()
    {
        var terms = new SharedTermIds();
        var documents = new AnalyzedDocuments(terms.NewCollector(new Analyzer()));
        // Positions: the 0, quick 1, fox 2, and 3, the 4, dog 5; the title numbers from 0 again.
        documents.Add(7, "The end", "the quick fox and the dog");

        int quick = Id(terms, "quick"), fox = Id(terms, "fox"), dog = Id(terms, "dog"), end = Id(terms, "end");
        Assert.Equal([-1, quick, fox, -2, dog], documents.Text(0).ToArray());
        Assert.Equal([-1, end], documents.Title(0).ToArray());
        Assert.Equal(3, documents.TextLength(0));
        Assert.Equal(1, documents.TitleLength(0));
        Assert.Equal(7UL, documents.FrameId(0));
    }

    [Fact]
    public void Ranges_on_several_threads_share_one_id_per_term()
    {
        var terms = new SharedTermIds();
        var analyzer = new Analyzer();
        var first = new AnalyzedDocuments(terms.NewCollector(analyzer));
        var second = new AnalyzedDocuments(terms.NewCollector(analyzer));
        first.Add(1, null, "storage engines");
        second.Add(2, null, "engines of storage");

        Assert.Equal(2, terms.Count); // "of" is a stop word; "engines" stems to one term in both ranges
        Assert.Equal(first.Text(0)[0], second.Text(0)[^1]);
        Assert.Equal(first.Text(0)[1], second.Text(0)[0]);
    }

    [Fact]
    public void A_collector_counts_the_tokens_of_each_term()
    {
        var terms = new SharedTermIds();
        var documents = new AnalyzedDocuments(terms.NewCollector(new Analyzer()));
        documents.Add(1, "fox", "fox and dog and fox");

        var counts = documents.Collector.Counts;
        Assert.Equal(3, counts[Id(terms, "fox")]);
        Assert.Equal(1, counts[Id(terms, "dog")]);
    }

    [Fact]
    public void Collectors_of_one_table_must_share_an_analyzer()
    {
        // They share one memo of what the analyzer made of each word: a second analyzer (here one that keeps stop
        // words) would be handed the first one's answers.
        var terms = new SharedTermIds();
        terms.NewCollector(new Analyzer());
        var other = new Analyzer(AnalyzerSettings.Default with { StopWords = StopWordSet.None });
        Assert.Throws<ArgumentException>(() => terms.NewCollector(other));
    }

    [Fact]
    public void Frame_ids_must_ascend()
    {
        var documents = new AnalyzedDocuments(new SharedTermIds().NewCollector(new Analyzer()));
        documents.Add(5, null, "one");
        Assert.Throws<ArgumentOutOfRangeException>(() => documents.Add(5, null, "two"));
    }

    private static int Id(SharedTermIds terms, string term)
    {
        for (int id = 0; id < terms.Count; id++)
        {
            if (terms[id].SequenceEqual(term))
                return id;
        }
        throw new InvalidOperationException($"no term '{term}'");
    }
}
