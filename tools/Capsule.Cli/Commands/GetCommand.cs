using System.CommandLine;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule get FILE (FRAME-ID | URI) [--as-of POINT]</c>: prints a live frame's payload (live at that point).</summary>
internal static class GetCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var frame = FrameArgument.Create();
        var asOf = CapsuleFiles.AsOfOption();
        var command = new Command("get", "Print a live frame's payload (raw bytes)") { file, frame, asOf };
        ErrorHandling.SetAction(command, parseResult =>
        {
            using var capsule = CapsuleFiles.OpenRead(parseResult, parseResult.GetValue(file)!, parseResult.GetValue(asOf));
            var found = FrameArgument.Resolve(capsule, parseResult.GetValue(frame)!);
            var payload = found.Payload.Span;
            Output.WriteRaw(payload);
            // A shell prompt glued to the end of a text would hide its last line; pipes get the exact bytes.
            if (Output.IsTerminal && FrameFields.IsText(found.ContentType) && (payload.IsEmpty || payload[^1] != (byte)'\n'))
            {
                Console.Out.WriteLine();
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
