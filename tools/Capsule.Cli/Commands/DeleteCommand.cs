using System.CommandLine;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule delete FILE (FRAME-ID | URI)</c>: writes a tombstone for a live frame and commits.</summary>
internal static class DeleteCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var frame = FrameArgument.Create();
        var command = new Command("delete", "Delete a live frame (history keeps it) and commit") { file, frame };
        ErrorHandling.SetAction(command, parseResult =>
        {
            using var capsule = CapsuleFiles.OpenWrite(parseResult, parseResult.GetValue(file)!);
            var id = FrameArgument.Resolve(capsule, parseResult.GetValue(frame)!).Id;
            capsule.Delete(id);
            capsule.Commit();
            Console.Out.WriteLine($"deleted frame {id}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
