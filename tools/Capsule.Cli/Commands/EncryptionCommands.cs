using System.CommandLine;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule encrypt FILE OUT</c>, <c>capsule decrypt FILE OUT</c> and <c>capsule passwd FILE</c>.</summary>
internal static class EncryptionCommands
{
    /// <summary>Argon2id settings for a new password; the defaults are the library's measured ones.</summary>
    public static (Option<uint> Iterations, Option<ulong> MemoryKiB) KdfOptions() =>
        (new Option<uint>("--kdf-iterations") { Description = "Argon2id passes (default 3)", DefaultValueFactory = _ => 3 },
         new Option<ulong>("--kdf-memory-kib") { Description = "Argon2id memory in KiB (default 131072 = 128 MiB)", DefaultValueFactory = _ => 128 * 1024 });

    public static CapsuleOptions WithKdf(ParseResult parseResult, Option<uint> iterations, Option<ulong> memoryKiB) =>
        new() { KdfIterations = parseResult.GetValue(iterations), KdfMemoryBytes = parseResult.GetValue(memoryKiB) * 1024 };

    private static Argument<string> Output() => new("out") { Description = "The new capsule file to write (must not exist)" };

    public static Command Encrypt()
    {
        var file = CapsuleFiles.Argument();
        var output = Output();
        var (iterations, memory) = KdfOptions();
        var command = new Command("encrypt", "Write an encrypted copy of a plain capsule (same commits and frames, a new data key)") { file, output, iterations, memory };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var options = WithKdf(parseResult, iterations, memory);
            CapsuleFile.Encrypt(parseResult.GetValue(file)!, parseResult.GetValue(output)!, Passwords.ReadNew(parseResult, "new password"), options);
            Console.Out.WriteLine($"encrypted {parseResult.GetValue(file)} to {parseResult.GetValue(output)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Decrypt()
    {
        var file = CapsuleFiles.Argument();
        var output = Output();
        var command = new Command("decrypt", "Write a plain copy of an encrypted capsule (same commits and frames)") { file, output };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            CapsuleFile.Decrypt(path, parseResult.GetValue(output)!, Passwords.Read(parseResult, $"password for {path}"));
            Console.Out.WriteLine($"decrypted {path} to {parseResult.GetValue(output)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Passwd()
    {
        var file = CapsuleFiles.Argument();
        var command = new Command("passwd", "Change the password of an encrypted capsule in place (rewrites only the key block)") { file };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            var old = Passwords.Read(parseResult, $"current password for {path}");
            using var capsule = CapsuleFile.Open(path, new CapsuleOptions { Password = old });
            capsule.ChangePassword(old, Passwords.ReadNew(parseResult, "new password"));
            Console.Out.WriteLine($"changed the password of {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
