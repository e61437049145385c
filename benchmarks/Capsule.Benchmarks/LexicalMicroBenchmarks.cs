using BenchmarkDotNet.Attributes;
using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Persisted;
using Capsule.Indexing.Lexical.Query;
using Capsule.Indexing.Lexical.Ranking;
using Capsule.Indexing.Lexical.Search;
using Capsule.Indexing.Storage;

namespace Capsule.Benchmarks;

/// <summary>
/// Micro-benchmarks of the lexical index on the Cranfield collection (../shared/datasets/ir/cran):
/// the analyzer over every document, a whole index build, decoding every posting of the most frequent
/// term from the persisted payload, and top-10 searches (all 225 queries, one at a time, pruned) beside
/// the exhaustive scorer on the same queries. Run: <c>-- --filter '*LexicalMicro*'</c>.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class LexicalMicroBenchmarks
{
    private readonly Analyzer _analyzer = new();
    private IrQualityData _data = null!;
    private PersistedLexicalPart _part = null!;
    private LexicalSearcher _searcher = null!;
    private InMemoryIndex _reference = null!;
    private QueryNode[] _queries = [];
    private string[][] _queryTerms = [];
    private string _frequentTerm = "";

    [GlobalSetup]
    public void Setup()
    {
        _data = IrQualityData.Load(FindCollection("cran"));
        var builder = BuildIndex();
        _part = PersistedLexicalPart.Open(IndexPayload.FromBytes(LexicalIndexWriter.Write(builder)));
        _searcher = new LexicalSearcher([_part]);
        _reference = new InMemoryIndex(_analyzer);
        foreach (var (id, text) in _data.Docs)
            _reference.Add(id, null, text);
        _queries = _data.Queries.Select(q => LexicalIndexBenchmark.Query(_analyzer, q.Text)).ToArray();
        _queryTerms = _data.Queries.Select(q => _analyzer.Analyze(q.Text).Select(t => t.Term).ToArray()).ToArray();
        _frequentTerm = _data.Docs.SelectMany(d => _analyzer.Analyze(d.Text).Select(t => t.Term).Distinct())
            .GroupBy(t => t).MaxBy(g => g.Count())!.Key;
    }

    [Benchmark]
    public int Analyze()
    {
        var sink = new Counter();
        foreach (var (_, text) in _data.Docs)
            _analyzer.Analyze(text.AsSpan(), ref sink);
        return sink.Count;
    }

    [Benchmark]
    public int Build() => BuildIndex().TermCount;

    [Benchmark]
    public long DecodePostings()
    {
        ILexicalPart part = _part;
        var cursor = new PostingsCursor();
        part.Open(part.FindTerm(_frequentTerm), cursor, positions: false);
        long sum = 0;
        while (cursor.NextDoc() != PostingsCursor.Exhausted)
            sum += cursor.TfText;
        return sum;
    }

    [Benchmark]
    public int TopTenPruned()
    {
        int hits = 0;
        foreach (var query in _queries)
            hits += _searcher.Search(query, 10).Count;
        return hits;
    }

    [Benchmark(Baseline = true)]
    public int TopTenExhaustive()
    {
        int hits = 0;
        foreach (var terms in _queryTerms)
            hits += _reference.Search(terms, 10).Count;
        return hits;
    }

    private LexicalIndexBuilder BuildIndex()
    {
        var builder = new LexicalIndexBuilder(_analyzer);
        for (int d = 0; d < _data.Docs.Count; d++)
            builder.Add((ulong)d + 1, null, _data.Docs[d].Text);
        return builder;
    }

    /// <summary>BenchmarkDotNet runs from a generated folder: look upwards for shared/datasets/ir/NAME.</summary>
    private static string FindCollection(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", "ir", name);
            if (IrQualityData.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException($"shared/datasets/ir/{name} above {AppContext.BaseDirectory}");
    }

    private struct Counter : ITokenSink
    {
        public int Count;

        public void OnToken(scoped ReadOnlySpan<char> term, int start, int end, int position) => Count++;
    }
}
