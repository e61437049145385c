using System.CommandLine;
using System.Text.Json;

namespace Capsule.Cli;

/// <summary>
/// Turns exceptions into one "capsule: ..." line and an exit code. Users see the message, not a stack
/// trace, unless they ask for it with --verbose: a stack trace is for us, the message is for them.
/// </summary>
internal static class ErrorHandling
{
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Recursive = true,
        Description = "Show stack traces for errors",
    };

    /// <summary>Sets the command's action, wrapped so that every failure is reported the same way.</summary>
    public static void SetAction(Command command, Func<ParseResult, int> action) =>
        command.SetAction(parseResult => Run(parseResult, action));

    private static int Run(ParseResult parseResult, Func<ParseResult, int> action)
    {
        var verbose = parseResult.GetValue(Verbose);
        try
        {
            return action(parseResult);
        }
        catch (Exception e) when (IsExpected(e))
        {
            Report(e.Message, e, verbose);
            return ExitCodes.Failed;
        }
        catch (Exception e)
        {
            Report($"unexpected error ({e.GetType().Name}): {e.Message}", e, verbose);
            return ExitCodes.Internal;
        }
    }

    /// <summary>
    /// Failures caused by the input or the environment rather than by a bug. CapsuleException and the
    /// file-not-found family derive from IOException; the library reports bad arguments and missing
    /// frames with ArgumentException and KeyNotFoundException, and a step the capsule's state forbids (deleting the
    /// default branch, undoing a rewind that never happened) with InvalidOperationException; parsing throws
    /// JsonException and FormatException.
    /// </summary>
    private static bool IsExpected(Exception e) =>
        e is IOException or UnauthorizedAccessException or ArgumentException or KeyNotFoundException
            or InvalidOperationException or JsonException or FormatException;

    private static void Report(string message, Exception e, bool verbose)
    {
        Console.Out.Flush();
        Console.Error.WriteLine($"capsule: {message}");
        if (verbose)
        {
            Console.Error.WriteLine(e.ToString());
        }
    }
}
