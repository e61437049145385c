using System.CommandLine;
using Capsule.Codecs;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule info FILE [--json]</c>: counts, codecs, and where the file's bytes go.</summary>
internal static class InfoCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("info", "Show counts, codecs and the byte layout of a capsule") { file, json };
        ErrorHandling.SetAction(command, parseResult =>
        {
            using var capsule = CapsuleFiles.OpenRead(parseResult, parseResult.GetValue(file)!);
            var info = Gather(capsule);
            if (parseResult.GetValue(json))
            {
                Output.WriteJson(info, CliJson.Default.InfoJson);
            }
            else
            {
                Print(info);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static InfoJson Gather(CapsuleFile capsule)
    {
        var stats = capsule.Stats();
        var segments = capsule.Segments();
        var codecs = segments
            .GroupBy(s => s.Codec)
            .OrderBy(g => g.Key)
            .Select(g => new CodecJson(g.Key, g.Count(), g.Sum(s => s.RawBytes), g.Sum(s => s.StoredBytes)))
            .ToList();
        return new InfoJson(
            stats.Path, stats.FileBytes, $"{stats.FormatMajor}.{stats.FormatMinor}", stats.Encrypted, stats.Commits, capsule.Head.CommittedAt,
            new FramesJson(stats.Frames, stats.LiveFrames, stats.DeadFrames, stats.TombstoneFrames),
            stats.Runs, new TailJson(stats.TailCommits, stats.TailFrames), segments.Count, codecs, capsule.Layout(), Indexing(capsule.Settings),
            capsule.Branch, [.. capsule.Branches().Select(b => b.Name)]);
    }

    private static IndexingJson Indexing(IndexSettings s) => new(
        $"{s.Analyzer.StopWords} stop words, {(s.Analyzer.Stemming ? "Porter2 stemming" : "no stemming")}, {(s.Analyzer.CjkBigrams ? "CJK bigrams" : "CJK unigrams")}",
        s.Bm25.K1, s.Bm25.B, s.TitleBoost,
        s.Embedding is { } e ? new EmbeddingJson(e.Dimension, e.Metric.ToString(), e.Model, e.Storage switch { 1 => "f16", 2 => "int8", _ => "f32" }) : null,
        s.Hnsw.M, s.Hnsw.EfConstruction, s.Hnsw.EfSearch);

    private static void Print(InfoJson info)
    {
        Output.Table(null, ["capsule", info.Path],
        [
            ["file size", $"{Output.Size(info.FileBytes)} ({Output.Count(info.FileBytes)} bytes)"],
            ["format version", info.FormatVersion],
            ["encryption", info.Encrypted ? "ChaCha20-Poly1305, key wrapped under Argon2id" : "none"],
            ["branch", info.Branches.Count == 1 ? info.Branch : $"{info.Branch} (branches: {string.Join(", ", info.Branches)})"],
            ["commits", Output.Count(info.Commits)],
            ["frames", $"{Output.Count(info.Frames.Live)} live, {Output.Count(info.Frames.Dead)} dead, {Output.Count(info.Frames.Tombstones)} tombstones ({Output.Count(info.Frames.Total)} ids)"],
            ["runs", Output.Count(info.Runs)],
            ["tail", $"{Output.Counted(info.Tail.Frames, "frame")} in {Output.Counted(info.Tail.Commits, "commit")} (not yet sealed into a run)"],
            ["segments", Output.Count(info.Segments)],
            ["full-text", $"{info.Indexing.Analyzer}; BM25 k1 {info.Indexing.K1}, b {info.Indexing.B}, title boost {info.Indexing.TitleBoost}"],
            ["embeddings", info.Indexing.Embedding is { } e
                ? $"{e.Dimension} dimensions, {e.Metric}, {e.Storage}" + (e.Model.Length > 0 ? $", model {e.Model}" : "") + $"; HNSW M {info.Indexing.HnswM}, efConstruction {info.Indexing.HnswEfConstruction}, efSearch {info.Indexing.HnswEfSearch}"
                : "none bound yet"],
        ]);
        var totalRaw = info.Codecs.Sum(c => c.RawBytes);
        var totalStored = info.Codecs.Sum(c => c.StoredBytes);
        Output.Table("segments by codec", ["codec", "segments", "raw", "stored", "ratio"],
        [
            .. info.Codecs.Select(c => CodecRow(c.Codec.ToString(), c.Segments, c.RawBytes, c.StoredBytes)),
            CodecRow("total", info.Segments, totalRaw, totalStored),
        ], 1, 2, 3, 4);
        var layout = info.Layout;
        Output.Table("where the bytes go", ["part", "records", "bytes", "share"],
        [
            LayoutRow("superblocks", null, layout.SuperblockBytes, layout.FileBytes),
            LayoutRow("segments", layout.SegmentRecords, layout.SegmentBytes, layout.FileBytes),
            LayoutRow("commits", layout.CommitRecords, layout.CommitBytes, layout.FileBytes),
            LayoutRow("runs (live)", layout.LiveRuns, layout.LiveRunBytes, layout.FileBytes),
            LayoutRow("runs (garbage)", layout.GarbageRuns, layout.GarbageRunBytes, layout.FileBytes),
            LayoutRow("indexes", layout.IndexRecords, layout.IndexBytes, layout.FileBytes),
            LayoutRow("settings", null, layout.SettingsBytes, layout.FileBytes),
            LayoutRow("torn tail", null, layout.TornTailBytes, layout.FileBytes),
        ], 1, 2, 3);
    }

    private static string[] CodecRow(string codec, int segments, long raw, long stored) =>
        [codec, Output.Count(segments), Output.Size(raw), Output.Size(stored), Output.Ratio(stored == 0 ? 1 : (double)raw / stored)];

    private static string[] LayoutRow(string part, int? records, long bytes, long fileBytes) =>
        [part, records is { } n ? Output.Count(n) : "-", Output.Size(bytes), fileBytes == 0 ? "-" : $"{100.0 * bytes / fileBytes:0.0}%"];

    internal sealed record InfoJson(
        string Path, long FileBytes, string FormatVersion, bool Encrypted, ulong Commits, DateTimeOffset HeadCommittedAt, FramesJson Frames,
        int Runs, TailJson Tail, int Segments, IReadOnlyList<CodecJson> Codecs, FileLayout Layout, IndexingJson Indexing,
        string Branch, IReadOnlyList<string> Branches);

    internal sealed record IndexingJson(string Analyzer, double K1, double B, double TitleBoost, EmbeddingJson? Embedding, int HnswM, int HnswEfConstruction, int HnswEfSearch);

    internal sealed record EmbeddingJson(int Dimension, string Metric, string Model, string Storage);

    internal sealed record FramesJson(ulong Total, ulong Live, ulong Dead, ulong Tombstones);

    internal sealed record TailJson(int Commits, ulong Frames);

    internal sealed record CodecJson(CodecId Codec, int Segments, long RawBytes, long StoredBytes)
    {
        public double Ratio => StoredBytes == 0 ? 1 : Math.Round((double)RawBytes / StoredBytes, 3);
    }
}
