namespace Capsule.Indexing.Lexical.Query;

/// <summary>
/// A node of a parsed query (see <see cref="QueryParser"/>). Every node prints a canonical form
/// with <see cref="ToString"/>, modelled on Lucene's <c>Query.toString()</c>: tests pin parses by
/// that string, and two queries that print the same match the same documents.
/// </summary>
/// <remarks>Not named <c>Query</c>: that would shadow this namespace for every caller.</remarks>
public abstract record QueryNode
{
    /// <summary>The canonical form, e.g. <c>(+cat -dog "war ? ? world" title:tree)</c>.</summary>
    public abstract override string ToString();
}
