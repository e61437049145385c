namespace Capsule.Indexing.Lexical.Query;

/// <summary>
/// A query string is malformed: unbalanced parentheses or quotes, an operator without an operand,
/// an empty field prefix. Derives from <see cref="FormatException"/> because it is bad text, not bad
/// bytes. The message quotes the query with a caret under <see cref="Position"/>.
/// </summary>
public sealed class QueryParseException : FormatException
{
    public QueryParseException(string query, int position, string reason)
        : base(Render(query, position, reason))
    {
        Query = query;
        Position = position;
        Reason = reason;
    }

    /// <summary>The query as given.</summary>
    public string Query { get; }

    /// <summary>0-based UTF-16 index into <see cref="Query"/> of the problem; <c>Query.Length</c> when the
    /// query ended too early.</summary>
    public int Position { get; }

    /// <summary>The reason alone, without the quoted query.</summary>
    public string Reason { get; }

    private static string Render(string query, int position, string reason)
    {
        // Tabs and newlines would shift the caret off its column, so they print as spaces.
        var shown = string.Create(query.Length, query, static (span, q) =>
        {
            for (int i = 0; i < q.Length; i++)
                span[i] = char.IsControl(q[i]) ? ' ' : q[i];
        });
        return $"{reason} (at position {position}){Environment.NewLine}  {shown}{Environment.NewLine}  {new string(' ', position)}^";
    }
}
