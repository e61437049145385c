using System.Diagnostics;
using System.Globalization;
using System.IO.MemoryMappedFiles;
using Capsule.Indexing.Storage;
using Capsule.Indexing.Vector;
using Capsule.Indexing.Vector.Persisted;

namespace Capsule.Benchmarks;

/// <summary>
/// <c>ann-persisted PREFIX [--ef 32,64,128] [--storage f32,f16,int8] [--no-filter]</c>: the persisted
/// vector index on a TEXMEX set, read from a memory-mapped file with page checksums as the engine
/// reads it, beside the in-memory graph it was written from (same graph, same run): build time,
/// p50/p99 and recall@10 per ef and storage, exact search, open + first query, the filtered-search
/// crossover (graph walk vs exact scan over accepted rows per selectivity) and the graph threshold
/// (exact vs walk per row count). Peers: run <c>ann PREFIX</c> (hnswlib, faiss) in the same session.
/// </summary>
public static class PersistedAnnBenchmark
{
    private const int K = 10;

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: ann-persisted PREFIX [--ef 32,64,128] [--storage f32,f16,int8] [--no-filter]");
            return 2;
        }
        var prefix = args[0];
        var efs = new[] { 32, 64, 128 };
        var storages = new[] { VectorStorage.F32, VectorStorage.F16, VectorStorage.Int8 };
        var filter = !args.Contains("--no-filter");
        for (var i = 1; i + 1 < args.Length; i++)
        {
            if (args[i] == "--ef")
            {
                efs = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            }
            else if (args[i] == "--storage")
            {
                storages = args[i + 1].Split(',').Select(s => Enum.Parse<VectorStorage>(s, ignoreCase: true)).ToArray();
            }
        }
        var metric = AnnRows.Metric(prefix);
        var baseFile = FvecsReader.ReadFvecs(prefix + "_base.fvecs");
        var queryFile = FvecsReader.ReadFvecs(prefix + "_query.fvecs");
        var truth = FvecsReader.ReadIvecs(prefix + "_groundtruth.ivecs");
        using var column = new VectorColumn(baseFile.Dimension, baseFile.Count);
        AnnRows.Append(column, baseFile, metric);
        var queries = Enumerable.Range(0, queryFile.Count).Select(q => queryFile.Row(q).ToArray()).ToArray();
        // Frame ids = row numbers, so recall is read straight off the TEXMEX ground truth.
        var ids = Enumerable.Range(0, column.Count).Select(i => (ulong)i).ToArray();
        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"set={Path.GetFileName(prefix)} n={column.Count} dim={column.Dimension} metric={metric} queries={queries.Length} k={K}");

        var parameters = new HnswParameters { M = 16, EfConstruction = 200 };
        HnswBuilder.Build(Sample(column, 2000), metric, parameters); // JIT warm-up, untimed
        var watch = Stopwatch.StartNew();
        var graph = HnswBuilder.Build(column, metric, parameters);
        Console.WriteLine($"build (in-memory graph, 1 thread): {watch.Elapsed.TotalSeconds:F2}s");
        var inMemory = new HnswSearch(graph);
        foreach (var ef in efs)
        {
            Report($"in-memory HNSW ef={ef}", queries, truth, q => inMemory.Search(q, K, ef).Select(n => (ulong)n.Row).ToArray());
        }
        Report("in-memory exact", queries, truth, q => ExactSearch.TopK(column, q, K, metric).Select(n => (ulong)n.Row).ToArray());

        var directory = Path.Combine(Path.GetTempPath(), "capsule-ann-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        try
        {
            foreach (var storage in storages)
            {
                var path = Path.Combine(directory, $"index-{storage}.bin");
                watch.Restart();
                var bytes = VectorIndexWriter.Write(ids, column, metric, storage, parameters, graph);
                File.WriteAllBytes(path, bytes);
                var crcs = IndexPayload.ComputePageCrcs(bytes);
                Console.WriteLine($"{storage}: payload {Measure.Bytes(bytes.Length)} written in {watch.Elapsed.TotalMilliseconds:F0} ms (graph reused)");
                bytes = null;
                GC.Collect();

                WarmUpOpen(column, metric, storage, parameters, queries[0]);
                watch.Restart();
                using var payload = MapFile(path, crcs);
                var index = PersistedVectorIndex.Open(payload);
                var openMs = watch.Elapsed.TotalMilliseconds;
                index.Search(queries[0], K, 64);
                Console.WriteLine($"{storage}: open {openMs:F2} ms, open + first query {watch.Elapsed.TotalMilliseconds:F2} ms (file in page cache, pages checked on touch)");
                foreach (var ef in efs)
                {
                    Report($"{storage} persisted HNSW ef={ef}", queries, truth, q => index.Search(q, K, ef).Select(h => h.FrameId).ToArray());
                }
                if (storage == VectorStorage.F32)
                {
                    Report("persisted exact", queries, truth, q => index.ExactSearch(q, K).Select(h => h.FrameId).ToArray());
                    if (filter)
                    {
                        Crossover(index, queries);
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
        Threshold(column, metric, queries, parameters);
        return 0;
    }

    /// <summary>
    /// Opens and searches a small index of the same storage and metric first, so the timed open measures
    /// the open and the page checks, not the JIT compiling the search (the engine is warm after its first
    /// capsule; a cold process adds the JIT once, printed here as the warm-up time).
    /// </summary>
    private static void WarmUpOpen(VectorColumn column, VectorMetric metric, VectorStorage storage, HnswParameters parameters, float[] query)
    {
        var watch = Stopwatch.StartNew();
        using var sample = Sample(column, 300);
        using var payload = IndexPayload.FromBytes(VectorIndexWriter.Write(Enumerable.Range(0, 300).Select(i => (ulong)i).ToArray(), sample, metric, storage, parameters, graphThreshold: 0));
        PersistedVectorIndex.Open(payload).Search(query, K, 64);
        Console.WriteLine($"{storage}: cold JIT warm-up (write + open + search of 300 rows) {watch.Elapsed.TotalMilliseconds:F1} ms");
    }

    private static unsafe IndexPayload MapFile(string path, uint[] crcs)
    {
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        var length = new FileInfo(path).Length;
        return IndexPayload.FromMapped(pointer + view.PointerOffset, length, crcs, new Mapping(file, view));
    }

    /// <summary>
    /// Filtered search both ways per selectivity: the walk (forced with a selectivity hint of 1) and the
    /// exact scan over accepted rows, recall against exact filtered. The planner switches where the
    /// scan becomes the faster of the two (PersistedVectorIndex.FilteredExactBelow).
    /// </summary>
    private static void Crossover(PersistedVectorIndex index, float[][] queries)
    {
        foreach (var fraction in new[] { 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005 })
        {
            var modulus = (ulong)Math.Round(1 / fraction);
            bool Accept(ulong id) => (id * 2654435761UL) % modulus == 0;
            var exact = queries.Select(q => index.ExactSearch(q, K, Accept)).ToArray();
            var (walkP50, walkRecall) = Compare(queries, exact, q => index.Search(q, K, 64, Accept, selectivity: 1.0));
            var (scanP50, _) = Compare(queries, exact, q => index.ExactSearch(q, K, Accept));
            Console.WriteLine($"filter {fraction:P1}: walk ef=64 p50={walkP50:F1}us recall={walkRecall:F4} | exact scan p50={scanP50:F1}us | planner picks {(fraction < PersistedVectorIndex.FilteredExactBelow ? "scan" : "walk")}");
        }
    }

    /// <summary>Exact vs walk (ef=64) on the first n rows, to place the writer's graph threshold.</summary>
    private static void Threshold(VectorColumn column, VectorMetric metric, float[][] queries, HnswParameters parameters)
    {
        foreach (var n in new[] { 500, 1000, 2000, 4000, 8000 })
        {
            if (n > column.Count)
            {
                break;
            }
            using var sample = Sample(column, n);
            using var payload = IndexPayload.FromBytes(VectorIndexWriter.Write(Enumerable.Range(0, n).Select(i => (ulong)i).ToArray(), sample, metric, VectorStorage.F32, parameters, graphThreshold: 0));
            var index = PersistedVectorIndex.Open(payload);
            var exact = queries.Select(q => index.ExactSearch(q, K)).ToArray();
            var (walkP50, walkRecall) = Compare(queries, exact, q => index.Search(q, K, 64));
            var (scanP50, _) = Compare(queries, exact, q => index.ExactSearch(q, K));
            Console.WriteLine($"rows {n}: walk ef=64 p50={walkP50:F1}us recall={walkRecall:F4} | exact p50={scanP50:F1}us");
        }
    }

    private static VectorColumn Sample(VectorColumn column, int rows)
    {
        var sample = new VectorColumn(column.Dimension, rows);
        sample.AppendRange(column.Values[..(Math.Min(column.Count, rows) * column.Dimension)]);
        return sample;
    }

    private static (double P50, double Recall) Compare(float[][] queries, VectorHit[][] truth, Func<float[], VectorHit[]> run)
    {
        Measure.WarmUp(i => run(queries[i % queries.Length]));
        double hits = 0, expected = 0;
        var micros = Measure.Latencies(queries.Length, i =>
        {
            var found = run(queries[i]).Select(h => h.FrameId).ToHashSet();
            hits += truth[i].Count(h => found.Contains(h.FrameId));
            expected += truth[i].Length;
        });
        return (Measure.Percentile(micros, 50), expected == 0 ? 1 : hits / expected);
    }

    private static void Report(string label, float[][] queries, VectorMatrix<int> truth, Func<float[], ulong[]> run)
    {
        Measure.WarmUp(i => run(queries[i % queries.Length]));
        var hits = 0;
        var micros = Measure.Latencies(queries.Length, i =>
        {
            var found = run(queries[i]);
            var expected = truth.Row(i)[..K].ToArray();
            hits += found.Count(id => expected.Contains((int)id));
        });
        Console.WriteLine($"{label}: p50={Measure.Percentile(micros, 50):F1}us p99={Measure.Percentile(micros, 99):F1}us recall@{K}={hits / (double)(queries.Length * K):F4}");
    }

    private sealed class Mapping(MemoryMappedFile file, MemoryMappedViewAccessor view) : IDisposable
    {
        public void Dispose()
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
            file.Dispose();
        }
    }
}
