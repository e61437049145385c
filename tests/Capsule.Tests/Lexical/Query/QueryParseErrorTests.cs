using Capsule.Indexing.Lexical.Query;

namespace Capsule.Tests.Lexical.Query;

public sealed class QueryParseErrorTests
{
    private static readonly QueryParser Parser = new();

    public static TheoryData<string, int> Malformed => new()
    {
        { "", 0 },
        { "   ", 0 },
        { "(cat dog", 0 },
        { "((cat)", 0 },
        { "cat dog)", 7 },
        { "(cat))", 5 },
        { "\"cat dog", 0 },
        { "cat \"dog", 4 },
        { "AND cat", 0 },
        { "OR cat", 0 },
        { "cat AND", 7 },
        { "cat AND  ", 9 },
        { "cat NOT", 7 },
        { "NOT", 3 },
        { "cat OR", 6 },
        { "cat AND OR dog", 8 },
        { "cat OR OR dog", 7 },
        { "cat AND )", 8 },
        { "NOT NOT cat", 4 },
        { "NOT -cat", 4 },
        { "title:", 6 },
        { "title: cat", 6 },
        { "dog text:)", 9 },
        { "cat ()", 5 },
        { "cat \"\"", 4 },
        { "cat \"  \" dog", 4 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_query_points_at_the_position(string query, int position)
    {
        var error = Assert.Throws<QueryParseException>(() => Parser.Parse(query));
        Assert.Equal(position, error.Position);
        Assert.Equal(query, error.Query);
    }

    [Fact]
    public void Table_has_enough_rows() => Assert.True(Malformed.Count >= 12);

    [Fact]
    public void Message_quotes_the_query_with_a_caret_under_the_position()
    {
        var error = Assert.Throws<QueryParseException>(() => Parser.Parse("cat AND"));
        string[] lines = error.Message.Split(Environment.NewLine);
        Assert.Equal("AND needs a term after it (at position 7)", lines[0]);
        Assert.Equal("  cat AND", lines[1]);
        Assert.Equal("         ^", lines[2]);
        Assert.Equal("AND needs a term after it", error.Reason);
    }

    [Fact]
    public void Caret_stays_aligned_when_the_query_has_tabs_and_newlines()
    {
        var error = Assert.Throws<QueryParseException>(() => Parser.Parse("cat\t(dog\nbird"));
        string[] lines = error.Message.Split(Environment.NewLine);
        Assert.Equal("  cat (dog bird", lines[1]);
        Assert.Equal(lines[1].IndexOf('('), lines[2].IndexOf('^'));
    }

    [Fact]
    public void Is_a_format_exception() =>
        Assert.IsAssignableFrom<FormatException>(Assert.Throws<QueryParseException>(() => Parser.Parse("(")));
}
