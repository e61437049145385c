using System.CommandLine;
using System.Text;
using System.Text.Json.Serialization;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule list FILE [--limit N] [--json] [--as-of POINT]</c>: the live frames (at that point) in id order.</summary>
internal static class ListCommand
{
    private const int SnippetChars = 60;

    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 20, Description = "Show at most N frames (0 = all)" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array with every field" };
        var asOf = CapsuleFiles.AsOfOption();
        var command = new Command("list", "List live frames: id, kind, uri, title, start of the text") { file, limit, json, asOf };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var max = parseResult.GetValue(limit);
            if (max < 0)
            {
                throw new ArgumentException($"--limit must be 0 (all) or more, not {max}");
            }
            using var capsule = CapsuleFiles.OpenRead(parseResult, parseResult.GetValue(file)!, parseResult.GetValue(asOf));
            var frames = (max == 0 ? capsule.Frames() : capsule.Frames().Take(max)).ToList();
            if (parseResult.GetValue(json))
            {
                Output.WriteJson(frames.Select(ToJson).ToList(), CliJson.Default.ListFrameJson);
                return ExitCodes.Ok;
            }
            var rows = frames.Select(f => new[] { f.Id.ToString(), FrameFields.Name(f.Kind), f.Uri, f.Title, Snippet(f) }).ToList();
            foreach (var line in Output.Align(rows, 0))
            {
                Console.Out.WriteLine(line);
            }
            var live = capsule.Stats().LiveFrames;
            if ((ulong)frames.Count < live)
            {
                // On stderr, so that a pipe sees only frame lines.
                Console.Error.WriteLine($"showing {frames.Count} of {Output.Count(live)} live frames; --limit 0 shows all");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The first characters of the text on one line, or a size for binary payloads.</summary>
    private static string Snippet(Frame frame)
    {
        if (!FrameFields.IsText(frame.ContentType))
        {
            return $"[{Output.Size(frame.Payload.Length)} {frame.ContentType}]";
        }
        var text = frame.Text;
        var line = new StringBuilder(SnippetChars);
        var lastWasSpace = true; // also trims leading whitespace
        foreach (var c in text)
        {
            if (line.Length == SnippetChars)
            {
                break;
            }
            var space = char.IsWhiteSpace(c) || char.IsControl(c);
            if (!(space && lastWasSpace))
            {
                line.Append(space ? ' ' : c);
            }
            lastWasSpace = space;
        }
        // Never end on half of a surrogate pair.
        if (line.Length > 0 && char.IsHighSurrogate(line[^1]))
        {
            line.Length--;
        }
        return line.ToString().TrimEnd();
    }

    private static FrameJson ToJson(Frame f) => new(
        f.Id, f.Kind, f.Uri, f.Title, f.ContentType, f.IngestedAt, f.EventTime,
        f.Tags.Select(t => new TagJson(t.Key, t.Value)).ToList(), f.ParentId, f.SupersedesId, f.Payload.Length,
        FrameFields.IsText(f.ContentType) ? f.Text : null);

    // Tags are a list, not an object: a frame may carry the same key more than once.
    internal sealed record TagJson(string Key, string Value);

    internal sealed record FrameJson(
        ulong Id, FrameKind Kind, string Uri, string Title, string ContentType, DateTimeOffset IngestedAt, DateTimeOffset? EventTime,
        IReadOnlyList<TagJson> Tags, ulong? ParentId, ulong? SupersedesId, int Bytes,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text);
}
