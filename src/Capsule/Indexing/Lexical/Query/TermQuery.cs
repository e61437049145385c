namespace Capsule.Indexing.Lexical.Query;

/// <summary>One analyzed term (folded, stop-checked, stemmed), matched against the index as is.</summary>
public sealed record TermQuery(string Term) : QueryNode
{
    public override string ToString() => Term;
}
