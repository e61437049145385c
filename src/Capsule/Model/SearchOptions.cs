namespace Capsule;

/// <summary>How a full-text search runs and what its hits carry.</summary>
public sealed record SearchOptions
{
    public int K { get; init; } = 10;

    /// <summary>
    /// Read the query as plain words, with no operators: a ranked OR of its distinct analyzed terms.
    /// For natural-language queries (questions, evaluation topics) whose punctuation is not syntax.
    /// </summary>
    public bool PlainWords { get; init; }

    public SearchFilter Filter { get; init; } = SearchFilter.None;

    /// <summary>Build a snippet with the matched words marked for each hit (reads each hit's frame).</summary>
    public bool Snippets { get; init; } = true;

    /// <summary>Approximate snippet length in characters.</summary>
    public int SnippetLength { get; init; } = Indexing.Lexical.Snippets.SnippetBuilder.DefaultLength;
}
