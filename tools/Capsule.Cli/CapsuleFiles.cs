using System.CommandLine;

namespace Capsule.Cli;

/// <summary>The FILE argument every command takes, and the three ways a command opens it.</summary>
internal static class CapsuleFiles
{
    public static Argument<string> Argument() => new("file") { Description = "The capsule file (.mvc)" };

    /// <summary>Commands that only read open read-only: no writer lock, so they work beside an active writer.</summary>
    public static CapsuleFile OpenRead(ParseResult parseResult, string path) =>
        WithPassword(parseResult, path, password => CapsuleFile.Open(path, new CapsuleOptions { ReadOnly = true, Password = password, Branch = parseResult.GetValue(Branch) }));

    /// <summary>
    /// Opens with no password first, and asks for one only when the capsule says it is encrypted: a plain
    /// capsule (the usual case) is then opened once instead of being probed by a first open and opened again,
    /// which a one-shot command paid on every run. An encrypted capsule refuses before any key derivation.
    /// </summary>
    private static CapsuleFile WithPassword(ParseResult parseResult, string path, Func<string?, CapsuleFile> open)
    {
        try
        {
            return open(null);
        }
        catch (PasswordRequiredException)
        {
            return open(Passwords.Read(parseResult, $"password for {path}"));
        }
    }

    /// <summary>--branch on every command: which branch to read or write (default: the capsule's default branch).</summary>
    public static readonly Option<string?> Branch = new("--branch")
    {
        Recursive = true,
        Description = "The branch to read or write (default: the capsule's default branch)",
    };

    /// <summary>The --as-of option of commands that read: a point in the timeline (see <see cref="AsOf.Parse"/>).</summary>
    public static Option<string> AsOfOption() => new("--as-of")
    {
        Description = "Read as of an earlier point: FRAME-ID (right after that frame), @COMMIT (e.g. @3) or ISO-TIME (the newest commit at or before it)",
    };

    /// <summary>Opens read-only at the head, or as an as-of view when <paramref name="asOf"/> is given.</summary>
    public static CapsuleFile OpenRead(ParseResult parseResult, string path, string? asOf) =>
        asOf is null ? OpenRead(parseResult, path)
            : WithPassword(parseResult, path, password => CapsuleFile.OpenAsOf(path, AsOf.Parse(asOf), new CapsuleOptions { Password = password, Branch = parseResult.GetValue(Branch) }));

    public static CapsuleFile OpenWrite(ParseResult parseResult, string path) =>
        WithPassword(parseResult, path, password => CapsuleFile.Open(path, new CapsuleOptions { Password = password, Branch = parseResult.GetValue(Branch) }));

    /// <summary>A capsule created here is plain; <c>capsule create --encrypt</c> makes an encrypted one.</summary>
    public static CapsuleFile OpenOrCreate(ParseResult parseResult, string path) =>
        File.Exists(path) ? OpenWrite(parseResult, path) : CapsuleFile.Create(path);
}
