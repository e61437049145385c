using System.CommandLine;

namespace Capsule.Cli.Commands;

/// <summary>
/// <c>capsule branch FILE (list | create NAME [--at POINT] | switch NAME | delete NAME)</c>: named heads
/// inside the file. <c>switch</c> changes the default branch, the one every command opens without --branch.
/// </summary>
internal static class BranchCommand
{
    public static Command Build()
    {
        var command = new Command("branch", "List, create, switch (set the default) and delete branches");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Create());
        command.Subcommands.Add(Switch());
        command.Subcommands.Add(Delete());
        return command;
    }

    private static readonly string[] Verbs = ["list", "create", "switch", "delete"];

    /// <summary>Accepts the file before the verb (<c>branch FILE create NAME</c>) by moving the verb first, the order the parser knows.</summary>
    public static string[] PutVerbFirst(string[] args)
    {
        var at = Array.IndexOf(args, "branch");
        if (at < 0 || at + 2 >= args.Length || !Verbs.Contains(args[at + 2]) || Verbs.Contains(args[at + 1]))
        {
            return args;
        }
        var copy = (string[])args.Clone();
        (copy[at + 1], copy[at + 2]) = (copy[at + 2], copy[at + 1]);
        return copy;
    }

    private static Command List()
    {
        var file = CapsuleFiles.Argument();
        var json = new Option<bool>("--json") { Description = "One JSON object per branch" };
        var command = new Command("list", "Every branch: default marker, name, head commit, frames") { file, json };
        ErrorHandling.SetAction(command, parseResult =>
        {
            using var capsule = CapsuleFiles.OpenRead(parseResult, parseResult.GetValue(file)!);
            foreach (var b in capsule.Branches())
            {
                if (parseResult.GetValue(json))
                {
                    Output.WriteJson(new BranchJson(b.Name, b.IsDefault, b.Head.Sequence, b.NextFrameId, b.Head.CommittedAt), CliJson.Default.BranchJson);
                }
                else
                {
                    Console.Out.WriteLine($"{(b.IsDefault ? "*" : " ")} {b.Name}\tcommit @{b.Head.Sequence}\t{b.NextFrameId} frames\t{b.Head.CommittedAt:O}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Create()
    {
        var file = CapsuleFiles.Argument();
        var name = new Argument<string>("name") { Description = "The new branch's name" };
        var at = new Option<string?>("--at")
        {
            Description = "Fork at FRAME-ID (frames 0..FRAME-ID), @COMMIT or ISO-TIME of the branch opened (default: its head)",
        };
        var command = new Command("create", "Create a branch (one small record; a point inside a commit copies that commit's prefix)") { file, name, at };
        ErrorHandling.SetAction(command, parseResult =>
        {
            using var capsule = CapsuleFiles.OpenWrite(parseResult, parseResult.GetValue(file)!);
            var point = parseResult.GetValue(at) is { } text ? AsOf.Parse(text) : null;
            var created = capsule.CreateBranch(parseResult.GetValue(name)!, point);
            Console.Out.WriteLine($"created branch {created.Name} from {capsule.Branch} at frame {(long)created.NextFrameId - 1} (commit @{created.Head.Sequence})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Switch() =>
        OnNamedBranch("switch", "Make a branch the default (what commands open without --branch)", "The branch to make the default",
            (capsule, name) =>
            {
                capsule.SetDefaultBranch(name);
                return $"default branch is now {capsule.DefaultBranch}";
            });

    private static Command Delete() =>
        OnNamedBranch("delete", "Delete a branch's name (its frames stay in the file until compaction)", "The branch to delete (not the default)",
            (capsule, name) =>
            {
                capsule.DeleteBranch(name);
                return $"deleted branch {name}";
            });

    /// <summary>A verb that opens FILE for writing, does <paramref name="act"/> to the branch NAME and prints what it returns.</summary>
    private static Command OnNamedBranch(string verb, string description, string nameDescription, Func<CapsuleFile, string, string> act)
    {
        var file = CapsuleFiles.Argument();
        var name = new Argument<string>("name") { Description = nameDescription };
        var command = new Command(verb, description) { file, name };
        ErrorHandling.SetAction(command, parseResult =>
        {
            using var capsule = CapsuleFiles.OpenWrite(parseResult, parseResult.GetValue(file)!);
            Console.Out.WriteLine(act(capsule, parseResult.GetValue(name)!));
            return ExitCodes.Ok;
        });
        return command;
    }

    internal sealed record BranchJson(string Name, bool Default, ulong Head, ulong Frames, DateTimeOffset CommittedAt);
}
