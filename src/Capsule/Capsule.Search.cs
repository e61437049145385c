using Capsule.Engine.Indexes;
using Capsule.Format;
using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Persisted;
using Capsule.Indexing.Lexical.Query;
using Capsule.Indexing.Lexical.Ranking;
using Capsule.Indexing.Lexical.Search;
using Capsule.Indexing.Lexical.Snippets;

namespace Capsule;

public sealed partial class Capsule
{
    private (Engine.CommittedState State, LexicalSearcher Searcher, long[] Offsets)? _searcher;

    /// <summary>How many runs' indexes this instance holds open.</summary>
    internal int OpenRunIndexes
    {
        get
        {
            lock (_gate)
            {
                return _indexes.OpenRuns;
            }
        }
    }

    /// <summary>How many indexes this instance built from frames instead of reading them from the file.</summary>
    internal int IndexesBuiltInMemory
    {
        get
        {
            lock (_gate)
            {
                return _indexes.BuiltInMemory;
            }
        }
    }

    /// <summary>
    /// Before a query: an encrypted capsule closes its least recently used decrypted run indexes until they fit
    /// the decrypted-bytes budget (<see cref="CapsuleOptions.BlockCacheBytes"/>), so between queries they stay
    /// within it plus the indexes of one query.
    /// </summary>
    private void TrimDecryptedIndexes()
    {
        if (_device is Crypto.SealedDevice sealedDevice)
        {
            _indexes.EvictWhile(() => sealedDevice.DecryptedIndexBytes > sealedDevice.IndexBudget);
        }
    }

    /// <summary>
    /// Full-text search (BM25, title boosted) over the live frames of this view: bare words are a
    /// ranked OR; AND, OR, NOT, -word, parentheses, "exact phrases" and title:word combine them (the
    /// operators are upper case, so "and" in natural text is a word). Each sealed run's index is read
    /// through the map and the tail's is built in memory; scores use statistics combined across all
    /// of them, so they do not depend on how frames are split into runs. Committed frames only.
    /// </summary>
    /// <exception cref="QueryParseException">The query is malformed; the message points at the position.</exception>
    public IReadOnlyList<SearchHit> Search(string query, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new SearchOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.K, 1);
        lock (_gate)
        {
            ThrowIfDisposed();
            TrimDecryptedIndexes();
            var node = options.PlainWords ? PlainWords(query) : new QueryParser(_settings.Analyzer).Parse(query);
            var (searcher, offsets) = Searcher();
            if (searcher.Parts.Count == 0)
            {
                return [];
            }
            var accept = Acceptor(options.Filter);
            IReadOnlyList<LexicalHit> hits;
            try
            {
                hits = searcher.Search(node, options.K, accept);
            }
            catch (FormatViolation e)
            {
                // The searcher reads every part; name the first persisted index (usually the only one damaged).
                throw new CorruptCapsuleException(e.Message, Path, offsets.FirstOrDefault(o => o != 0), "index");
            }
            var analyzer = options.Snippets ? Analyzer.Shared(_settings.Analyzer) : null;
            var result = new List<SearchHit>(hits.Count);
            foreach (var hit in hits)
            {
                if (analyzer is null)
                {
                    // No snippet: the frame's head (uri, title) is enough; its payload is not copied.
                    var (uri, title) = UriAndTitle(hit.FrameId);
                    result.Add(new SearchHit(hit.FrameId, hit.Score, uri, title, null));
                    continue;
                }
                var frame = ReadAny(hit.FrameId);
                var snippet = SnippetBuilder.Build(FullTextIndexKind.TextOf(frame) is { Length: > 0 } text ? text : frame.Title, node, analyzer, options.SnippetLength);
                result.Add(new SearchHit(hit.FrameId, hit.Score, frame.Uri, frame.Title, snippet));
            }
            return result;
        }
    }

    private (string Uri, string Title) UriAndTitle(ulong frameId)
    {
        if (_pending is not null && _pending.TryFind(frameId, out _))
        {
            var frame = ReadAny(frameId);
            return (frame.Uri, frame.Title);
        }
        var (segment, index) = LocateCommitted(frameId);
        var head = _reader.ReadHead(segment, index);
        return (head.Uri, head.Title);
    }

    /// <summary>A ranked OR of the distinct analyzed terms of <paramref name="text"/>.</summary>
    private QueryNode PlainWords(string text)
    {
        var terms = Analyzer.Shared(_settings.Analyzer).Analyze(text).Select(t => t.Term).Distinct(StringComparer.Ordinal)
            .Select(t => (QueryNode)new TermQuery(t)).ToArray();
        return terms.Length switch
        {
            0 => new MatchNoneQuery("the query has no indexable words"),
            1 => terms[0],
            _ => new BooleanQuery(terms, [], []),
        };
    }

    /// <summary>The searcher over this view's parts (each run's index, then the tail's), kept until the view changes.</summary>
    private (LexicalSearcher Searcher, long[] Offsets) Searcher()
    {
        var kind = FullTextIndexKind.Instance;
        var parts = new List<ILexicalPart>();
        var offsets = new List<long>();
        foreach (var run in _state.Runs)
        {
            var offset = run.IndexOffset(kind.Type);
            if (IndexReads(offset, () => _indexes.Run(run, kind, _settings, PersistedLexicalPart.Open)) is { } part)
            {
                parts.Add(part);
                offsets.Add(offset);
            }
        }
        if (_indexes.Tail(_state, kind, _settings, PersistedLexicalPart.Open) is { } tail)
        {
            parts.Add(tail);
            offsets.Add(0);
        }
        if (_searcher is { } cached && cached.State == _state && cached.Searcher.Parts.SequenceEqual(parts))
        {
            return (cached.Searcher, cached.Offsets);
        }
        var searcher = new LexicalSearcher(parts, new InMemoryIndexOptions(_settings.Bm25, _settings.TitleBoost));
        _searcher = (_state, searcher, offsets.ToArray());
        return (searcher, offsets.ToArray());
    }
}
