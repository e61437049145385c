using System.CommandLine;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule create FILE</c>: a new, empty capsule.</summary>
internal static class CreateCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var command = new Command("create", "Create a new, empty capsule (fails if the file exists)") { file };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            CapsuleFile.Create(path).Dispose();
            Console.Out.WriteLine($"created {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
