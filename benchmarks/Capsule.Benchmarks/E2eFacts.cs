using System.Diagnostics;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Benchmarks;

/// <summary>
/// <c>e2e-facts N</c>: one pass over N 200-byte facts committed every 1,000 (group commit), then a
/// read-only open and 100k random point reads. A single timed pass gives the README's throughput
/// figure without BenchmarkDotNet's repeated iterations (each of which would rebuild the capsule).
/// </summary>
public static class E2eFacts
{
    public const int FactBytes = 200;
    public const int CommitEvery = 1_000;
    public const int Reads = 100_000;

    public static int Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        using var dir = new TempDir("e2e");
        var path = dir.File("facts.mvc");
        Console.WriteLine($"# e2e-facts: {count:N0} facts of {FactBytes} B, commit every {CommitEvery:N0}");
        Console.WriteLine($"machine: {Measure.Machine()}");

        // Drafts are built per batch, outside the timed region, so the figure is Capsule's, not StringBuilder's.
        var put = TimeSpan.Zero;
        var commit = TimeSpan.Zero;
        long stored;
        using (var capsule = CapsuleFile.Create(path))
        {
            for (var first = 0; first < count; first += CommitEvery)
            {
                var drafts = Facts.Drafts(Math.Min(CommitEvery, count - first), FactBytes, first);
                var start = Stopwatch.GetTimestamp();
                foreach (var draft in drafts)
                {
                    capsule.Put(draft);
                }
                var mid = Stopwatch.GetTimestamp();
                capsule.Commit();
                put += Stopwatch.GetElapsedTime(start, mid);
                commit += Stopwatch.GetElapsedTime(mid);
            }
            stored = capsule.Stats().FileBytes;
        }
        var total = put + commit;
        var raw = (long)count * FactBytes;

        var openStart = Stopwatch.GetTimestamp();
        using var reader = CapsuleFile.Open(path, new CapsuleOptions { ReadOnly = true });
        var opened = Stopwatch.GetElapsedTime(openStart);
        var firstRead = reader.Get((ulong)count / 2).Payload.Length;
        var openAndGet = Stopwatch.GetElapsedTime(openStart);

        var ids = Facts.RandomIds(Reads, (ulong)count);
        long sink = firstRead;
        foreach (var id in ids.AsSpan(0, Math.Min(10_000, Reads)))
        {
            sink += reader.Get(id).Payload.Length; // warm-up: JIT, block cache, page cache
        }
        var latencies = Measure.Latencies(Reads, i => sink += reader.Get(ids[i]).Payload.Length);

        Console.WriteLine();
        Console.WriteLine("| metric | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| frames | {count:N0} ({Measure.Bytes(raw)} of payload) |");
        Console.WriteLine($"| ingest time (put + commit) | {total.TotalSeconds:F2} s (put {put.TotalSeconds:F2} s, commit {commit.TotalSeconds:F2} s) |");
        Console.WriteLine($"| throughput | {count / total.TotalSeconds:N0} frames/s ({raw / total.TotalSeconds / (1 << 20):F1} MiB/s of payload) |");
        Console.WriteLine($"| file size | {Measure.Bytes(stored)} ({stored:N0} B) |");
        Console.WriteLine($"| bytes per fact | {stored / (double)count:F1} (payload {FactBytes}; ratio file/payload {stored / (double)raw:F3}) |");
        Console.WriteLine($"| open read-only | {opened.TotalMilliseconds:F2} ms |");
        Console.WriteLine($"| open + first Get | {openAndGet.TotalMilliseconds:F2} ms |");
        Console.WriteLine($"| Get p50 / p90 / p99 ({Reads:N0} random ids, warm) | {Measure.Percentile(latencies, 50):F2} / {Measure.Percentile(latencies, 90):F2} / {Measure.Percentile(latencies, 99):F2} µs |");
        Console.WriteLine();
        Console.WriteLine($"(checksum {sink}; the open is in the same process, so the OS page cache is warm; load average after: {Measure.LoadAverage()})");
        return 0;
    }
}
