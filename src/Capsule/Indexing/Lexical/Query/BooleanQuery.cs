namespace Capsule.Indexing.Lexical.Query;

/// <summary>
/// Clauses with Lucene's occurrences: a document must match every <see cref="Must"/> clause and no
/// <see cref="MustNot"/> clause; <see cref="Should"/> clauses add to the score, and when there is no
/// Must clause at least one Should clause has to match (ranked OR). The parser never builds one
/// with fewer than two clauses. One with MustNot clauses only matches nothing; the parser avoids it by
/// hoisting such exclusions into the enclosing query, or by a <see cref="MatchNoneQuery"/> at the root. The
/// one place it survives is under an exclusion, "cat -(-dog)", where it excludes nothing, as written.
/// </summary>
public sealed record BooleanQuery(IReadOnlyList<QueryNode> Should, IReadOnlyList<QueryNode> Must, IReadOnlyList<QueryNode> MustNot)
    : QueryNode
{
    /// <summary>Lucene's form: <c>(+must should -mustnot)</c>, Must first, each group in query order.</summary>
    public override string ToString()
    {
        var parts = Must.Select(q => "+" + q).Concat(Should.Select(q => q.ToString())).Concat(MustNot.Select(q => "-" + q));
        return "(" + string.Join(' ', parts) + ")";
    }

    // Records compare lists by reference; compare clauses so equal parses are equal values.
    public bool Equals(BooleanQuery? other) =>
        other is not null && Should.SequenceEqual(other.Should) && Must.SequenceEqual(other.Must) && MustNot.SequenceEqual(other.MustNot);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
