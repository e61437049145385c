using System.Diagnostics;
using Capsule.Indexing.Vector;

namespace Capsule.Benchmarks;

/// <summary>
/// <c>open-first CAPSULE QUERIES.fvecs</c>: where the time of opening a capsule and answering its first
/// vector query goes, step by step, in a fresh process (JIT cold) and then again (JIT warm).
/// </summary>
public static class OpenFirstQuery
{
    public static int Run(string[] args)
    {
        var queries = FvecsReader.ReadFvecs(args[1]);
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            using var capsule = Capsule.Open(args[0], new CapsuleOptions { ReadOnly = true });
            var open = clock.Elapsed.TotalMilliseconds;
            capsule.SearchVectors(queries.Row(round), new VectorSearchOptions { K = 10 });
            var first = clock.Elapsed.TotalMilliseconds - open;
            capsule.SearchVectors(queries.Row(round + 1), new VectorSearchOptions { K = 10 });
            var second = clock.Elapsed.TotalMilliseconds - open - first;
            Console.WriteLine($"round {round}: open {open:0.0} ms, first query {first:0.0} ms, second query {second:0.00} ms");
        }
        using (var warm = Capsule.Open(args[0], new CapsuleOptions { ReadOnly = true }))
        {
            foreach (var exact in new[] { false, true })
            {
                var options = new VectorSearchOptions { K = 10, Exact = exact };
                for (var pass = 0; pass < 3; pass++)
                {
                    var latencies = Measure.Latencies(queries.Count * 10, i => warm.SearchVectors(queries.Row(i % queries.Count), options));
                    Console.WriteLine($"steady state, exact={exact}, pass {pass}: p50 {Measure.Percentile(latencies, 50):0.0} µs");
                }
            }
        }
        return 0;
    }
}
