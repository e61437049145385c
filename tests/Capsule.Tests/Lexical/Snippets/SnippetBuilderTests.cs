using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Query;
using Capsule.Indexing.Lexical.Snippets;

namespace Capsule.Tests.Lexical.Snippets;

public sealed class SnippetBuilderTests
{
    private static readonly Analyzer Analyzer = new();

    private static Snippet Build(string text, string query, int length = SnippetBuilder.DefaultLength) =>
        SnippetBuilder.Build(text, new QueryParser().Parse(query), Analyzer, length);

    [Fact]
    public void Marks_the_source_words_of_stemmed_and_folded_matches()
    {
        var snippet = Build("Running CAFÉS in the city", "run cafe");
        Assert.Equal("[Running] [CAFÉS] in the city", snippet.Render());
        Assert.Equal("\u001b[1mRunning\u001b[0m \u001b[1mCAFÉS\u001b[0m in the city", snippet.RenderAnsi());
    }

    [Fact]
    public void Picks_the_densest_cluster_and_cuts_at_spaces()
    {
        var filler = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor", 30));
        var text = $"{filler} a lonely whale here. {filler} whale and dolphin meet the whale pod. {filler}";
        var snippet = Build(text, "whale dolphin", 60);
        var rendered = snippet.Render();
        Assert.Contains("[whale] and [dolphin] meet the [whale]", rendered, StringComparison.Ordinal);
        Assert.StartsWith("…", rendered, StringComparison.Ordinal);
        Assert.EndsWith("…", rendered, StringComparison.Ordinal);
        Assert.True(snippet.Text.Length <= 62, snippet.Text);
        // Cuts fall on spaces: the body starts and ends with whole words.
        Assert.Matches("^…[a-z]", snippet.Text);
        Assert.Matches("[a-z.]…$", snippet.Text);
    }

    [Fact]
    public void Highlights_point_into_the_snippet_text()
    {
        var text = string.Concat(Enumerable.Repeat("alpha beta gamma delta\n", 40));
        var snippet = Build(text, "gamma -beta");
        Assert.NotEmpty(snippet.Highlights);
        Assert.All(snippet.Highlights, h => Assert.Equal("gamma", snippet.Text.Substring(h.Start, h.Length)));
        Assert.DoesNotContain('\n', snippet.Text);
    }

    [Fact]
    public void Without_matches_the_snippet_is_the_beginning()
    {
        var snippet = Build("short text only", "absent");
        Assert.Equal("short text only", snippet.Text);
        Assert.Empty(snippet.Highlights);
        var phrase = Build("the war of the worlds", "\"war of the worlds\"");
        Assert.Equal("the [war] of the [worlds]", phrase.Render());
    }
}
