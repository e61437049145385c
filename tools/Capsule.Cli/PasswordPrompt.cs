using System.Text;

namespace Capsule.Cli;

/// <summary>
/// The terminal a password prompt talks to. A seam so that tests can type keys and see everything the
/// prompt showed, without a terminal; <see cref="SystemPromptConsole"/> is the real one.
/// </summary>
internal interface IPromptConsole
{
    /// <summary>True when standard input is a pipe or a file: there is no keyboard to read keys from.</summary>
    bool IsInputRedirected { get; }

    /// <summary>Reads one key press; with <paramref name="intercept"/> the terminal does not display it.</summary>
    /// <exception cref="InvalidOperationException">The process has no console to read keys from.</exception>
    ConsoleKeyInfo ReadKey(bool intercept);

    /// <summary>Shows text to the user (on standard error, so that standard output stays clean for pipes).</summary>
    void Write(string text);
}

/// <summary>The process's console: keys from the terminal, prompts to standard error.</summary>
internal sealed class SystemPromptConsole : IPromptConsole
{
    public static readonly SystemPromptConsole Instance = new();

    private SystemPromptConsole()
    {
    }

    public bool IsInputRedirected => Console.IsInputRedirected;

    public ConsoleKeyInfo ReadKey(bool intercept) => Console.ReadKey(intercept);

    public void Write(string text) => Console.Error.Write(text);
}

/// <summary>Asks for a password on a terminal, echoing nothing (not even asterisks, which would reveal its length).</summary>
internal static class PasswordPrompt
{
    /// <summary>
    /// Shows "<paramref name="what"/>: ", reads keys without echo until Enter (Backspace deletes, other
    /// control keys are ignored), then ends the prompt line.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// There is no terminal (standard input is redirected, or the process has no console): a clear error
    /// naming <c>--password-stdin</c>, instead of blocking on a read that no one can answer.
    /// </exception>
    public static string Ask(IPromptConsole console, string what)
    {
        if (console.IsInputRedirected)
        {
            throw NoTerminal(what);
        }
        console.Write($"{what}: ");
        var typed = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key;
            try
            {
                key = console.ReadKey(intercept: true); // intercept: nothing is echoed
            }
            catch (InvalidOperationException e)
            {
                throw NoTerminal(what, e);
            }
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        console.Write(Environment.NewLine);
        return typed.ToString();
    }

    private static ArgumentException NoTerminal(string what, Exception? inner = null) =>
        new($"a {what} is needed and standard input is not a terminal: pass it with --password-stdin", inner);
}
