using System.CommandLine;

namespace Capsule.Cli;

/// <summary>
/// Where the command gets passwords: from a prompt on the terminal that echoes nothing, or, with
/// <c>--password-stdin</c>, one per line from standard input (for scripts and tests). Never from an
/// argument, which other users could read in the process list and which shells keep in their history.
/// </summary>
internal static class Passwords
{
    public static readonly Option<bool> Stdin = new("--password-stdin")
    {
        Recursive = true,
        Description = "Read passwords from standard input, one per line (old before new), instead of prompting",
    };

    /// <summary>The password for an existing capsule: null when it is not encrypted (or does not exist yet).</summary>
    public static string? ForExisting(ParseResult parseResult, string path) =>
        File.Exists(path) && CapsuleFile.IsEncryptedFile(path) ? Read(parseResult, $"password for {path}") : null;

    /// <summary>A new password; at a prompt it is asked twice, so a typo does not lock the capsule.</summary>
    public static string ReadNew(ParseResult parseResult, string what)
    {
        var password = Read(parseResult, what);
        if (!parseResult.GetValue(Stdin) && Read(parseResult, $"repeat {what}") != password)
        {
            throw new ArgumentException("the passwords do not match");
        }
        if (password.Length == 0)
        {
            throw new ArgumentException("the password must not be empty");
        }
        return password;
    }

    public static string Read(ParseResult parseResult, string what) =>
        parseResult.GetValue(Stdin)
            ? Console.In.ReadLine() ?? throw new ArgumentException($"--password-stdin: standard input ended before the {what}")
            : PasswordPrompt.Ask(SystemPromptConsole.Instance, what);
}
