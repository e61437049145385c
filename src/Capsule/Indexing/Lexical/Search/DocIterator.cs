namespace Capsule.Indexing.Lexical.Search;

/// <summary>
/// Document-at-a-time matching of one query node over one part: documents ascend, <see cref="Doc"/> is
/// −1 before the first and <see cref="Index.PostingsCursor.Exhausted"/> after the last.
/// </summary>
internal abstract class DocIterator
{
    public const int Exhausted = Index.PostingsCursor.Exhausted;

    public abstract int Doc { get; }

    /// <summary>Moves to the first match at or after <paramref name="target"/> (stays when already there).</summary>
    public abstract int Advance(int target);

    /// <summary>The score of the current document.</summary>
    public abstract double Score();

    public int NextDoc() => Advance(Doc + 1);
}

/// <summary>Matches nothing (a term absent from the part, a <c>MatchNoneQuery</c>).</summary>
internal sealed class EmptyIterator : DocIterator
{
    public static readonly EmptyIterator Instance = new();

    public override int Doc => Exhausted;

    public override int Advance(int target) => Exhausted;

    public override double Score() => 0;
}

/// <summary>One term in the fields of its mask.</summary>
internal sealed class TermIterator(TermScorer term) : DocIterator
{
    public override int Doc => term.Cursor.Doc;

    public override int Advance(int target) => term.Cursor.Advance(target);

    public override double Score() => term.Score();
}

/// <summary>
/// Lucene's boolean occurrences: a document must match every Must clause (or, with none, some Should
/// clause) and no MustNot clause; its score sums the Must clauses and the Should clauses it matches.
/// </summary>
internal sealed class BooleanIterator(DocIterator[] must, DocIterator[] should, DocIterator[] mustNot) : DocIterator
{
    private int _doc = -1;

    public override int Doc => _doc;

    public override int Advance(int target)
    {
        if (target <= _doc)
            return _doc;
        while (true)
        {
            int candidate = must.Length > 0 ? Conjunction(target) : Disjunction(target);
            if (candidate == Exhausted || !Excluded(candidate))
                return _doc = candidate;
            target = candidate + 1;
        }
    }

    public override double Score()
    {
        double score = 0;
        foreach (var clause in must)
            score += clause.Score();
        foreach (var clause in should)
        {
            if (clause.Advance(_doc) == _doc)
                score += clause.Score();
        }
        return score;
    }

    /// <summary>Leapfrog: advance each clause to the largest document any has reached until all agree.</summary>
    private int Conjunction(int target)
    {
        int agreed = 0;
        for (int i = 0; agreed < must.Length; i = (i + 1) % must.Length)
        {
            int doc = must[i].Advance(target);
            if (doc == Exhausted)
                return Exhausted;
            if (doc == target)
                agreed++;
            else
            {
                target = doc;
                agreed = 1;
            }
        }
        return target;
    }

    private int Disjunction(int target)
    {
        int least = Exhausted;
        foreach (var clause in should)
            least = Math.Min(least, clause.Advance(target));
        return least;
    }

    private bool Excluded(int doc)
    {
        foreach (var clause in mustNot)
        {
            if (clause.Advance(doc) == doc)
                return true;
        }
        return false;
    }
}
