using System.Diagnostics;
using System.Globalization;
using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Persisted;
using Capsule.Indexing.Lexical.Query;
using Capsule.Indexing.Lexical.Ranking;
using Capsule.Indexing.Lexical.Search;
using Capsule.Indexing.Storage;

namespace Capsule.Benchmarks;

/// <summary>
/// <c>lex [--stop lucene|snowball|none] DIR [DIR...]</c>: the persisted lexical index on an IR collection:
/// build time (builder, then writer), payload size, open time, query latency (ranked OR of the analyzed
/// query terms, one query at a time, warm, top 10 and top 100), the share of postings the pruned
/// searcher scores, agreement with the exhaustive <see cref="InMemoryIndex"/>, and nDCG@10. Hand-timed
/// (not BenchmarkDotNet) because a build is a one-shot over a whole collection; builds are repeated
/// and the median is reported. Compare with <c>ir DIR</c> (FTS5, Xapian) run in the same session.
/// </summary>
public static class LexicalIndexBenchmark
{
    private const int BuildRuns = 5;

    public static int Run(string[] args)
    {
        var settings = AnalyzerSettings.Default;
        var dirs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--stop" && i + 1 < args.Length)
                settings = settings with { StopWords = Enum.Parse<StopWordSet>(args[++i], ignoreCase: true) };
            else
                dirs.Add(args[i]);
        }
        if (dirs.Count == 0 || dirs.Any(d => !IrQualityData.Exists(d)))
        {
            Console.Error.WriteLine("usage: lex [--stop lucene|snowball|none] DIR [DIR...]   (DIR as for 'ir')");
            return 2;
        }
        Console.WriteLine($"machine: {Measure.Machine()}; analyzer: {settings}");
        Console.WriteLine("collection  docs  build ms (per 1k)  write ms  payload  open µs  p50 µs k10  p50 µs k100  scored/total postings k10  same top100 as exhaustive  nDCG@10");
        foreach (var dir in dirs)
            RunOne(IrQualityData.Load(dir), new Analyzer(settings));
        Console.WriteLine($"Load average after: {Measure.LoadAverage()}.");
        return 0;
    }

    private static void RunOne(IrQualityData data, Analyzer analyzer)
    {
        LexicalIndexBuilder Build()
        {
            var builder = new LexicalIndexBuilder(analyzer);
            for (int d = 0; d < data.Docs.Count; d++)
                builder.Add((ulong)d + 1, null, data.Docs[d].Text);
            return builder;
        }
        Build(); // JIT and warm caches
        // Wall time and this process's CPU time: on a loaded machine (other builds share the 2 cores) the
        // CPU time is the steadier figure; report both.
        var builds = new double[BuildRuns];
        var cpu = new double[BuildRuns];
        LexicalIndexBuilder builder = null!;
        for (int r = 0; r < BuildRuns; r++)
        {
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            builder = Build();
            builds[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu[r] = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds;
        }
        Array.Sort(builds);
        Array.Sort(cpu);
        double buildMs = builds[BuildRuns / 2], buildCpuMs = cpu[BuildRuns / 2];
        // The analyzer alone (terms into a sink that keeps nothing): the floor under the build time.
        var analyze = new double[BuildRuns];
        for (int r = 0; r < BuildRuns; r++)
        {
            var start = Stopwatch.GetTimestamp();
            var sink = new CountingSink();
            foreach (var (_, text) in data.Docs)
                analyzer.Analyze(text.AsSpan(), ref sink);
            analyze[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(analyze);
        double analyzeMs = analyze[BuildRuns / 2];
        LexicalIndexWriter.Write(builder);
        var writeStart = Stopwatch.GetTimestamp();
        var bytes = LexicalIndexWriter.Write(builder);
        double writeMs = Stopwatch.GetElapsedTime(writeStart).TotalMilliseconds;

        using var payload = IndexPayload.FromBytes(bytes);
        PersistedLexicalPart.Open(payload); // JIT: the figure is the open itself
        var openStart = Stopwatch.GetTimestamp();
        var part = PersistedLexicalPart.Open(payload);
        double openMicros = Stopwatch.GetElapsedTime(openStart).TotalMicroseconds;
        var searcher = new LexicalSearcher([part]);

        var queries = data.Queries.Select(q => Query(analyzer, q.Text)).ToArray();
        var reference = new InMemoryIndex(analyzer);
        for (int d = 0; d < data.Docs.Count; d++)
            reference.Add(((ulong)d + 1).ToString("D20", CultureInfo.InvariantCulture), null, data.Docs[d].Text);

        var results = new IReadOnlyList<LexicalHit>[queries.Length];
        var k10 = Measure.Latencies(queries.Length, i => searcher.Search(queries[i], 10));
        var k100 = Measure.Latencies(queries.Length, i => results[i] = searcher.Search(queries[i], IrQuality.RunDepth));
        var counters = new LexicalSearchCounters();
        int same = 0;
        double ndcg = 0;
        for (int i = 0; i < queries.Length; i++)
        {
            searcher.Search(queries[i], 10, counters: counters);
            var terms = analyzer.Analyze(data.Queries[i].Text).Select(t => t.Term).ToArray();
            var exhaustive = reference.Search(terms, IrQuality.RunDepth).Select(h => (ulong.Parse(h.Id, CultureInfo.InvariantCulture), h.Score));
            if (exhaustive.SequenceEqual(results[i].Select(h => (h.FrameId, h.Score))))
                same++;
            if (data.Qrels.TryGetValue(data.Queries[i].Id, out var gains))
                ndcg += Ndcg.AtK(results[i].Select(h => data.Docs[(int)h.FrameId - 1].Id).ToArray(), gains, 10);
        }
        int judged = data.Queries.Count(q => data.Qrels.ContainsKey(q.Id));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{data.Name,-10} {data.Docs.Count,5}  {buildMs,8:F1} ({buildMs * 1000 / data.Docs.Count,5:F2}; cpu {buildCpuMs:F0}; analyzer alone {analyzeMs:F1})  {writeMs,8:F1}  {Measure.Bytes(bytes.Length),8}  {openMicros,6:F1}  {Measure.Percentile(k10, 50),10:F1}  {Measure.Percentile(k100, 50),11:F1}  {counters.ScoredPostings,9}/{counters.TotalPostings,-9} ({100.0 * counters.ScoredPostings / Math.Max(1, counters.TotalPostings):F0}%)  {same,4}/{queries.Length,-4}  {ndcg / Math.Max(1, judged):F4}"));
    }

    private struct CountingSink : ITokenSink
    {
        public int Count;

        public void OnToken(scoped ReadOnlySpan<char> term, int start, int end, int position) => Count++;
    }

    /// <summary>The query as the 'ir' harness runs it: a ranked OR of its distinct analyzed terms (query
    /// text is natural language here, not the query syntax).</summary>
    public static QueryNode Query(Analyzer analyzer, string text)
    {
        var terms = analyzer.Analyze(text).Select(t => t.Term).Distinct(StringComparer.Ordinal).Select(t => (QueryNode)new TermQuery(t)).ToArray();
        return terms.Length switch
        {
            0 => new MatchNoneQuery("no terms"),
            1 => terms[0],
            _ => new BooleanQuery(terms, [], []),
        };
    }
}
