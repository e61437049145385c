using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Capsule.Cli.Bench;

/// <summary>
/// <c>capsule bench ir DIR</c>: full-text search on a judged collection (docs.jsonl, queries.jsonl,
/// qrels.tsv) beside SQLite FTS5 and Xapian measured by the anchors' script in the same run: build
/// time (documents already parsed, through to durable), warm query latency p50 (top 100, one query at a
/// time), file size (text + index), and nDCG@10 scored by the same evaluator for every engine.
/// </summary>
internal static partial class IrBench
{
    private const int Depth = 100;

    public static Command Build()
    {
        var dir = new Argument<string>("collection") { Description = "Folder with docs.jsonl, queries.jsonl and qrels.tsv, e.g. ../shared/datasets/ir/cran" };
        var peers = new Option<string>("--peers") { DefaultValueFactory = _ => "fts5,xapian" };
        var noPeers = new Option<bool>("--no-peers") { Description = "Measure Capsule only (quality is then not scored: the evaluator is a peer script)" };
        var anchors = new Option<string?>("--anchors") { Description = "Folder holding lex_peers.py and eval_run.py (default ../shared/anchors)" };
        var repeat = new Option<int>("--repeat")
        {
            DefaultValueFactory = _ => 1,
            Description = "Rounds of Capsule (each in a fresh process, so every first build is a one-shot build) then the peers, alternating; the table shows each figure's median over the rounds",
        };
        // Internal: one round's Capsule half, run in a child process by --repeat; writes the TREC run there.
        var roundRun = new Option<string?>("--round-run") { Hidden = true };
        var command = new Command("ir", "Full-text search quality and speed: Capsule beside SQLite FTS5 and Xapian, same run") { dir, peers, noPeers, anchors, repeat, roundRun };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var collection = parseResult.GetValue(dir)!;
            if (parseResult.GetValue(roundRun) is { } roundRunPath)
            {
                var scratch = Directory.CreateTempSubdirectory("capsule-bench-ir-");
                try
                {
                    Capsule(collection, scratch.FullName, roundRunPath);
                    return ExitCodes.Ok;
                }
                finally
                {
                    scratch.Delete(recursive: true);
                }
            }
            var rounds = Math.Max(1, parseResult.GetValue(repeat));
            var work = Directory.CreateTempSubdirectory("capsule-bench-ir-");
            try
            {
                var run = Path.Combine(work.FullName, "capsule.run");
                var anchorDir = parseResult.GetValue(noPeers) ? null : PeerRunner.Locate(parseResult.GetValue(anchors));
                var tables = new List<List<string[]>>();
                for (var round = 1; round <= rounds; round++)
                {
                    if (rounds > 1)
                    {
                        Console.Out.WriteLine($"round {round} of {rounds}");
                    }
                    var (build, again, p50, size) = rounds == 1 ? Capsule(collection, work.FullName, run) : CapsuleInChild(collection, run);
                    var rows = new List<string[]> { new[] { "capsule", $"{build:0}", $"{again:0}", $"{p50:0.000}", $"{size / 1e6:0.00}", "" } };
                    if (anchorDir is not null)
                    {
                        rows.AddRange(Peers(anchorDir, collection, work.FullName, parseResult.GetValue(peers)!));
                    }
                    if (rounds > 1)
                    {
                        // Each round's builds, so a median that one burst of load decided can be seen as such.
                        Console.Out.WriteLine($"  round {round} build ms: " + string.Join(", ", rows.Select(r => $"{r[0]} {r[1]}")));
                    }
                    tables.Add(rows);
                }
                var table = rounds == 1 ? tables[0] : MedianRows.Combine(tables);
                if (anchorDir is not null)
                {
                    // Scored once: every round ranks the same documents for the same queries.
                    table[0][5] = Ndcg(PeerRunner.Run(anchorDir, "eval_run.py", Path.Combine(collection, "qrels.tsv"), run, "--label", "capsule"));
                }
                var title = $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(collection))}: top {Depth}, one query at a time"
                    + (rounds > 1 ? $", median of {rounds} alternating rounds" : "");
                Output.Table(title, ["engine", "build ms", "again ms", "query p50 ms", "file MB", "nDCG@10"], table, 1, 2, 3, 4, 5);
                return ExitCodes.Ok;
            }
            finally
            {
                work.Delete(recursive: true);
            }
        });
        return command;
    }

    /// <summary>The peers' rows (build ms, "-" for a second build they do not make, p50, size, nDCG) from lex_peers.py.</summary>
    private static List<string[]> Peers(string anchorDir, string collection, string work, string peers)
    {
        var rows = new List<string[]>();
        string[]? pending = null;
        foreach (var line in PeerRunner.Run(anchorDir, "lex_peers.py", collection, "--out", work, "--peers", peers))
        {
            Console.Out.WriteLine($"  peer: {line}");
            if (PeerLine().Match(line) is { Success: true } m)
            {
                pending = [m.Groups["name"].Value, m.Groups["build"].Value, "-", m.Groups["p50"].Value, m.Groups["size"].Value, ""];
                rows.Add(pending);
            }
            else if (pending is not null && NdcgField().Match(line) is { Success: true } n)
            {
                pending[5] = n.Groups[1].Value;
            }
        }
        return rows;
    }

    /// <summary>
    /// One round's Capsule half in a fresh process of this same program (<c>--round-run</c>): only a fresh
    /// process pays what a one-shot command pays on its first build, so a second round in this process would
    /// measure a warm build twice. Its output line is echoed and parsed.
    /// </summary>
    private static (double BuildMs, double AgainMs, double P50Ms, long Size) CapsuleInChild(string collection, string runPath)
    {
        var program = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program is running, to start a round in a fresh process");
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(program) == "dotnet")
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Capsule.Cli.dll")); // `dotnet Capsule.Cli.dll ...`
        }
        foreach (var arg in (string[])["bench", "ir", collection, "--no-peers", "--round-run", runPath]) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || CapsuleLine().Match(output) is not { Success: true } m)
        {
            throw new InvalidOperationException($"a benchmark round failed (exit {process.ExitCode}): {stderr.Result.Trim()}{output.Trim()}");
        }
        Console.Out.WriteLine("  " + m.Value);
        double Field(string name) => double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
        return (Field("build"), Field("again"), Field("p50"), (long)(Field("size") * 1e6));
    }

    private static (double BuildMs, double AgainMs, double P50Ms, long Size) Capsule(string collection, string work, string runPath)
    {
        var docs = ReadLines(Path.Combine(collection, "docs.jsonl"));
        var queries = ReadLines(Path.Combine(collection, "queries.jsonl"));
        var path = Path.Combine(work, "collection.mvc");
        var jit = JitWork.Now();
        var build = BuildCapsule(path, docs);
        var firstJit = jit.Since(); // what the first build spent compiling: the one-shot cost
        // The same build again in this process: the first one also pays for compiling the code (JIT), as
        // a one-shot command does; a long-running process (an agent) pays the second figure.
        var warmBuild = BuildCapsule(Path.Combine(work, "again.mvc"), docs);
        var size = new FileInfo(path).Length;
        // A second commit re-puts 10 documents (same text, new frames), so the head differs from commit 1:
        // the as-of view of commit 1 is then a real point in the past, searched beside the head.
        using (var writer = CapsuleFile.Open(path))
        {
            foreach (var (id, text) in docs.Take(10)) writer.Put(new FrameDraft(text) { Uri = $"doc/{id}" });
            writer.Commit();
        }
        var run = new StringBuilder();
        double head, asOf;
        using (var capsule = CapsuleFile.Open(path, new CapsuleOptions { ReadOnly = true }))
        {
            head = Latency(capsule, queries, run);
        }
        using (var view = CapsuleFile.OpenAsOf(path, AsOf.Commit(1)))
        {
            asOf = Latency(view, queries, null);
        }
        File.WriteAllText(runPath, run.ToString());
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"capsule: docs={docs.Count} build={build:0}ms (put + commit + seal with the full-text index, fsynced; first in this process: {firstJit}) build_again={warmBuild:0}ms query_p50={head:0.000}ms as_of_commit_1_p50={asOf:0.000}ms file={size / 1e6:0.00}MB"));
        return (build, warmBuild, head, size);
    }

    private static double BuildCapsule(string path, List<(string Id, string Text)> docs)
    {
        var clock = Stopwatch.StartNew();
        using (var writer = CapsuleFile.Create(path))
        {
            foreach (var (id, text) in docs)
            {
                writer.Put(new FrameDraft(text) { Uri = $"doc/{id}" });
            }
            writer.Commit(sealTail: true);
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Warm p50 of the queries (one untimed pass first); appends the TREC run when asked.</summary>
    private static double Latency(CapsuleFile capsule, List<(string Id, string Text)> queries, StringBuilder? run)
    {
        var options = new SearchOptions { K = Depth, PlainWords = true, Snippets = false };
        // Untimed warm-up of at least 3,000 searches, so the optimized tier of the JIT is what is timed.
        for (var i = 0; i < Math.Max(3_000, queries.Count); i++) capsule.Search(queries[i % queries.Count].Text, options);
        var latencies = new double[queries.Count];
        for (var q = 0; q < queries.Count; q++)
        {
            var start = Stopwatch.GetTimestamp();
            var hits = capsule.Search(queries[q].Text, options);
            latencies[q] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            for (var r = 0; run is not null && r < hits.Count; r++)
            {
                run.Append(CultureInfo.InvariantCulture, $"{queries[q].Id} Q0 {hits[r].Uri[4..]} {r + 1} {hits[r].Score:0.######} capsule\n");
            }
        }
        Array.Sort(latencies);
        return Commands.KnnCommand.Percentile(latencies, 0.5);
    }

    private static List<(string Id, string Text)> ReadLines(string path)
    {
        var result = new List<(string, string)>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            var id = doc.RootElement.GetProperty("id");
            result.Add((id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText(), doc.RootElement.GetProperty("text").GetString() ?? ""));
        }
        return result;
    }

    private static string Ndcg(IReadOnlyList<string> evalOutput) =>
        evalOutput.Select(l => NdcgField().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value ?? "?";

    [GeneratedRegex(@"^(?<name>[^:]+): docs=\d+ build=(?<build>[\d.]+)ms query_p50=(?<p50>[\d.]+)ms index=(?<size>[\d.]+)MB")]
    private static partial Regex PeerLine();

    [GeneratedRegex(@"capsule: docs=\d+ build=(?<build>[\d.]+)ms .* build_again=(?<again>[\d.]+)ms query_p50=(?<p50>[\d.]+)ms .* file=(?<size>[\d.]+)MB")]
    private static partial Regex CapsuleLine();

    [GeneratedRegex(@"nDCG@10=([\d.]+)")]
    private static partial Regex NdcgField();
}
