using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Query;
using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Indexing.Lexical.Search;

/// <summary>What one search reuses from the previous one: term scorers (with their decode buffers), the
/// term table, the MaxScore arrays.</summary>
internal sealed class SearchScratch
{
    private readonly List<TermScorer> _scorers = [];
    private int _used;

    /// <summary>Each distinct query term: its document frequency over all parts, idf, and per-part handle.</summary>
    public Dictionary<string, QueryTerm> Terms { get; } = new(StringComparer.Ordinal);

    public MaxScoreSearch MaxScore { get; } = new();

    public long TotalPostings { get; private set; }

    public TermScorer Rent()
    {
        if (_used == _scorers.Count)
            _scorers.Add(new TermScorer());
        return _scorers[_used++];
    }

    public void Release()
    {
        _used = 0;
        Terms.Clear();
        TotalPostings = 0;
    }

    [MethodImpl(HotPath.Optimize)]
    public void CollectTerms(QueryNode node, ILexicalPart[] parts, long documents)
    {
        switch (node)
        {
            case TermQuery term:
                Add(term.Term, parts, documents);
                break;
            case PhraseQuery phrase:
                foreach (var term in phrase.Terms)
                    Add(term.Term, parts, documents);
                break;
            case FieldQuery field:
                CollectTerms(field.Inner, parts, documents);
                break;
            case BooleanQuery boolean:
                foreach (var clause in boolean.Must.Concat(boolean.Should).Concat(boolean.MustNot))
                    CollectTerms(clause, parts, documents);
                break;
        }
    }

    [MethodImpl(HotPath.Optimize)]
    private void Add(string term, ILexicalPart[] parts, long documents)
    {
        if (Terms.ContainsKey(term))
            return;
        var handles = new TermHandle[parts.Length];
        long df = 0;
        for (int p = 0; p < parts.Length; p++)
        {
            handles[p] = parts[p].FindTerm(term);
            df += handles[p].DocumentFrequency;
        }
        TotalPostings += df;
        Terms.Add(term, new QueryTerm(df, Bm25.Idf(df, documents), handles));
    }
}

/// <summary>A query term's collection-wide document frequency and idf, and where each part keeps it.</summary>
internal sealed record QueryTerm(long DocumentFrequency, double Idf, TermHandle[] Handles);
