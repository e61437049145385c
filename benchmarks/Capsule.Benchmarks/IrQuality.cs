using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Benchmarks;

/// <summary>
/// <c>ir [--stop lucene|snowball|none] [--stem on|off] [--no-peers] DIR [DIR...]</c>: indexes each
/// collection with <see cref="InMemoryIndex"/> (text only; these collections have no titles), runs
/// every query (ranked OR, top 100, one at a time), writes a TREC run, scores nDCG@10 itself and with
/// ../shared/anchors/eval_run.py, and runs the peers (SQLite FTS5, Xapian) via lex_peers.py in the
/// same run, so the quality and speed ratios can be read off one table.
/// </summary>
public static partial class IrQuality
{
    public const int RunDepth = 100;
    private const string Python = "/usr/bin/python3";
    private static readonly string Anchors = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/anchors"));

    private sealed record Row(string Collection, int Queries, double Ndcg, string? EvalLine, double BuildMs, double P50Ms, List<string> PeerLines);

    public static int Run(string[] args)
    {
        var settings = AnalyzerSettings.Default;
        bool peers = true;
        var dirs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--stop" when i + 1 < args.Length:
                    settings = settings with { StopWords = Enum.Parse<StopWordSet>(args[++i], ignoreCase: true) };
                    break;
                case "--stem" when i + 1 < args.Length:
                    settings = settings with { Stemming = args[++i] == "on" };
                    break;
                case "--no-peers":
                    peers = false;
                    break;
                default:
                    dirs.Add(args[i]);
                    break;
            }
        }
        if (dirs.Count == 0 || dirs.Any(d => !IrQualityData.Exists(d)))
        {
            Console.Error.WriteLine("usage: ir [--stop lucene|snowball|none] [--stem on|off] [--no-peers] DIR [DIR...]");
            Console.Error.WriteLine("  DIR holds docs.jsonl, queries.jsonl and qrels.tsv, e.g. /work/shared/datasets/ir/cran");
            return 2;
        }

        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"analyzer: {settings}; BM25 k1={Bm25Parameters.DefaultK1} b={Bm25Parameters.DefaultB}; exhaustive scorer, top {RunDepth}; distinct query terms");
        var rows = new List<Row>();
        foreach (var dir in dirs)
            rows.Add(RunOne(dir, settings, peers));

        Console.WriteLine();
        Console.WriteLine($"| collection | queries | Capsule nDCG@10 | eval_run.py nDCG@10 | build ms | query p50 ms | peers (nDCG@10, build, p50) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            string eval = r.EvalLine is null ? "n/a" : NdcgOf(r.EvalLine) ?? "?";
            string peerCells = string.Join("; ", Peers(r.PeerLines));
            Console.WriteLine($"| {r.Collection} | {r.Queries} | {r.Ndcg:F4} | {eval} | {r.BuildMs:F0} | {r.P50Ms:F3} | {peerCells} |");
        }
        Console.WriteLine($"Load average after: {Measure.LoadAverage()}. Single runs: compare ratios, not absolute times.");
        return 0;
    }

    private static Row RunOne(string dir, AnalyzerSettings settings, bool peers)
    {
        var data = IrQualityData.Load(dir);
        var analyzer = new Analyzer(settings);

        // Untimed warm-up on a throwaway index so JIT is not in the build time.
        var warm = new InMemoryIndex(analyzer);
        foreach (var (id, text) in data.Docs.Take(200))
            warm.Add(id, null, text);

        var start = Stopwatch.GetTimestamp();
        var index = new InMemoryIndex(analyzer);
        foreach (var (id, text) in data.Docs)
            index.Add(id, null, text);
        double buildMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        var results = new IReadOnlyList<ScoredDocument>[data.Queries.Count];
        IReadOnlyList<ScoredDocument> Query(int i) => index.Search(index.AnalyzeQuery(data.Queries[i].Text), RunDepth);
        for (int i = 0; i < data.Queries.Count; i++) // warm pass, untimed
            results[i] = Query(i);
        var micros = Measure.Latencies(data.Queries.Count, i => results[i] = Query(i));
        double p50 = Measure.Percentile(micros, 50) / 1000;

        var runPath = Path.Combine(Path.GetTempPath(), $"capsule-ir-{data.Name}-{Environment.ProcessId}.run");
        var run = new StringBuilder();
        double ndcgSum = 0;
        for (int i = 0; i < data.Queries.Count; i++)
        {
            var qid = data.Queries[i].Id;
            for (int r = 0; r < results[i].Count; r++)
                run.Append(CultureInfo.InvariantCulture, $"{qid} Q0 {results[i][r].Id} {r + 1} {results[i][r].Score:F4} capsule\n");
        }
        File.WriteAllText(runPath, run.ToString());
        var byQuery = data.Queries.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        foreach (var (qid, gains) in data.Qrels) // averaged over judged queries, as eval_run.py does
        {
            var ranking = byQuery.TryGetValue(qid, out int i) ? results[i].Select(h => h.Id).ToArray() : [];
            ndcgSum += Ndcg.AtK(ranking, gains, 10);
        }
        double ndcg = ndcgSum / data.Qrels.Count;

        Console.WriteLine();
        Console.WriteLine($"== {data.Name}: {data.Docs.Count} docs, {data.Queries.Count} queries, {data.Qrels.Count} judged");
        Console.WriteLine($"capsule InMemoryIndex: build={buildMs:F0}ms query_p50={p50:F3}ms nDCG@10={ndcg:F4} run={runPath}");
        string? evalLine = Python3($"\"{Anchors}/eval_run.py\" \"{Path.Combine(dir, "qrels.tsv")}\" \"{runPath}\" --label capsule").FirstOrDefault();
        Console.WriteLine(evalLine ?? "eval_run.py: not available");
        var peerLines = peers ? Python3($"\"{Anchors}/lex_peers.py\" \"{dir}\"") : [];
        foreach (var line in peerLines)
            Console.WriteLine(line);
        return new Row(data.Name, data.Qrels.Count, ndcg, evalLine, buildMs, p50, peerLines);
    }

    private static List<string> Python3(string arguments)
    {
        if (!File.Exists(Python))
            return [];
        var psi = new ProcessStartInfo(Python, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var lines = new List<string>();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
            lines.Add(line);
        string err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            lines.Add($"[python3 {arguments} exited {process.ExitCode}: {err.Trim().Split('\n').LastOrDefault()}]");
        return lines;
    }

    /// <summary>Pairs each lex_peers.py timing line with its eval line: "name nDCG, build, p50".</summary>
    private static IEnumerable<string> Peers(List<string> lines)
    {
        foreach (var timing in lines.Where(l => l.Contains(" build=", StringComparison.Ordinal)))
        {
            string name = timing[..timing.IndexOf(':', StringComparison.Ordinal)];
            string? eval = lines.FirstOrDefault(l => l.StartsWith(name + " queries=", StringComparison.Ordinal));
            var build = BuildPattern().Match(timing);
            var p50 = P50Pattern().Match(timing);
            yield return $"{name} {(eval is null ? "?" : NdcgOf(eval))}, {build.Groups[1].Value}ms, {p50.Groups[1].Value}ms";
        }
    }

    private static string? NdcgOf(string evalLine)
    {
        var m = NdcgPattern().Match(evalLine);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"nDCG@10=([0-9.]+)")]
    private static partial Regex NdcgPattern();

    [GeneratedRegex(@"build=([0-9.]+)ms")]
    private static partial Regex BuildPattern();

    [GeneratedRegex(@"query_p50=([0-9.]+)ms")]
    private static partial Regex P50Pattern();
}
