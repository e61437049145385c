namespace Capsule.Indexing.Lexical.Query;

/// <summary>How a clause takes part in its <see cref="BooleanQuery"/>.</summary>
internal enum Occur : byte
{
    Should,
    Must,
    MustNot,
}

/// <summary>A parsed operand with its occurrence; <see cref="Node"/> is null when it analyzed to nothing.</summary>
internal readonly record struct Clause(Occur Occur, QueryNode? Node);

/// <summary>Builds the canonical <see cref="BooleanQuery"/> shapes (see <see cref="QueryParser"/>'s remarks).</summary>
internal static class QueryClauses
{
    /// <summary>Combines clauses, flattening where matches and BM25 sums stay the same; null when empty.</summary>
    public static QueryNode? Combine(IEnumerable<Clause> clauses)
    {
        var should = new List<QueryNode>();
        var must = new List<QueryNode>();
        var mustNot = new List<QueryNode>();
        foreach (var (occur, node) in clauses)
        {
            if (node is null)
                continue;
            var inner = node as BooleanQuery;
            if (occur == Occur.MustNot)
                mustNot.Add(node);
            else if (inner is not null && IsExclusionOnly(inner))
                mustNot.AddRange(inner.MustNot); // "a (NOT b)" means "a -b"
            else if (occur == Occur.Should && inner is { Must.Count: 0, MustNot.Count: 0 })
                should.AddRange(inner.Should); // OR inside OR
            else if (occur == Occur.Must && inner is { Should.Count: 0 })
            {
                must.AddRange(inner.Must); // AND inside AND, its exclusions kept
                mustNot.AddRange(inner.MustNot);
            }
            else if (occur == Occur.Must && inner is { Should.Count: 1, Must.Count: 0 })
            {
                must.Add(inner.Should[0]); // "+(b -c)" is "+b -c"
                mustNot.AddRange(inner.MustNot);
            }
            else
                (occur == Occur.Must ? must : should).Add(node);
        }

        int count = should.Count + must.Count + mustNot.Count;
        if (count == 0)
            return null;
        if (count == 1 && should.Count + must.Count == 1)
            return should.Count == 1 ? should[0] : must[0];
        return new BooleanQuery(should, must, mustNot);
    }

    /// <summary>Limits <paramref name="node"/> to a field; exclusions stay exclusions so they can be hoisted.</summary>
    public static QueryNode InField(QueryField field, QueryNode node) =>
        node is BooleanQuery b && IsExclusionOnly(b)
            ? new BooleanQuery([], [], b.MustNot.Select(n => (QueryNode)new FieldQuery(field, n)).ToArray())
            : new FieldQuery(field, node);

    /// <summary>The result of a whole query: never null, never exclusions alone.</summary>
    public static QueryNode Root(QueryNode? node) => node switch
    {
        null => new MatchNoneQuery("no searchable terms: every word is a stop word or punctuation"),
        BooleanQuery b when IsExclusionOnly(b) => new MatchNoneQuery("only exclusions: add a term to match"),
        _ => node,
    };

    private static bool IsExclusionOnly(BooleanQuery query) => query.Should.Count == 0 && query.Must.Count == 0;
}
