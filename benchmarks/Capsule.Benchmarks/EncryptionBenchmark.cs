using System.Diagnostics;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Benchmarks;

/// <summary>
/// <c>encryption N</c>: the same capsule written and read twice in one process, plain and encrypted
/// (default Argon2id: 3 passes over 128 MiB), so the two columns share the machine's state. N 200-byte
/// facts committed every 1,000; then a read-only open (Argon2id included), 50k random warm Gets, and
/// time-window queries through the persisted temporal indexes (decrypted on first use).
/// </summary>
public static class EncryptionBenchmark
{
    private const int Reads = 50_000;
    private const int Windows = 2_000;
    private const int Searches = 1_000;

    public static int Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        Console.WriteLine($"# encryption: {count:N0} facts of {E2eFacts.FactBytes} B, commit every {E2eFacts.CommitEvery:N0}, plain beside encrypted");
        Console.WriteLine($"machine: {Measure.Machine()}");
        var plain = Pass(count, null);
        var encrypted = Pass(count, "benchmark password");
        Console.WriteLine();
        Console.WriteLine("| metric | plain | encrypted | encrypted / plain |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, p, e) in plain.Zip(encrypted, (p, e) => (p.Name, p.Value, e.Value)))
        {
            Console.WriteLine($"| {name} | {p:N2} | {e:N2} | {e / p:F2} |");
        }
        Console.WriteLine();
        Console.WriteLine($"(load average after: {Measure.LoadAverage()})");
        return 0;
    }

    private static List<(string Name, double Value)> Pass(int count, string? password)
    {
        using var dir = new TempDir("encryption");
        var path = dir.File("facts.mvc");
        var ingest = TimeSpan.Zero;
        long stored;
        var first = DateTimeOffset.UtcNow;
        using (var capsule = CapsuleFile.Create(path, new CapsuleOptions { Password = password }))
        {
            for (var at = 0; at < count; at += E2eFacts.CommitEvery)
            {
                var drafts = Facts.Drafts(Math.Min(E2eFacts.CommitEvery, count - at), E2eFacts.FactBytes, at);
                var start = Stopwatch.GetTimestamp();
                foreach (var draft in drafts)
                {
                    capsule.Put(draft);
                }
                capsule.Commit();
                ingest += Stopwatch.GetElapsedTime(start);
            }
            stored = capsule.Stats().FileBytes;
        }
        var last = DateTimeOffset.UtcNow;

        var openStart = Stopwatch.GetTimestamp();
        using var reader = CapsuleFile.Open(path, new CapsuleOptions { ReadOnly = true, Password = password });
        var opened = Stopwatch.GetElapsedTime(openStart);
        var ids = Facts.RandomIds(Reads, (ulong)count);
        long sink = 0;
        var cold = Measure.Latencies(2_000, i => sink += reader.Get(ids[i]).Payload.Length);
        foreach (var id in ids)
        {
            sink += reader.Get(id).Payload.Length; // warm-up: JIT, block and chunk caches, page cache
        }
        var warm = Measure.Latencies(Reads, i => sink += reader.Get(ids[i]).Payload.Length);
        var random = new Random(Facts.Seed);
        var span = (last - first).Ticks;
        var windows = Measure.Latencies(Windows, _ =>
        {
            var from = first.AddTicks(random.NextInt64(span));
            sink += reader.FramesBetween(from, from.AddMilliseconds(50), limit: 100).Count;
        });
        // Full-text search: two words of a random fact per query, top 10 with snippets (reads the hits' frames).
        var queries = Enumerable.Range(0, Searches).Select(i => string.Join(' ', reader.Get(ids[i]).Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2).Take(2))).ToArray();
        foreach (var q in queries) sink += reader.Search(q).Count; // warm-up: JIT, index pages, caches
        var searches = Measure.Latencies(Searches, i => sink += reader.Search(queries[i]).Count);
        Console.WriteLine($"{(password is null ? "plain" : "encrypted")}: {stored:N0} bytes, checksum {sink}");
        if (reader.SealedDevice is { } sealedDevice)
        {
            // Decrypted plaintext held after the searches: index payloads plus cached chunks share BlockCacheBytes.
            Console.WriteLine($"encrypted: decrypted index payloads held {sealedDevice.DecryptedIndexBytes / (double)(1 << 20):N1} MiB, " +
                $"chunk cache {sealedDevice.CachedChunkBytes / (double)(1 << 20):N1} MiB (budget {new CapsuleOptions().BlockCacheBytes / (1 << 20)} MiB)");
        }
        return
        [
            ("ingest, frames/s", count / ingest.TotalSeconds),
            ("ingest, MiB/s of payload", (double)count * E2eFacts.FactBytes / ingest.TotalSeconds / (1 << 20)),
            ("file size, MiB", stored / (double)(1 << 20)),
            ("open read-only, ms", opened.TotalMilliseconds),
            ("Get p50 first 2,000 after open, µs", Measure.Percentile(cold, 50)),
            ("Get p50 warm, µs", Measure.Percentile(warm, 50)),
            ("Get p99 warm, µs", Measure.Percentile(warm, 99)),
            ("time window (50 ms, ≤100 frames) p50, µs", Measure.Percentile(windows, 50)),
            ("time window p99, µs", Measure.Percentile(windows, 99)),
            ("full-text search top 10 p50, µs", Measure.Percentile(searches, 50)),
            ("full-text search top 10 p99, µs", Measure.Percentile(searches, 99)),
        ];
    }
}
