using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Capsule.Indexing.Vector;

namespace Capsule.Cli.Commands;

/// <summary>
/// <c>capsule knn FILE --queries Q.(fvecs|npy) -k 10 --out RESULT.ivecs [--ef N] [--exact]</c>: per
/// query, the row numbers (from uri vec/&lt;row&gt;; the frame id for other frames) of the k nearest
/// live frames, as TEXMEX .ivecs, so recall can be computed against a *_groundtruth.ivecs by anyone.
/// Latency percentiles (one query at a time, after an untimed warm-up pass) go to stderr.
/// </summary>
internal static class KnnCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var queries = new Option<string>("--queries") { Required = true, Description = "Query vectors: .fvecs or .npy" };
        var k = new Option<int>("-k") { DefaultValueFactory = _ => 10, Description = "Neighbours per query" };
        var output = new Option<string>("--out") { Required = true, Description = "Where to write the result (.ivecs)" };
        var ef = new Option<int>("--ef") { DefaultValueFactory = _ => 0, Description = "HNSW search width (0: the capsule's default)" };
        var exact = new Option<bool>("--exact") { Description = "Exact search (scan every vector)" };
        var asOf = CapsuleFiles.AsOfOption();
        var command = new Command("knn", "Nearest neighbours of each query vector, written as .ivecs") { file, queries, k, output, ef, exact, asOf };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var count = parseResult.GetValue(k);
            if (count < 1)
            {
                throw new ArgumentException($"-k must be at least 1, not {count}");
            }
            var matrix = VectorFiles.Read(parseResult.GetValue(queries)!);
            var opening = Stopwatch.GetTimestamp();
            using var capsule = CapsuleFiles.OpenRead(parseResult, parseResult.GetValue(file)!, parseResult.GetValue(asOf));
            var options = new VectorSearchOptions { K = count, Ef = parseResult.GetValue(ef), Exact = parseResult.GetValue(exact) };
            // Opening plus the first query, as a fresh process pays it (JIT included unless ReadyToRun
            // compiled it ahead), and the same since the process started (runtime start and argument parsing too).
            var open = Stopwatch.GetElapsedTime(opening).TotalMilliseconds;
            capsule.SearchVectors(matrix.Row(0), options);
            var openFirst = Stopwatch.GetElapsedTime(opening).TotalMilliseconds;
            var sinceStart = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"open + first query {openFirst:0.0} ms (open {open:0.0} ms; {sinceStart:0} ms since the process started; JIT so far: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms)"));
            var result = new int[matrix.Count * count];
            Array.Fill(result, -1);
            var latencies = new double[matrix.Count];
            var rows = new Dictionary<ulong, int>();
            // One untimed pass first: latency is reported warm (JIT-compiled, index pages checked and
            // in the page cache), as the peers' figures are.
            for (var i = 0; i < Math.Max(3_000, matrix.Count); i++)
            {
                capsule.SearchVectors(matrix.Row(i % matrix.Count), options); // at least 3,000: the JIT's optimized tier is what is timed
            }
            for (var q = 0; q < matrix.Count; q++)
            {
                var start = Stopwatch.GetTimestamp();
                var hits = capsule.SearchVectors(matrix.Row(q), options);
                latencies[q] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                for (var i = 0; i < hits.Count; i++)
                {
                    result[q * count + i] = RowOf(capsule, hits[i].FrameId, rows);
                }
            }
            FvecsWriter.WriteIvecs(parseResult.GetValue(output)!, result, count);
            Array.Sort(latencies);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{matrix.Count} queries, k={count}: p50 {Percentile(latencies, 0.50):0} µs, p99 {Percentile(latencies, 0.99):0} µs"));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The source row a frame was imported from (uri vec/&lt;row&gt;), else its frame id.</summary>
    private static int RowOf(CapsuleFile capsule, ulong frameId, Dictionary<ulong, int> cache)
    {
        if (!cache.TryGetValue(frameId, out var row))
        {
            var uri = capsule.Get(frameId).Uri;
            row = uri.StartsWith("vec/", StringComparison.Ordinal) && int.TryParse(uri.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : checked((int)frameId);
            cache[frameId] = row;
        }
        return row;
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(p * sorted.Length))];
}
