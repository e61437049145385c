using System.Diagnostics;
using System.Globalization;
using Capsule.Indexing.Vector;

namespace Capsule.Benchmarks;

/// <summary>
/// <c>ann PREFIX [--ef 16,32,64,128] [-k 10]</c>: Capsule's HNSW and exact search on a TEXMEX set
/// (PREFIX_base.fvecs, PREFIX_query.fvecs, PREFIX_groundtruth.ivecs, PREFIX.meta), then the
/// anchors' <c>ann_peers.py</c> (hnswlib, faiss) on the same files in the same run, so the ratios
/// can be read off one screen. Hand-timed rather than BenchmarkDotNet because the unit that matters
/// is the latency of one query at a time on one thread, as the peers script measures it.
/// </summary>
public static class AnnBenchmark
{
    private const string Python = "/usr/bin/python3";
    private const string PeersScript = "/work/shared/anchors/ann_peers.py";

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: ann PREFIX [--ef 16,32,64,128] [-k 10]   (e.g. /work/shared/datasets/vec/sift5k)");
            return 2;
        }
        var prefix = args[0];
        var efs = new[] { 16, 32, 64, 128 };
        var k = 10;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--ef":
                    efs = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "-k" or "--k":
                    k = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }
        foreach (var suffix in new[] { "_base.fvecs", "_query.fvecs", "_groundtruth.ivecs" })
        {
            if (!File.Exists(prefix + suffix))
            {
                Console.Error.WriteLine($"dataset not found: {prefix + suffix} does not exist; nothing was measured");
                return 2;
            }
        }

        var metric = ReadMetric(prefix);
        var baseFile = FvecsReader.ReadFvecs(prefix + "_base.fvecs");
        var queryFile = FvecsReader.ReadFvecs(prefix + "_query.fvecs");
        var truth = FvecsReader.ReadIvecs(prefix + "_groundtruth.ivecs");
        using var column = new VectorColumn(baseFile.Dimension, baseFile.Count);
        var queries = new float[queryFile.Count][];
        LoadNormalized(baseFile, queryFile, metric, column, queries);

        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"set={Path.GetFileName(prefix)} n={column.Count} dim={column.Dimension} metric={metric} queries={queries.Length} k={k}");
        var parameters = new HnswParameters { M = 16, EfConstruction = 200 };
        WarmUpBuild(column, metric, parameters);
        var watch = Stopwatch.StartNew();
        var graph = HnswBuilder.Build(column, metric, parameters);
        var buildSeconds = watch.Elapsed.TotalSeconds;
        var search = new HnswSearch(graph);
        foreach (var ef in efs)
        {
            var (p50, p99, recall) = Time(queries, truth, k, q => search.Search(q, k, ef));
            Console.WriteLine($"capsule HNSW M=16 efc=200 ef={ef}: build={buildSeconds:F2}s (1 thread) p50={p50:F1}us p99={p99:F1}us recall@{k}={recall:F4}");
        }
        var exact = Time(queries, truth, k, q => ExactSearch.TopK(column, q, k, metric));
        Console.WriteLine($"capsule exact: p50={exact.P50:F1}us p99={exact.P99:F1}us recall@{k}={exact.Recall:F4}");
        Console.WriteLine();
        return RunPeers(prefix, efs, k);
    }

    /// <summary>
    /// Builds a throwaway graph over the first rows, untimed, so the timed build runs fully optimised
    /// code (tiered JIT) as the peers' precompiled C++ does, instead of paying tier-0 and OSR.
    /// </summary>
    private static void WarmUpBuild(VectorColumn column, VectorMetric metric, HnswParameters parameters)
    {
        using var sample = new VectorColumn(column.Dimension);
        sample.AppendRange(column.Values[..(Math.Min(column.Count, 2000) * column.Dimension)]);
        for (var round = 0; round < 3; round++)
        {
            HnswBuilder.Build(sample, metric, parameters);
        }
    }

    /// <summary>PREFIX.meta holds <c>key=value</c> pairs separated by whitespace; <c>metric=cos|l2|dot</c>, L2 when absent.</summary>
    private static VectorMetric ReadMetric(string prefix)
    {
        var path = prefix + ".meta";
        if (!File.Exists(path))
        {
            return VectorMetric.L2;
        }
        var pairs = File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        return pairs.GetValueOrDefault("metric") switch
        {
            "cos" or "cosine" => VectorMetric.Cosine,
            "dot" or "ip" => VectorMetric.Dot,
            _ => VectorMetric.L2,
        };
    }

    // Queries are normalized for cosine like the rows (AnnRows.Append).
    private static void LoadNormalized(VectorMatrix<float> baseFile, VectorMatrix<float> queryFile, VectorMetric metric, VectorColumn column, float[][] queries)
    {
        AnnRows.Append(column, baseFile, metric);
        for (var i = 0; i < queryFile.Count; i++)
        {
            queries[i] = queryFile.Row(i).ToArray();
            if (metric == VectorMetric.Cosine)
            {
                Distance.Normalize(queries[i]);
            }
        }
    }

    /// <summary>One warm-up pass (JIT, caches), then each query timed alone; recall@k against the first k of the truth.</summary>
    private static (double P50, double P99, double Recall) Time(float[][] queries, VectorMatrix<int> truth, int k, Func<float[], Neighbor[]> run)
    {
        Measure.WarmUp(i => run(queries[i % queries.Length]));
        var micros = new double[queries.Length];
        var hits = 0;
        for (var i = 0; i < queries.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var found = run(queries[i]);
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            var expected = truth.Row(i)[..k];
            foreach (var n in found)
            {
                hits += expected.Contains(n.Row) ? 1 : 0;
            }
        }
        Array.Sort(micros);
        return (Percentile(micros, 50), Percentile(micros, 99), hits / (double)(queries.Length * k));
    }

    // Linear interpolation between closest ranks, numpy's default, so p50/p99 mean what the peers' mean.
    private static double Percentile(double[] sorted, double p)
    {
        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    /// <summary>
    /// Runs the anchors' peers script with the same k and ef list. Build threads = 1 so the build
    /// times compare like for like with Capsule's single-threaded builder.
    /// </summary>
    private static int RunPeers(string prefix, int[] efs, int k)
    {
        if (!File.Exists(Python) || !File.Exists(PeersScript))
        {
            Console.WriteLine($"peers not run: {Python} or {PeersScript} is missing");
            return 1;
        }
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { PeersScript, prefix, "--k", k.ToString(CultureInfo.InvariantCulture), "--ef", string.Join(',', efs), "--build-threads", "1" })
        {
            info.ArgumentList.Add(arg);
        }
        Console.WriteLine($"peers: {Python} {string.Join(' ', info.ArgumentList)}");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start python");
        var stderr = process.StandardError.ReadToEndAsync();
        Console.Write(process.StandardOutput.ReadToEnd());
        process.WaitForExit();
        var errors = stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"peers failed (exit {process.ExitCode}): {errors.Trim()}");
        }
        return process.ExitCode == 0 ? 0 : 1;
    }
}
