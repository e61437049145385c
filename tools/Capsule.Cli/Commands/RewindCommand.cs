using System.CommandLine;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule rewind FILE (--to FRAME-ID | --undo) [--branch B]</c>: moves a branch's head back, or undoes the last rewind.</summary>
internal static class RewindCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var to = new Option<string?>("--to") { Description = "Keep frames 0..FRAME-ID (or @COMMIT, ISO-TIME); later frames stay in the file, reachable with --undo" };
        var undo = new Option<bool>("--undo") { Description = "Move the head back to where it was before the branch's last rewind" };
        var command = new Command("rewind", "Move a branch's head back to an earlier point (nothing is destroyed)") { file, to, undo };
        ErrorHandling.SetAction(command, parseResult =>
        {
            if ((parseResult.GetValue(to) is null) == !parseResult.GetValue(undo))
            {
                throw new ArgumentException("give exactly one of --to POINT and --undo");
            }
            using var capsule = CapsuleFiles.OpenWrite(parseResult, parseResult.GetValue(file)!);
            var head = parseResult.GetValue(undo) ? capsule.UndoRewind() : capsule.Rewind(AsOf.Parse(parseResult.GetValue(to)!));
            Console.Out.WriteLine($"branch {capsule.Branch} now ends at frame {(long)head.NextFrameId - 1} (commit @{head.Sequence})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
