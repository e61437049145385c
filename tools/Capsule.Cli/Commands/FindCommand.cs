using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Capsule.Cli.Commands;

/// <summary>
/// <c>capsule find FILE "QUERY" [-k N] [--json] [--where key=value]... [--uri-prefix P] [--kind K]
/// [--when EXPR] [--as-of POINT]</c>: full-text search, one line per hit (score, frame id, uri,
/// title, snippet with the matched words marked). The batch form
/// <c>capsule find FILE --queries QUERIES.jsonl --trec</c> writes a TREC run: "qid Q0 DOCID rank score
/// capsule", DOCID being the id the import read (the uri after "doc/").
/// </summary>
internal static class FindCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var query = new Argument<string?>("query") { Arity = ArgumentArity.ZeroOrOne, Description = "The query: words (ranked OR), AND/OR/NOT, -word, \"phrases\", title:word, parentheses" };
        var k = new Option<int>("-k") { DefaultValueFactory = _ => 10, Description = "Number of hits" };
        var json = new Option<bool>("--json") { Description = "Print the hits as JSON" };
        var where = new Option<string[]>("--where") { Description = "Only frames with this tag: key=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var uriPrefix = new Option<string?>("--uri-prefix") { Description = "Only frames whose uri starts with this" };
        var kind = new Option<string?>("--kind") { Description = "Only frames of this kind (document, chunk, fact, event, note)" };
        var when = new Option<string?>("--when") { Description = "Only frames ingested in this time range: \"last tuesday\", \"3 days ago\", \"2025-03\", ..." };
        var asOf = CapsuleFiles.AsOfOption();
        var queries = new Option<string?>("--queries") { Description = "Batch: a JSON-lines file of {\"id\",\"text\"} queries" };
        var trec = new Option<bool>("--trec") { Description = "Batch output as a TREC run (qid Q0 DOCID rank score capsule)" };
        var syntax = new Option<bool>("--syntax") { Description = "Batch: read each query in the query language (default: plain words, as evaluation topics are)" };
        var command = new Command("find", "Full-text search (BM25)") { file, query, k, json, where, uriPrefix, kind, when, asOf, queries, trec, syntax };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var count = parseResult.GetValue(k);
            if (count < 1)
            {
                throw new ArgumentException($"-k must be at least 1, not {count}");
            }
            var filter = Filter(parseResult.GetValue(where) ?? [], parseResult.GetValue(uriPrefix), parseResult.GetValue(kind), parseResult.GetValue(when));
            using var capsule = CapsuleFiles.OpenRead(parseResult, parseResult.GetValue(file)!, parseResult.GetValue(asOf));
            if (parseResult.GetValue(queries) is { } batch)
            {
                return RunBatch(capsule, batch, new SearchOptions { K = count, Filter = filter, Snippets = false, PlainWords = !parseResult.GetValue(syntax) }, parseResult.GetValue(trec));
            }
            var text = parseResult.GetValue(query) ?? throw new ArgumentException("give a QUERY, or --queries FILE for a batch");
            var hits = capsule.Search(text, new SearchOptions { K = count, Filter = filter });
            if (parseResult.GetValue(json))
            {
                Output.WriteJson(hits.Select(h => new HitJson(h.FrameId, h.Score, h.Uri, h.Title, h.Snippet?.Text, h.Snippet?.Highlights.Select(r => new[] { r.Start, r.Length }).ToList())).ToList(), CliJson.Default.ListHitJson);
                return ExitCodes.Ok;
            }
            var rows = hits.Select(h => new[]
            {
                h.Score.ToString("0.000", CultureInfo.InvariantCulture), h.FrameId.ToString(CultureInfo.InvariantCulture), h.Uri, h.Title,
                OneLine(Output.IsTerminal ? h.Snippet?.RenderAnsi() : h.Snippet?.Render()),
            }).ToList();
            foreach (var line in Output.Align(rows, 0, 1))
            {
                Console.Out.WriteLine(line);
            }
            if (hits.Count == 0)
            {
                Console.Error.WriteLine("no matches");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int RunBatch(CapsuleFile capsule, string path, SearchOptions options, bool trec)
    {
        using var stream = File.OpenRead(path);
        var reader = new JsonLinesReader(stream, path);
        var output = new StringBuilder();
        foreach (var (line, q) in reader.Read(e => (Id: Field(e, "id"), Text: Field(e, "text"))))
        {
            IReadOnlyList<SearchHit> hits;
            try
            {
                hits = capsule.Search(q.Text, options);
            }
            catch (FormatException e)
            {
                throw reader.LineError(line, e);
            }
            for (var rank = 0; rank < hits.Count; rank++)
            {
                var h = hits[rank];
                var doc = h.Uri.StartsWith("doc/", StringComparison.Ordinal) ? h.Uri[4..] : h.FrameId.ToString(CultureInfo.InvariantCulture);
                output.Append(trec
                    ? string.Create(CultureInfo.InvariantCulture, $"{q.Id} Q0 {doc} {rank + 1} {h.Score:0.######} capsule\n")
                    : string.Create(CultureInfo.InvariantCulture, $"{q.Id}\t{rank + 1}\t{h.Score:0.000}\t{h.FrameId}\t{h.Uri}\n"));
            }
        }
        Console.Out.Write(output);
        return ExitCodes.Ok;
    }

    private static string Field(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Number => v.GetRawText(),
            _ => throw new FormatException($"field '{name}' must be a string or a number"),
        } : throw new FormatException($"missing field '{name}'");

    private static SearchFilter Filter(string[] tags, string? uriPrefix, string? kind, string? when)
    {
        var pairs = tags.Select(FrameFields.ParseTag).ToList();
        var range = when is null ? default : TimeArguments.Range(when);
        return new SearchFilter
        {
            Tags = pairs,
            UriPrefix = uriPrefix,
            Kind = kind is null ? null : FrameFields.ParseKind(kind),
            From = range.Start,
            Until = range.End,
        };
    }

    private static string OneLine(string? text) => text is null ? "" : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>One hit as <c>--json</c> prints it; highlights are [start, length] pairs in the snippet.</summary>
    internal sealed record HitJson(ulong Id, double Score, string Uri, string Title, string? Snippet, IReadOnlyList<int[]>? Highlights);
}
