using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.RegularExpressions;
using Capsule.Indexing.Vector;

namespace Capsule.Cli.Bench;

/// <summary>
/// <c>capsule bench ann PREFIX</c>: Capsule's vector search on a TEXMEX set (PREFIX_base.fvecs,
/// _query.fvecs, _groundtruth.ivecs, .meta) beside hnswlib and faiss measured by the anchors' script
/// in the same run: build time, warm query latency p50/p99 (one query at a time, one thread),
/// recall@k, and opening the capsule plus its first query.
/// </summary>
internal static partial class AnnBench
{
    /// <summary>How long no method may have been JIT-compiled before the warm-up ends (see <see cref="WarmUp"/>).</summary>
    private static readonly TimeSpan JitQuiet = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(10);

    public static Command Build()
    {
        var prefix = new Argument<string>("prefix") { Description = "Dataset prefix, e.g. ../shared/datasets/vec/sift5k" };
        var efs = new Option<string>("--ef") { DefaultValueFactory = _ => "16,32,64,128", Description = "HNSW search widths to measure" };
        var k = new Option<int>("-k") { DefaultValueFactory = _ => 10 };
        var peers = new Option<string>("--peers") { DefaultValueFactory = _ => "hnswlib,faiss-flat", Description = "Peers for ann_peers.py" };
        var noPeers = new Option<bool>("--no-peers") { Description = "Measure Capsule only" };
        var anchors = new Option<string?>("--anchors") { Description = "Folder holding ann_peers.py (default ../shared/anchors)" };
        var repeat = new Option<int>("--repeat")
        {
            DefaultValueFactory = _ => 1,
            Description = "Rounds of Capsule then the peers, alternating; the table shows each figure's median over the rounds",
        };
        var command = new Command("ann", "Vector search: Capsule beside hnswlib and faiss, same run") { prefix, efs, k, peers, noPeers, anchors, repeat };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var p = parseResult.GetValue(prefix)!;
            var widths = parseResult.GetValue(efs)!.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var count = parseResult.GetValue(k);
            var rounds = Math.Max(1, parseResult.GetValue(repeat));
            var tables = new List<List<string[]>>();
            for (var round = 1; round <= rounds; round++)
            {
                if (rounds > 1)
                {
                    Console.Out.WriteLine($"round {round} of {rounds}");
                }
                var rows = Capsule(p, widths, count);
                if (!parseResult.GetValue(noPeers))
                {
                    rows.AddRange(Peers(p, widths, count, parseResult.GetValue(peers)!, PeerRunner.Locate(parseResult.GetValue(anchors))));
                }
                if (rounds > 1)
                {
                    // Each round's p50s, so a median that one burst of load decided can be seen as such.
                    Console.Out.WriteLine($"  round {round} p50 µs: " + string.Join(", ", rows.Select(r => $"{r[0]} {r[2]}")));
                    if (BuildRatio(rows) is { } ratio)
                    {
                        Console.Out.WriteLine($"  round {round} build: {ratio}");
                    }
                }
                tables.Add(rows);
            }
            var table = rounds == 1 ? tables[0] : MedianRows.Combine(tables);
            var title = $"{Path.GetFileName(p)}: k={count}, one query at a time, one thread" + (rounds > 1 ? $", median of {rounds} alternating rounds" : "");
            Output.Table(title, ["engine", "build", "p50 µs", "p99 µs", $"recall@{count}"], table, 2, 3, 4);
            // The issue's build target is a ratio to hnswlib with the same M and efConstruction, measured in the same run.
            if (BuildRatio(table) is { } built)
            {
                Console.Out.WriteLine($"build: {built}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static List<string[]> Capsule(string prefix, int[] widths, int k)
    {
        var meta = File.ReadAllText(prefix + ".meta").Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(x => x.Split('=')).Where(x => x.Length == 2).ToDictionary(x => x[0], x => x[1]);
        var metric = meta.GetValueOrDefault("metric") == "cos" ? VectorMetric.Cosine : VectorMetric.L2;
        var base_ = FvecsReader.ReadFvecs(prefix + "_base.fvecs");
        var queries = FvecsReader.ReadFvecs(prefix + "_query.fvecs");
        var truth = FvecsReader.ReadIvecs(prefix + "_groundtruth.ivecs");
        Console.Out.WriteLine($"set={Path.GetFileName(prefix)} n={base_.Count} dim={base_.Dimension} metric={meta.GetValueOrDefault("metric")} queries={queries.Count} k={k}");
        var dir = Directory.CreateTempSubdirectory("capsule-bench-ann-");
        try
        {
            var path = Path.Combine(dir.FullName, "ann.mvc");
            // CPU time beside wall time: on a shared machine the wall clock measures the neighbours too.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            // The JIT's share of the build: a one-shot process compiles (and recompiles, optimized) its hot code while building.
            var jit = JitWork.Now();
            var clock = Stopwatch.StartNew();
            double puts;
            using (var writer = CapsuleFile.Create(path))
            {
                writer.BindEmbedding(new EmbeddingBinding(base_.Dimension, metric));
                for (var i = 0; i < base_.Count; i++)
                {
                    writer.Put(new FrameDraft { Kind = FrameKind.Fact, Uri = $"vec/{i}", ContentType = "", Embedding = base_.Row(i).ToArray() });
                }
                puts = clock.Elapsed.TotalSeconds;
                writer.Commit(sealTail: true);
            }
            var build = clock.Elapsed.TotalSeconds;
            var buildCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var buildJit = jit.Since();
            clock.Restart();
            var rows = new List<string[]>();
            using var capsule = CapsuleFile.Open(path, new CapsuleOptions { ReadOnly = true });
            capsule.SearchVectors(queries.Row(0), new VectorSearchOptions { K = k });
            var openFirst = clock.Elapsed.TotalMilliseconds;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"capsule: build (import + seal + HNSW, 1 thread) {build:0.00} s, CPU {buildCpu:0.00} s (puts {puts:0.00} s, commit with seal and HNSW {build - puts:0.00} s; {buildJit}), file {Output.Size(new FileInfo(path).Length)}, open + first query {openFirst:0.0} ms (file in page cache)"));
            var frameRow = Enumerable.Range(0, base_.Count).ToDictionary(i => (ulong)i, i => i); // import order: frame i is row i
            foreach (var ef in widths)
            {
                var (p50, p99, recall) = Measure(capsule, queries, truth, new VectorSearchOptions { K = k, Ef = ef }, frameRow);
                rows.Add([$"capsule HNSW M=16 efc=200 ef={ef}", $"{build:0.00} s", $"{p50:0.0}", $"{p99:0.0}", $"{recall:0.0000}"]);
            }
            var exact = Measure(capsule, queries, truth, new VectorSearchOptions { K = k, Exact = true }, frameRow);
            rows.Add(["capsule exact (flat)", "", $"{exact.P50:0.0}", $"{exact.P99:0.0}", $"{exact.Recall:0.0000}"]);
            // Open again now that the code is JIT-compiled: what opening costs a long-running agent, the
            // storage work alone (map, superblock, commit, run tables; the index pages a first query touches).
            var reopen = Stopwatch.StartNew();
            using (var again = CapsuleFile.Open(path, new CapsuleOptions { ReadOnly = true }))
            {
                again.SearchVectors(queries.Row(queries.Count - 1), new VectorSearchOptions { K = k });
            }
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"capsule: open + first query again in the same process (JIT warm) {reopen.Elapsed.TotalMilliseconds:0.0} ms"));
            return rows;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static (double P50, double P99, double Recall) Measure(CapsuleFile capsule, VectorMatrix<float> queries, VectorMatrix<int> truth, VectorSearchOptions options, Dictionary<ulong, int> frameRow)
    {
        WarmUp(capsule, queries, options);
        var latencies = new double[queries.Count];
        double found = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var start = Stopwatch.GetTimestamp();
            var hits = capsule.SearchVectors(queries.Row(q), options);
            latencies[q] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            var expected = truth.Row(q)[..options.K].ToArray().ToHashSet();
            found += hits.Count(h => expected.Contains(frameRow[h.FrameId]));
        }
        Array.Sort(latencies);
        return (Commands.KnnCommand.Percentile(latencies, 0.5), Commands.KnnCommand.Percentile(latencies, 0.99), found / (queries.Count * options.K));
    }

