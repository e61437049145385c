using System.CommandLine;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule create FILE [--encrypt]</c>: a new, empty capsule, encrypted with a password when asked.</summary>
internal static class CreateCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var encrypt = new Option<bool>("--encrypt") { Description = "Encrypt the capsule with a password (prompted, or --password-stdin)" };
        var (iterations, memory) = EncryptionCommands.KdfOptions();
        var command = new Command("create", "Create a new, empty capsule (fails if the file exists)") { file, encrypt, iterations, memory };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            var options = parseResult.GetValue(encrypt)
                ? EncryptionCommands.WithKdf(parseResult, iterations, memory) with { Password = Passwords.ReadNew(parseResult, "new password") }
                : new CapsuleOptions();
            CapsuleFile.Create(path, options).Dispose();
            Console.Out.WriteLine($"created {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
