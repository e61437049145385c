using System.CommandLine;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule merge FILE SOURCE [--into TARGET] [--fail-on-conflict]</c>: brings a branch's changes onto another.</summary>
internal static class MergeCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var source = new Argument<string>("source") { Description = "The branch whose changes since the fork are brought over" };
        var into = new Option<string?>("--into") { Description = "The branch merged into (default: --branch, else the default branch)" };
        var fail = new Option<bool>("--fail-on-conflict") { Description = "Write nothing and exit 1 when both branches changed the same uri (default: the newest change wins)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("merge", "Merge a branch into another (one commit; conflicts reported)") { file, source, into, fail, json };
        ErrorHandling.SetAction(command, parseResult =>
        {
            using var capsule = CapsuleFiles.OpenWrite(parseResult, parseResult.GetValue(file)!);
            if (parseResult.GetValue(into) is { } target)
            {
                capsule.SwitchBranch(target);
            }
            MergeResult result;
            try
            {
                result = capsule.Merge(parseResult.GetValue(source)!, new MergeOptions { FailOnConflict = parseResult.GetValue(fail) });
            }
            catch (MergeConflictException e)
            {
                Console.Error.WriteLine($"capsule: {e.Message}; nothing was written");
                foreach (var c in e.Conflicts)
                {
                    Console.Error.WriteLine($"  conflict {c.Uri}: source frame {c.SourceFrameId?.ToString() ?? "deleted"} ({c.SourceChangedAt:O}), target frame {c.TargetFrameId?.ToString() ?? "deleted"} ({c.TargetChangedAt:O})");
                }
                return ExitCodes.Failed;
            }
            if (parseResult.GetValue(json))
            {
                Output.WriteJson(result, CliJson.Default.MergeResult);
                return ExitCodes.Ok;
            }
            Console.Out.WriteLine($"merged {result.Source} into {result.Target}: {result.Copied} frames copied, {result.Deleted} deleted (shared history: frames 0..{(long)result.ForkFrameId - 1}); head commit @{result.Commit.Sequence}");
            foreach (var c in result.Conflicts)
            {
                Console.Out.WriteLine($"  conflict {c.Uri}: kept the {c.Winner.ToString().ToLowerInvariant()}'s change (source {c.SourceChangedAt:O}, target {c.TargetChangedAt:O})");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