    /// <summary>
    /// Untimed searches until the JIT is done with the search path: at least 3,000, and then until no
    /// method has been compiled for <see cref="JitQuiet"/> (at most <see cref="WarmUpLimit"/>). .NET
    /// compiles a hot method again, optimized, only after ~30 calls, a 100 ms delay that restarts with
    /// every newly compiled method, and a background compile; 3,000 searches of 25 µs (sift5k at ef 16)
    /// can end before that, and the timed searches would then run the first-tier code.
    /// </summary>
    private static void WarmUp(CapsuleFile capsule, VectorMatrix<float> queries, VectorSearchOptions options)
    {
        var clock = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        var quietSince = TimeSpan.Zero;
        for (var i = 0; ; i++)
        {
            capsule.SearchVectors(queries.Row(i % queries.Count), options);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                quietSince = clock.Elapsed;
            }
            if ((i >= 3_000 && clock.Elapsed - quietSince >= JitQuiet) || clock.Elapsed >= WarmUpLimit)
            {
                return;
            }
        }
    }

    /// <summary>The peers' rows from ann_peers.py, measured after Capsule's in the same run.</summary>
    private static List<string[]> Peers(string prefix, int[] widths, int k, string peers, string anchors)
    {
        var rows = new List<string[]>();
        var lines = PeerRunner.Run(anchors, "ann_peers.py", prefix, "--k", k.ToString(CultureInfo.InvariantCulture),
            "--ef", string.Join(',', widths), "--peers", peers, "--build-threads", "1");
        foreach (var line in lines)
        {
            Console.Out.WriteLine($"  peer: {line}");
            if (PeerLine().Match(line) is { Success: true } m)
            {
                rows.Add([m.Groups["name"].Value.Trim(), m.Groups["build"].Success ? m.Groups["build"].Value + " s" : "", m.Groups["p50"].Value, m.Groups["p99"].Value, m.Groups["recall"].Value]);
            }
        }
        return rows;
    }

    private static string? BuildRatio(List<string[]> rows) =>
        BuildSeconds(rows, "capsule HNSW") is { } ours && BuildSeconds(rows, "hnswlib") is { } theirs && theirs > 0
            ? string.Create(CultureInfo.InvariantCulture, $"capsule {ours:0.00} s / hnswlib {theirs:0.00} s = {ours / theirs:0.00}x")
            : null;

    private static double? BuildSeconds(List<string[]> rows, string engine) =>
        rows.FirstOrDefault(r => r[0].StartsWith(engine, StringComparison.Ordinal) && r[1].EndsWith(" s", StringComparison.Ordinal)) is { } row
            ? double.Parse(row[1][..^2], CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"^(?<name>[^:]+):\s*(build=(?<build>[\d.]+)s\s+)?p50=(?<p50>[\d.]+)us\s+p99=(?<p99>[\d.]+)us\s+recall@\d+=(?<recall>[\d.]+)")]
    private static partial Regex PeerLine();
}
