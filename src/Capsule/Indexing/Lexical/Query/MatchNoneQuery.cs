namespace Capsule.Indexing.Lexical.Query;

/// <summary>
/// A well-formed query that can match nothing, with the reason to show the user, e.g. one made
/// only of stop words ("to be or not to be") or only of exclusions ("-draft"). A value rather than
/// an exception because the text is not malformed; a value rather than an empty result because
/// the user deserves to know why nothing came back. Only ever the root of a parse.
/// </summary>
public sealed record MatchNoneQuery(string Reason) : QueryNode
{
    public override string ToString() => $"<none: {Reason}>";
}
