using System.CommandLine;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule verify FILE</c>: reads and checks every byte the commits depend on.</summary>
internal static class VerifyCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var command = new Command("verify", "Check every checksum, record and frame (exit code 2 when damaged)") { file };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            var report = CapsuleFile.Verify(path, Passwords.ForExisting(parseResult, path));
            if (!report.Ok)
            {
                foreach (var problem in report.Problems)
                {
                    Console.Error.WriteLine(problem.ToString()); // "offset O: KIND: message"
                }
                Console.Error.WriteLine($"capsule: {report.Path}: {report.Problems.Count} problem(s) found");
                return ExitCodes.Corrupt;
            }
            Console.Out.WriteLine($"ok: {Output.Counted(report.Records, "record")}, {Output.Counted(report.Commits, "commit")}, "
                + $"{Output.Counted(report.Segments, "segment")}, {Output.Counted(report.Frames, "frame")} checked");
            if (report.TornTailBytes > 0)
            {
                // Not damage: an interrupted write that no commit depends on.
                Console.Out.WriteLine($"note: {Output.Count(report.TornTailBytes)} bytes after the last commit belong to no commit; the next writer cuts them");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
