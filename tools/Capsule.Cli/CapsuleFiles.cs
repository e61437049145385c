using System.CommandLine;

namespace Capsule.Cli;

/// <summary>The FILE argument every command takes, and the three ways a command opens it.</summary>
internal static class CapsuleFiles
{
    public static Argument<string> Argument() => new("file") { Description = "The capsule file (.mvc)" };

    /// <summary>Commands that only read open read-only: no writer lock, so they work beside an active writer.</summary>
    public static CapsuleFile OpenRead(string path) => CapsuleFile.Open(path, new CapsuleOptions { ReadOnly = true });

    public static CapsuleFile OpenWrite(string path) => CapsuleFile.Open(path);

    public static CapsuleFile OpenOrCreate(string path) => File.Exists(path) ? CapsuleFile.Open(path) : CapsuleFile.Create(path);
}
