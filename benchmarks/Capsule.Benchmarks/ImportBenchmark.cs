using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Benchmarks;

/// <summary>
/// <c>import DIR [DIR...]</c>: ingests a collection's docs.jsonl into a fresh capsule and, in the same
/// process on the same parsed documents, into a fresh SQLite FTS5 database (the peer the anchors use),
/// then compares ingest time, file size and point-read latency side by side.
/// </summary>
public static class ImportBenchmark
{
    public const int CommitEvery = 1_000;
    public const int Reads = 10_000;
    public const int WarmupReads = 2_000;

    public sealed record Doc(string Id, string Text);

    public static int Run(string[] dirs)
    {
        if (dirs.Length == 0)
        {
            Console.Error.WriteLine("usage: import DIR [DIR...]   (DIR holds docs.jsonl with {\"id\",\"text\"} lines, e.g. /work/shared/datasets/ir/cran)");
            return 2;
        }
        foreach (var dir in dirs)
        {
            if (!File.Exists(Path.Combine(dir, "docs.jsonl")))
            {
                Console.Error.WriteLine($"dataset not found: {Path.Combine(dir, "docs.jsonl")} does not exist; nothing was measured");
                return 2;
            }
        }
        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"SQLite {SqlitePeer.Version()} via Microsoft.Data.Sqlite (default rollback journal, synchronous=FULL)");
        WarmUp(dirs[0]);
        foreach (var dir in dirs)
        {
            RunOne(dir);
        }
        Console.WriteLine();
        Console.WriteLine("Notes: the FTS5 file includes a full-text index (postings); Capsule at this stage stores the text");
        Console.WriteLine("with no text index, so its size and ingest time are not yet a like-for-like search engine comparison.");
        Console.WriteLine($"Capsule commits (fsync) every {CommitEvery:N0} docs and at the end; SQLite inserts everything in one transaction.");
        Console.WriteLine("Both engines first ingest 200 docs into throwaway files (untimed), so neither pays JIT in the table.");
        Console.WriteLine("Parsing docs.jsonl is outside both timings. Point reads decode the text to a string on both sides");
        Console.WriteLine($"(Capsule: Get(id).Text on a read-only mapped open; SQLite: SELECT text FROM docs WHERE rowid = ?),");
        Console.WriteLine($"{Reads:N0} random ids from a fixed seed after {WarmupReads:N0} warm-up reads; single runs, so compare the ratios.");
        Console.WriteLine($"Load average after: {Measure.LoadAverage()}.");
        return 0;
    }

    private static void RunOne(string dir)
    {
        var jsonl = Path.Combine(dir, "docs.jsonl");
        var docs = Load(jsonl);
        var rawText = docs.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text));
        var jsonlBytes = new FileInfo(jsonl).Length;
        var ids = Facts.RandomIds(Reads + WarmupReads, (ulong)docs.Count);

        using var temp = new TempDir("import");
        var capsulePath = temp.File("docs.mvc");
        var capsuleIngest = IngestCapsule(capsulePath, docs);
        var capsuleBytes = new FileInfo(capsulePath).Length;
        var capsuleP50 = CapsuleReadP50(capsulePath, ids, docs, Reads, WarmupReads);

        var sqlitePath = temp.File("docs.sqlite");
        var sqliteIngest = SqlitePeer.IngestFts5(sqlitePath, docs);
        var sqliteBytes = SqlitePeer.TotalBytes(sqlitePath);
        var sqliteP50 = SqlitePeer.ReadP50(sqlitePath, ids, Reads, WarmupReads);

        Console.WriteLine();
        Console.WriteLine($"## {Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))}: {docs.Count:N0} docs, raw text {Measure.Bytes(rawText)} ({rawText:N0} B), docs.jsonl {Measure.Bytes(jsonlBytes)} ({jsonlBytes:N0} B)");
        Console.WriteLine();
        Console.WriteLine("| measure | Capsule | SQLite FTS5 | Capsule / FTS5 |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| ingest time | {capsuleIngest.TotalMilliseconds:F0} ms ({docs.Count / capsuleIngest.TotalSeconds:N0} docs/s) | {sqliteIngest.TotalMilliseconds:F0} ms ({docs.Count / sqliteIngest.TotalSeconds:N0} docs/s) | {capsuleIngest / sqliteIngest:F2}x |");
        Console.WriteLine($"| file size (file / raw text) | {Measure.Bytes(capsuleBytes)} ({capsuleBytes / (double)rawText:F2}) | {Measure.Bytes(sqliteBytes)} ({sqliteBytes / (double)rawText:F2}) | {capsuleBytes / (double)sqliteBytes:F2}x |");
        Console.WriteLine($"| point read p50 | {capsuleP50:F2} µs | {sqliteP50:F2} µs | {capsuleP50 / sqliteP50:F2}x |");
    }

    /// <summary>An untimed small ingest into both engines, so the first collection's figures do not include JIT.</summary>
    private static void WarmUp(string dir)
    {
        var docs = Load(Path.Combine(dir, "docs.jsonl")).Take(200).ToList();
        var ids = Facts.RandomIds(400, (ulong)docs.Count);
        using var temp = new TempDir("warmup");
        IngestCapsule(temp.File("w.mvc"), docs);
        CapsuleReadP50(temp.File("w.mvc"), ids[..200], docs, reads: 100, warmup: 100);
        SqlitePeer.IngestFts5(temp.File("w.sqlite"), docs);
        SqlitePeer.ReadP50(temp.File("w.sqlite"), ids[..200], reads: 100, warmup: 100);
    }

    private static List<Doc> Load(string jsonl)
    {
        var docs = new List<Doc>();
        foreach (var line in File.ReadLines(jsonl))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var id = root.GetProperty("id");
            docs.Add(new Doc(id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText(), root.GetProperty("text").GetString() ?? ""));
        }
        return docs;
    }

    private static TimeSpan IngestCapsule(string path, List<Doc> docs)
    {
        var start = Stopwatch.GetTimestamp();
        using (var capsule = CapsuleFile.Create(path))
        {
            for (var i = 0; i < docs.Count; i++)
            {
                capsule.Put(docs[i].Text, uri: "doc/" + docs[i].Id);
                if ((i + 1) % CommitEvery == 0)
                {
                    capsule.Commit();
                }
            }
            capsule.Commit();
        }
        return Stopwatch.GetElapsedTime(start);
    }

    private static double CapsuleReadP50(string path, ulong[] ids, List<Doc> docs, int reads, int warmup)
    {
        using var capsule = CapsuleFile.Open(path, new CapsuleOptions { ReadOnly = true });
        long sink = 0;
        for (var i = 0; i < warmup; i++)
        {
            sink += capsule.Get(ids[reads + i]).Text.Length;
        }
        // Frame ids are dense from 0 in put order, so id k is docs[k]: check one so a wrong read cannot look fast.
        if (capsule.Get(ids[0]).Text != docs[(int)ids[0]].Text)
        {
            throw new InvalidOperationException($"capsule returned the wrong text for frame {ids[0]}");
        }
        var latencies = Measure.Latencies(reads, i => sink += capsule.Get(ids[i]).Text.Length);
        GC.KeepAlive(sink);
        return Measure.Percentile(latencies, 50);
    }
}
