using System.Text.Json;

namespace Capsule.Benchmarks;

/// <summary>A retrieval collection as ../shared/datasets/README.md describes it: docs.jsonl,
/// queries.jsonl ({"id","text"} lines) and qrels.tsv (<c>qid docid gain</c>, gain &gt; 0 relevant).</summary>
public sealed record IrQualityData(
    string Name,
    IReadOnlyList<(string Id, string Text)> Docs,
    IReadOnlyList<(string Id, string Text)> Queries,
    IReadOnlyDictionary<string, Dictionary<string, int>> Qrels)
{
    public static bool Exists(string dir) =>
        File.Exists(Path.Combine(dir, "docs.jsonl")) && File.Exists(Path.Combine(dir, "queries.jsonl")) && File.Exists(Path.Combine(dir, "qrels.tsv"));

    public static IrQualityData Load(string dir)
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(dir, "qrels.tsv")))
        {
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || !int.TryParse(parts[2], out int gain) || gain <= 0)
                continue;
            if (!qrels.TryGetValue(parts[0], out var judged))
                qrels.Add(parts[0], judged = new Dictionary<string, int>(StringComparer.Ordinal));
            judged[parts[1]] = gain;
        }
        return new IrQualityData(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir))),
            ReadJsonl(Path.Combine(dir, "docs.jsonl")),
            ReadJsonl(Path.Combine(dir, "queries.jsonl")),
            qrels);
    }

    private static List<(string Id, string Text)> ReadJsonl(string path)
    {
        var rows = new List<(string, string)>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            using var json = JsonDocument.Parse(line);
            var id = json.RootElement.GetProperty("id");
            rows.Add((id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText(), json.RootElement.GetProperty("text").GetString() ?? ""));
        }
        return rows;
    }
}
