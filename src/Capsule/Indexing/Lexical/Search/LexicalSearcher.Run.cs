using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Query;
using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Indexing.Lexical.Search;

public sealed partial class LexicalSearcher
{
    [MethodImpl(HotPath.Optimize)]
    private LexicalHit[] Run(QueryNode query, int k, Func<ulong, bool>? accept, LexicalSearchCounters? counters, SearchScratch scratch)
    {
        var (documents, text, title) = Totals();
        var weights = new Bm25FWeights(_options, text.AverageLength, title.AverageLength);
        scratch.CollectTerms(query, _parts, documents);
        if (counters is not null)
            counters.TotalPostings += scratch.TotalPostings;
        var heap = new HitHeap(k);
        bool ranked = TryRankedOr(query, out var terms, out var exclusions);
        for (int p = 0; p < _parts.Length; p++)
        {
            var part = _parts[p];
            if (part.DocumentCount == 0)
                continue;
            var builder = new IteratorBuilder(scratch, part, p, weights, counters);
            if (ranked)
            {
                var scorers = builder.RankedTerms(terms);
                if (scorers.Length == 0)
                    continue;
                var excluded = exclusions.Count == 0 ? null : builder.Disjunction(exclusions, FieldMask.Both);
                scratch.MaxScore.Run(scorers, terms.Count, excluded, part.Documents, heap, accept, counters);
            }
            else
            {
                var root = builder.Build(query, FieldMask.Both);
                var table = part.Documents;
                for (int doc = root.NextDoc(); doc != DocIterator.Exhausted; doc = root.NextDoc())
                    MaxScoreSearch.Offer(root.Score(), doc, null, table, heap, accept, counters);
            }
        }
        return heap.ToSortedArray();
    }

    /// <summary>
    /// Whether <paramref name="query"/> is a ranked OR of (field-limited) terms, possibly with exclusions:
    /// the shape <see cref="MaxScoreSearch"/> prunes. Terms are distinct, in query order: a term repeated in
    /// the query counts once, as <see cref="InMemoryIndex.Search"/> counts it.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    private static bool TryRankedOr(QueryNode query, out List<(string Term, FieldMask Mask)> terms, out IReadOnlyList<QueryNode> exclusions)
    {
        terms = [];
        exclusions = [];
        IReadOnlyList<QueryNode> should = [query];
        if (query is BooleanQuery boolean)
        {
            if (boolean.Must.Count > 0)
                return false;
            should = boolean.Should;
            exclusions = boolean.MustNot;
        }
        foreach (var node in should)
        {
            (string, FieldMask) term = node switch
            {
                TermQuery t => (t.Term, FieldMask.Both),
                FieldQuery { Inner: TermQuery t } f => (t.Term, Mask(f.Field)),
                _ => default,
            };
            if (term.Item1 is null)
                return false;
            if (!terms.Contains(term))
                terms.Add(term);
        }
        return terms.Count > 0;
    }

    internal static FieldMask Mask(QueryField field) => field == QueryField.Title ? FieldMask.Title : FieldMask.Text;
}
