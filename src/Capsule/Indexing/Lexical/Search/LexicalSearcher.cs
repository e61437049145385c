using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Query;
using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Indexing.Lexical.Search;

/// <summary>
/// Top-k BM25F search over the parts of one collection (persisted index segments and the open tail's
/// builder). Collection statistics (document count, average field lengths, document frequencies) are
/// summed over every part at query time, so a document scores the same whichever part holds it.
/// </summary>
/// <remarks>
/// Statistics count every document in the parts, live or not, as Lucene counts deleted documents until
/// a merge drops them; the caller's accept filter removes dead and superseded frames from results and is
/// asked only about a document whose score would enter the top k. A ranked OR of terms (with or without
/// exclusions) runs <see cref="MaxScoreSearch"/>, so it does not score every posting; any other query (AND,
/// phrases, groups) is matched document at a time and scored exhaustively. Thread-safe: concurrent searches
/// take their scratch from a pool. Parts must not change during a search.
/// </remarks>
public sealed partial class LexicalSearcher
{
    private readonly ILexicalPart[] _parts;
    private readonly InMemoryIndexOptions _options;
    private readonly ConcurrentBag<SearchScratch> _scratch = [];

    /// <param name="parts">The parts, in ascending frame-id order (each part's frames above the previous part's).</param>
    /// <param name="options">BM25 parameters and title boost; <see cref="InMemoryIndexOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public LexicalSearcher(IReadOnlyList<ILexicalPart> parts, InMemoryIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _parts = [.. parts];
        _options = options ?? InMemoryIndexOptions.Default;
        _options.Validate();
    }

    public IReadOnlyList<ILexicalPart> Parts => _parts;

    /// <summary>The combined statistics, with document frequencies of <paramref name="terms"/> (analyzed terms).</summary>
    public CollectionStatistics Statistics(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var (documents, text, title) = Totals();
        var df = terms.Distinct(StringComparer.Ordinal).ToDictionary(t => t, t => _parts.Sum(p => (long)p.DocumentFrequency(t)), StringComparer.Ordinal);
        return new CollectionStatistics(documents, text, title, df);
    }

    /// <summary>The best <paramref name="k"/> frames for <paramref name="query"/>, best first, ties by frame id ascending.</summary>
    /// <param name="query">A parsed query (<see cref="QueryParser"/>, analyzed with the index's analyzer).</param>
    /// <param name="k">How many hits at most.</param>
    /// <param name="accept">Whether a frame may be returned (live, on the branch, passing filters); null accepts all.</param>
    /// <param name="counters">Receives what the search did, when given.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    /// <exception cref="ArgumentException">The parts' frame ids do not ascend across parts.</exception>
    [MethodImpl(HotPath.Optimize)]
    public IReadOnlyList<LexicalHit> Search(QueryNode query, int k, Func<ulong, bool>? accept = null, LexicalSearchCounters? counters = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k == 0)
            return [];
        CheckOrder();
        var scratch = _scratch.TryTake(out var pooled) ? pooled : new SearchScratch();
        try
        {
            return Run(query, k, accept, counters, scratch);
        }
        finally
        {
            scratch.Release();
            _scratch.Add(scratch);
        }
    }

    [MethodImpl(HotPath.Optimize)]
    private (long Documents, FieldStatistics Text, FieldStatistics Title) Totals()
    {
        long documents = 0;
        FieldStatistics text = default, title = default;
        foreach (var part in _parts)
        {
            documents += part.DocumentCount;
            text += part.TextStatistics;
            title += part.TitleStatistics;
        }
        return (documents, text, title);
    }

    [MethodImpl(HotPath.Optimize)]
    private void CheckOrder()
    {
        ulong? last = null;
        foreach (var part in _parts)
        {
            if (part.DocumentCount == 0)
                continue;
            if (last is not null && part.FrameId(0) <= last)
                throw new ArgumentException($"Parts must cover ascending frame ranges: frame {part.FrameId(0)} follows {last}.");
            last = part.FrameId(part.DocumentCount - 1);
        }
    }
}
