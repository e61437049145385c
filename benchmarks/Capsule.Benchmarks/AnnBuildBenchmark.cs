using System.Diagnostics;
using System.Globalization;
using Capsule.Indexing.Vector;
using Capsule.Indexing.Vector.Persisted;

namespace Capsule.Benchmarks;

/// <summary>
/// <c>ann-build PREFIX [--rounds 5]</c>: where an index build's time goes, A/B in one process. Each round
/// times, on the same rows: the bare in-memory HNSW build, the payload written around a ready graph
/// (ids, rows, links, page layout; its CRC-32C is printed, so two builds of the code can be checked to
/// write the same graph), and the whole capsule path that <c>capsule bench ann</c> times
/// (puts, then a commit that seals the run and builds every index). Rounds alternate the three, so a
/// burst of load from a neighbour on a shared machine hits all of them; medians are printed.
/// Round 0 is a JIT warm-up and is not counted.
/// </summary>
public static class AnnBuildBenchmark
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: ann-build PREFIX [--rounds 5]");
            return 2;
        }
        var prefix = args[0];
        var rounds = 5;
        for (var i = 1; i + 1 < args.Length; i++)
        {
            if (args[i] == "--rounds")
            {
                rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }
        var metric = AnnRows.Metric(prefix);
        var rows = FvecsReader.ReadFvecs(prefix + "_base.fvecs");
        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"set={Path.GetFileName(prefix)} n={rows.Count} dim={rows.Dimension} metric={metric}");
        var parameters = new HnswParameters();
        var graphTimes = new List<double>();
        var graphCpuTimes = new List<double>();
        var payloadTimes = new List<double>();
        var capsuleTimes = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            using var column = new VectorColumn(rows.Dimension, rows.Count);
            AnnRows.Append(column, rows, metric);
            var cpuStart = ThreadCpuClock.Microseconds();
            var watch = Stopwatch.StartNew();
            var graph = HnswBuilder.Build(column, metric, parameters);
            var graphSeconds = watch.Elapsed.TotalSeconds;
            var graphCpuSeconds = (ThreadCpuClock.Microseconds() - cpuStart) / 1e6;
            var ids = Enumerable.Range(0, column.Count).Select(i => (ulong)i).ToArray();
            watch.Restart();
            var payload = VectorIndexWriter.Write(ids, column, metric, VectorStorage.F32, parameters, graph);
            var payloadSeconds = watch.Elapsed.TotalSeconds;
            var capsuleSeconds = BuildCapsule(rows, metric);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}{(round == 0 ? " (warm-up)" : "")}: payload CRC-32C {Format.Crc32C.Compute(payload):x8}, graph {graphSeconds:F3} s (thread CPU {graphCpuSeconds:F3} s), payload around it {payloadSeconds:F3} s, capsule puts + sealing commit {capsuleSeconds:F3} s"));
            if (round > 0)
            {
                graphTimes.Add(graphSeconds);
                graphCpuTimes.Add(graphCpuSeconds);
                payloadTimes.Add(payloadSeconds);
                capsuleTimes.Add(capsuleSeconds);
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {rounds}: graph {Median(graphTimes):F3} s (thread CPU {Median(graphCpuTimes):F3} s, least {graphCpuTimes.Min():F3} s), payload {Median(payloadTimes):F3} s, capsule {Median(capsuleTimes):F3} s (capsule - graph = {Median(capsuleTimes) - Median(graphTimes):F3} s)"));
        return 0;
    }

    private static double BuildCapsule(VectorMatrix<float> rows, VectorMetric metric)
    {
        using var directory = new TempDir("ann-build");
        var watch = Stopwatch.StartNew();
        AnnRows.BuildCapsule(directory.File("ann.mvc"), rows, metric);
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => Measure.Percentile([.. values.Order()], 50);
}
