using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Query;

namespace Capsule.Indexing.Lexical.Search;

/// <summary>Turns a query tree into <see cref="DocIterator"/>s over one part.</summary>
internal sealed class IteratorBuilder(SearchScratch scratch, ILexicalPart part, int partIndex, Bm25FWeights weights, LexicalSearchCounters? counters)
{
    /// <summary>Scorers for the distinct ranked terms present in this part; <see cref="TermScorer.QueryIndex"/> is the term's place in <paramref name="terms"/>.</summary>
    [MethodImpl(HotPath.Optimize)]
    public TermScorer[] RankedTerms(List<(string Term, FieldMask Mask)> terms)
    {
        var scorers = new List<TermScorer>(terms.Count);
        for (int q = 0; q < terms.Count; q++)
        {
            var scorer = Open(terms[q].Term, terms[q].Mask, positions: false);
            if (scorer is not null)
            {
                scorer.QueryIndex = q;
                scorers.Add(scorer);
            }
        }
        return [.. scorers];
    }

    public DocIterator Build(QueryNode node, FieldMask mask) => node switch
    {
        TermQuery term => Open(term.Term, mask, positions: false) is { } scorer ? new TermIterator(scorer) : EmptyIterator.Instance,
        PhraseQuery phrase => Phrase(phrase, mask),
        FieldQuery field => Build(field.Inner, LexicalSearcher.Mask(field.Field)),
        BooleanQuery boolean => Boolean(boolean, mask),
        _ => EmptyIterator.Instance,
    };

    public DocIterator Disjunction(IEnumerable<QueryNode> nodes, FieldMask mask)
    {
        var clauses = All(nodes, mask);
        return clauses.Length == 0 ? EmptyIterator.Instance : new BooleanIterator([], clauses, []);
    }

    private DocIterator Boolean(BooleanQuery query, FieldMask mask)
    {
        var must = query.Must.Select(n => Build(n, mask)).ToArray();
        if (must.Contains(EmptyIterator.Instance))
            return EmptyIterator.Instance;
        var should = All(query.Should, mask);
        if (must.Length == 0 && should.Length == 0)
            return EmptyIterator.Instance;
        return new BooleanIterator(must, should, All(query.MustNot, mask));
    }

    private DocIterator[] All(IEnumerable<QueryNode> nodes, FieldMask mask)
    {
        return nodes.Select(n => Build(n, mask)).Where(i => i != EmptyIterator.Instance).ToArray();
    }

    private DocIterator Phrase(PhraseQuery phrase, FieldMask mask)
    {
        var distinct = phrase.Terms.Select(t => t.Term).Distinct(StringComparer.Ordinal).ToArray();
        var scorers = new TermScorer[distinct.Length];
        double idf = 0;
        for (int i = 0; i < distinct.Length; i++)
        {
            // Every posting can hold the phrase in either field: match on both, count per field in the iterator.
            var scorer = Open(distinct[i], FieldMask.Both, positions: true);
            if (scorer is null)
                return EmptyIterator.Instance;
            scorers[i] = scorer;
            idf += scorer.Idf;
        }
        var effective = weights.Effective(mask);
        if (effective == 0)
            return EmptyIterator.Instance;
        var slotTerm = phrase.Terms.Select(t => Array.IndexOf(distinct, t.Term)).ToArray();
        var slotOffset = phrase.Terms.Select(t => t.Position - phrase.Terms[0].Position).ToArray();
        return new PhraseIterator(scorers, slotTerm, slotOffset, idf, effective, weights, part.Documents);
    }

    [MethodImpl(HotPath.Optimize)]
    private TermScorer? Open(string term, FieldMask mask, bool positions)
    {
        var entry = scratch.Terms[term];
        var handle = entry.Handles[partIndex];
        var effective = weights.Effective(mask);
        if (!handle.Found || effective == 0 || entry.Idf <= 0)
            return null;
        var scorer = scratch.Rent();
        scorer.Reset(part, handle, entry.Idf, effective, positions, weights, counters);
        return scorer;
    }
}
