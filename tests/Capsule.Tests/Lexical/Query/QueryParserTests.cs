using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Query;

namespace Capsule.Tests.Lexical.Query;

public sealed class QueryParserTests
{
    private const string OnlyStopWords = "<none: no searchable terms: every word is a stop word or punctuation>";
    private const string OnlyExclusions = "<none: only exclusions: add a term to match>";

    private static readonly QueryParser Parser = new();

    public static TheoryData<string, string> Canonical => new()
    {
        // Bare words, implicit and explicit OR.
        { "cat", "cat" },
        { "cat dog", "(cat dog)" },
        { "cat OR dog", "(cat dog)" },
        { "cat\tdog\nbird", "(cat dog bird)" },
        { "CAT Dog", "(cat dog)" },
        // Precedence: NOT > AND > OR.
        { "cat AND dog", "(+cat +dog)" },
        { "cat AND dog AND bird", "(+cat +dog +bird)" },
        { "cats AND dogs OR birds", "((+cat +dog) bird)" },
        { "cats OR dogs AND birds", "(cat (+dog +bird))" },
        { "cat dog AND bird", "(cat (+dog +bird))" },
        { "cat AND NOT dog", "(+cat -dog)" },
        { "cat AND -dog", "(+cat -dog)" },
        // Lower-case operators are words (here stop words, so they drop out).
        { "cat and dog", "(cat dog)" },
        { "cat or dog", "(cat dog)" },
        { "cat not dog", "(cat dog)" },
        { "cat AND and", "cat" },
        { "to be or not to be", OnlyStopWords },
        // Exclusion and requirement.
        { "cat NOT dog", "(cat -dog)" },
        { "NOT dog cat", "(cat -dog)" },
        { "cat -dog", "(cat -dog)" },
        { "--cat dog", "(dog -cat)" },
        { "cat - dog", "(cat dog)" },
        { "+cat dog", "(+cat dog)" },
        { "+cat", "cat" },
        { "cat -\"red fox\"", "(cat -\"red fox\")" },
        { "cat -(dog bird)", "(cat -(dog bird))" },
        { "NOT(cat) dog", "(dog -cat)" },
        { "-cat", OnlyExclusions },
        { "the -cat", OnlyExclusions },
        { "cat -(-dog)", "(cat -(-dog))" },
        // Parentheses and flattening.
        { "(cat OR dog) AND bird", "(+(cat dog) +bird)" },
        { "((cat))", "cat" },
        { "(cat (dog (bird fish)))", "(cat dog bird fish)" },
        { "cat AND (dog AND bird)", "(+cat +dog +bird)" },
        { "cat AND (dog -bird)", "(+cat +dog -bird)" },
        { "cat (NOT dog)", "(cat -dog)" },
        { "cat (the)", "cat" },
        // Phrases keep stop word gaps.
        { "\"war of the worlds\"", "\"war ? ? world\"" },
        { "\"cats and dogs\"", "\"cat ? dog\"" },
        { "\"the war\"", "war" },
        { "\"the of\"", OnlyStopWords },
        { "\"quick  brown\" fox", "(\"quick brown\" fox)" },
        // Stop words inside boolean operators.
        { "the AND cat", "cat" },
        { "cat OR the", "cat" },
        // Fields.
        { "title:cat", "title:cat" },
        { "title:\"red fox\"", "title:\"red fox\"" },
        { "title:(cat dog)", "title:(cat dog)" },
        { "text:cats AND title:dogs", "(+text:cat +title:dog)" },
        { "-title:cat dog", "(dog -title:cat)" },
        { "title:the cat", "cat" },
        { "title:AND", OnlyStopWords },
        { "title:title:cat", "title:\"titl cat\"" },
        { "title:(-cat) dog", "(dog -title:cat)" },
        // Unknown fields and other punctuation-joined words are phrases of their parts.
        { "foo:bar", "\"foo bar\"" },
        { "Title:cat", "\"titl cat\"" },
        { "http://example.com/page", "\"http exampl com page\"" },
        { "10:30", "\"10 30\"" },
        { "e-mail", "\"e mail\"" },
        { "user_id", "\"user id\"" },
        // Unicode: folding, CJK bigrams (OR when bare, phrase when quoted).
        { "Café", "cafe" },
        { "\"Café au lait\"", "\"cafe au lait\"" },
        { "Straße", "strass" },
        { "東京都", "(東京 京都)" },
        { "\"東京都\"", "\"東京 京都\"" },
        { "東京 cat", "(東京 cat)" },
    };

    [Theory]
    [MemberData(nameof(Canonical))]
    public void Parses_to_canonical_form(string query, string expected) =>
        Assert.Equal(expected, Parser.Parse(query).ToString());

    [Fact]
    public void Table_has_enough_rows() => Assert.True(Canonical.Count >= 40);

    [Fact]
    public void Terms_use_the_given_analyzer_settings()
    {
        var raw = new QueryParser(new AnalyzerSettings(StopWordSet.None, Stemming: false));
        Assert.Equal("(cats and dogs)", raw.Parse("cats and dogs").ToString());
        Assert.Equal("\"war of the worlds\"", raw.Parse("\"war of the worlds\"").ToString());
    }

    [Fact]
    public void Phrase_positions_are_relative_to_the_first_term()
    {
        var phrase = Assert.IsType<PhraseQuery>(Parser.Parse("\"the war of the worlds\""));
        Assert.Equal(new[] { new PhraseTerm("war", 0), new PhraseTerm("world", 3) }, phrase.Terms);
    }

    [Fact]
    public void Equal_parses_are_equal_values()
    {
        Assert.Equal(Parser.Parse("cat OR \"red fox\""), Parser.Parse("cat \"red fox\""));
        Assert.NotEqual(Parser.Parse("cat AND dog"), Parser.Parse("cat dog"));
        Assert.Equal(Parser.Parse("cat dog").GetHashCode(), Parser.Parse("(cat OR dog)").GetHashCode());
    }

    [Fact]
    public void Boolean_clauses_land_in_their_occurrence()
    {
        var query = Assert.IsType<BooleanQuery>(Parser.Parse("+cat dog -bird"));
        Assert.Equal(new QueryNode[] { new TermQuery("cat") }, query.Must);
        Assert.Equal(new QueryNode[] { new TermQuery("dog") }, query.Should);
        Assert.Equal(new QueryNode[] { new TermQuery("bird") }, query.MustNot);
    }

    [Fact]
    public void Null_query_is_rejected() => Assert.Throws<ArgumentNullException>(() => Parser.Parse(null!));
}
