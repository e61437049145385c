using System.Diagnostics;
using System.Globalization;
using Capsule.Indexing.Vector;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Benchmarks;

/// <summary>
/// <c>ann-search PREFIX [--ef 16,32] [--rounds 5]</c>: the query path <c>capsule bench ann</c> times
/// (<see cref="CapsuleFile.SearchVectors"/> on a sealed capsule built the same way), measured for A/B
/// work on a shared machine: each ef is warmed until the JIT is done (<see cref="Measure.WarmUp"/>, so
/// the timed code is the final tier, not code still tiering up), then the query set runs once per round with the efs
/// interleaved, and the median over rounds of each round's p50 is printed by wall clock and by thread
/// CPU time (<see cref="ThreadCpuClock"/>), which a neighbour's load disturbs less.
/// </summary>
public static class AnnSearchBenchmark
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: ann-search PREFIX [--ef 16,32] [--rounds 5]");
            return 2;
        }
        var prefix = args[0];
        var efs = new[] { 16, 32 };
        var rounds = 5;
        for (var i = 1; i + 1 < args.Length; i++)
        {
            if (args[i] == "--ef")
            {
                efs = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            }
            else if (args[i] == "--rounds")
            {
                rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }
        var metric = AnnRows.Metric(prefix);
        var rows = FvecsReader.ReadFvecs(prefix + "_base.fvecs");
        var queries = FvecsReader.ReadFvecs(prefix + "_query.fvecs");
        var truth = FvecsReader.ReadIvecs(prefix + "_groundtruth.ivecs");
        Console.WriteLine($"machine: {Measure.Machine()}");
        using var directory = new TempDir("ann-search");
        var path = directory.File("ann.mvc");
        AnnRows.BuildCapsule(path, rows, metric);
        using var capsule = CapsuleFile.Open(path, new CapsuleOptions { ReadOnly = true });
        var options = efs.Select(ef => new VectorSearchOptions { K = 10, Ef = ef }).ToArray();
        foreach (var option in options)
        {
            Measure.WarmUp(i => capsule.SearchVectors(queries.Row(i % queries.Count), option));
        }
        var wall = efs.Select(_ => new List<double>()).ToArray();
        var cpu = efs.Select(_ => new List<double>()).ToArray();
        var recall = new double[efs.Length];
        for (var round = 0; round < rounds; round++)
        {
            for (var e = 0; e < efs.Length; e++)
            {
                var wallMicros = new double[queries.Count];
                var cpuMicros = new double[queries.Count];
                var found = 0;
                for (var q = 0; q < queries.Count; q++)
                {
                    var cpuStart = ThreadCpuClock.Microseconds();
                    var start = Stopwatch.GetTimestamp();
                    var hits = capsule.SearchVectors(queries.Row(q), options[e]);
                    wallMicros[q] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                    cpuMicros[q] = ThreadCpuClock.Microseconds() - cpuStart;
                    var expected = truth.Row(q)[..10].ToArray();
                    // Frames were put in row order from frame id 0, so frame id = row.
                    found += hits.Count(h => expected.Contains((int)h.FrameId));
                }
                Array.Sort(wallMicros);
                Array.Sort(cpuMicros);
                wall[e].Add(Measure.Percentile(wallMicros, 50));
                cpu[e].Add(Measure.Percentile(cpuMicros, 50));
                recall[e] = found / (queries.Count * 10.0);
            }
        }
        for (var e = 0; e < efs.Length; e++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ef={efs[e]}: p50 wall {Median(wall[e]):F1} us, thread CPU {Median(cpu[e]):F1} us (median of {rounds} rounds; per round wall {string.Join(' ', wall[e].Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))}), recall@10 {recall[e]:F4}"));
        }
        return 0;
    }

    private static double Median(List<double> values) => Measure.Percentile([.. values.Order()], 50);
}
