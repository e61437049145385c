using System.CommandLine;
using System.Text;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule put FILE [TEXT]</c>: adds one frame, commits, and prints its id.</summary>
internal static class PutCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var text = new Argument<string?>("text")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "The frame's text (or use --file, or pipe the payload on stdin)",
        };
        var from = new Option<string?>("--file") { Description = "Read the payload from this file (its content type follows the extension)" };
        var uri = new Option<string>("--uri") { DefaultValueFactory = _ => "", Description = "The frame's uri; replaces the live frame with the same uri" };
        var title = new Option<string>("--title") { DefaultValueFactory = _ => "", Description = "The frame's title" };
        var tags = new Option<string[]>("--tag") { Description = "A key=value tag (repeatable)" };
        var time = new Option<string?>("--time") { Description = "When the described thing happened (ISO-8601)" };
        var kind = new Option<string>("--kind")
        {
            DefaultValueFactory = _ => "document",
            Description = "document, chunk, fact, event or note",
        };
        var command = new Command("put", "Add a frame, commit, and print its id") { file, text, from, uri, title, tags, time, kind };
        ErrorHandling.SetAction(command, parseResult =>
        {
            // Everything the user typed is checked before the capsule is opened, so a typo costs nothing.
            var (payload, contentType) = ReadPayload(parseResult.GetValue(text), parseResult.GetValue(from));
            var draft = new FrameDraft
            {
                Kind = FrameFields.ParseKind(parseResult.GetValue(kind)!),
                Uri = parseResult.GetValue(uri)!,
                Title = parseResult.GetValue(title)!,
                Tags = (parseResult.GetValue(tags) ?? []).Select(FrameFields.ParseTag).ToList(),
                EventTime = parseResult.GetValue(time) is { } t ? FrameFields.ParseTime(t) : null,
                Payload = payload,
                ContentType = contentType,
            };
            using var capsule = CapsuleFiles.OpenWrite(parseResult, parseResult.GetValue(file)!);
            var id = capsule.Put(draft);
            capsule.Commit();
            Console.Out.WriteLine(id);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (byte[] Payload, string ContentType) ReadPayload(string? text, string? path)
    {
        if (text is not null && path is not null)
        {
            throw new ArgumentException("give the payload as TEXT or with --file, not both");
        }
        if (text is not null)
        {
            return (Encoding.UTF8.GetBytes(text), FrameFields.TextContentType);
        }
        if (path is not null)
        {
            return (File.ReadAllBytes(path), FrameFields.ContentTypeForFile(path));
        }
        if (!Console.IsInputRedirected)
        {
            // Waiting on an interactive terminal would look like a hang.
            throw new ArgumentException("give the payload as TEXT, with --file PATH, or pipe it on stdin");
        }
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return (bytes, FrameFields.ContentTypeForBytes(bytes));
    }
}
