using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Tests.Lexical;

public sealed class AnalyzerTests
{
    private static string[] Terms(string text, AnalyzerSettings? settings = null) =>
        new Analyzer(settings).Analyze(text).Select(t => t.Term).ToArray();

    [Fact]
    public void Default_pipeline_folds_drops_stop_words_and_stems()
    {
        // Snowball's list (the default) drops "don't"; Lucene's shorter list keeps it.
        Assert.Equal(new[] { "run", "quick", "café", "user" }.Select(TextNormalizer.Fold).Select(PorterStemmer2.Stem),
            Terms("The Running of the QUICKLY Cafés: a user's don't"));
        Assert.Equal(new[] { "run", "quick", "café", "user", "don't" }.Select(TextNormalizer.Fold).Select(PorterStemmer2.Stem),
            Terms("The Running of the QUICKLY Cafés: a user's don't", new AnalyzerSettings(StopWordSet.Lucene)));
    }

    [Fact]
    public void Stop_word_gaps_keep_positions()
    {
        var tokens = new Analyzer().Analyze("war of the worlds");
        Assert.Equal(new[] { "war", "world" }, tokens.Select(t => t.Term));
        Assert.Equal(new[] { 0, 3 }, tokens.Select(t => t.Position));
    }

    [Fact]
    public void Stop_word_sets_differ()
    {
        Assert.Equal(33, EnglishStopWords.Lucene.Count);
        Assert.Equal(174, EnglishStopWords.Snowball.Count);
        Assert.Equal(new[] { "should", "about" }, Terms("should about the", new AnalyzerSettings(StopWordSet.Lucene, Stemming: false)));
        Assert.Empty(Terms("should about the", new AnalyzerSettings(StopWordSet.Snowball, Stemming: false)));
        Assert.Equal(new[] { "the", "and" }, Terms("the and", new AnalyzerSettings(StopWordSet.None)));
    }

    [Fact]
    public void Stemming_off_keeps_folded_words_and_drops_possessive() =>
        Assert.Equal(new[] { "running", "cafes", "user" }, Terms("Running Cafés user's", new AnalyzerSettings(Stemming: false)));

    [Fact]
    public void Only_english_letter_terms_are_stemmed() =>
        // Stemming sees the folded term, so "Straße" and "strasse" stay one term; digits and Cyrillic are left alone.
        Assert.Equal(new[] { "strass", "strass", "3.14", "ing", "книгами" },
            Terms("Straße strasse 3.14 ing книгами", new AnalyzerSettings(StopWordSet.None)));

    [Fact]
    public void Length_limits_apply_to_words_not_cjk()
    {
        var settings = new AnalyzerSettings(StopWordSet.None, Stemming: false, MinTokenLength: 3, MaxTokenLength: 5);
        Assert.Equal(new[] { "abc", "abcde", "東" }, Terms("ab abc abcde abcdef 東", settings));
    }

    [Fact]
    public void Cjk_bigrams_pass_through_with_offsets()
    {
        var tokens = new Analyzer().Analyze("in 東京都");
        Assert.Equal(new[] { "東京", "京都" }, tokens.Select(t => t.Term));
        Assert.Equal(new[] { (3, 5), (4, 6) }, tokens.Select(t => (t.Start, t.End)));
    }

    [Fact]
    public void Offsets_round_trip_and_analysis_is_deterministic()
    {
        string text = string.Concat(Enumerable.Repeat("Ünïcode 東京都 don't 3.14 \U0001D400x e-mail! ", 50)) + new string('x', 600);
        var first = new Analyzer().Analyze(text);
        var second = new Analyzer().Analyze(text);
        Assert.Equal(first, second);
        var analyzer = new Analyzer();
        foreach (var t in first)
        {
            // The source slice, analyzed alone, gives back exactly this term.
            var alone = analyzer.Analyze(text[t.Start..t.End]);
            Assert.Equal(t.Term, Assert.Single(alone).Term);
        }
        Assert.DoesNotContain(first, t => t.Term.Length > 64); // the 600-char token is dropped (rented-buffer path)
    }

    [Fact]
    public void Invalid_settings_are_rejected() =>
        Assert.Throws<ArgumentException>(() => new Analyzer(new AnalyzerSettings(MinTokenLength: 0)));

    [Fact]
    public void Shared_analyzers_are_reused_for_equal_settings_only()
    {
        var lucene = new AnalyzerSettings(StopWordSet.Lucene);
        var first = Analyzer.Shared(lucene);
        // Equal settings (another instance of the record) reuse the built analyzer; other settings get their own,
        // analyzing by those settings (Lucene's list keeps "don't", Snowball's drops it).
        Assert.Same(first, Analyzer.Shared(new AnalyzerSettings(StopWordSet.Lucene)));
        var snowball = Analyzer.Shared(AnalyzerSettings.Default);
        Assert.NotSame(first, snowball);
        Assert.Equal(AnalyzerSettings.Default, snowball.Settings);
        Assert.Equal(new[] { "don't" }, Analyzer.Shared(lucene).Analyze("don't").Select(t => t.Term));
        Assert.Empty(Analyzer.Shared(null).Analyze("don't"));
    }
}
