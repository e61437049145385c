using System.Text;
using Capsule.Cli;

namespace Capsule.Tests.Cli;

/// <summary>
/// The no-echo password prompt, driven through its console seam: a scripted terminal that displays
/// what the prompt writes and, like a real terminal, every key read without interception.
/// </summary>
public sealed class PasswordPromptTests
{
    /// <summary>A terminal with queued key presses; <see cref="Screen"/> is everything a user would see.</summary>
    private sealed class ScriptedTerminal(string keys, bool redirected = false) : IPromptConsole
    {
        private readonly Queue<ConsoleKeyInfo> _keys = new(keys.Select(ToKey));

        public StringBuilder Screen { get; } = new();
        public int KeysRead { get; private set; }
        public bool IsInputRedirected => redirected;

        public ConsoleKeyInfo ReadKey(bool intercept)
        {
            if (!_keys.TryDequeue(out var key))
            {
                // A prompt that keeps reading past Enter would block a real terminal forever.
                throw new InvalidOperationException("the test typed no more keys");
            }
            KeysRead++;
            if (!intercept)
            {
                Screen.Append(key.KeyChar); // what a terminal does with a key it is allowed to echo
            }
            return key;
        }

        public void Write(string text) => Screen.Append(text);

        private static ConsoleKeyInfo ToKey(char c) => c switch
        {
            '\n' => new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false),
            '\b' => new ConsoleKeyInfo('\b', ConsoleKey.Backspace, false, false, false),
            '\t' => new ConsoleKeyInfo('\t', ConsoleKey.Tab, false, false, false),
            _ => new ConsoleKeyInfo(c, ConsoleKey.A, false, false, false), // the key code does not matter for text
        };
    }

    [Fact]
    public void The_prompt_reads_the_password_and_echoes_none_of_it()
    {
        var terminal = new ScriptedTerminal("s3cret pässword\n");

        var password = PasswordPrompt.Ask(terminal, "password for notes.mvc");

        Assert.Equal("s3cret pässword", password);
        Assert.Equal("password for notes.mvc: " + Environment.NewLine, terminal.Screen.ToString());
        Assert.DoesNotContain("s3cret", terminal.Screen.ToString());
        Assert.DoesNotContain("*", terminal.Screen.ToString()); // not even masked: the length stays hidden too
    }

    [Fact]
    public void Backspace_deletes_and_other_control_keys_are_ignored()
    {
        var terminal = new ScriptedTerminal("hunter3\b2\t\n");

        Assert.Equal("hunter2", PasswordPrompt.Ask(terminal, "password"));
        Assert.Equal(11, terminal.KeysRead); // 7 letters, Backspace, "2", Tab, Enter: every key once, nothing after Enter
    }

    [Fact]
    public void Backspace_on_an_empty_line_is_harmless_and_an_empty_answer_is_returned_as_typed()
    {
        Assert.Equal("", PasswordPrompt.Ask(new ScriptedTerminal("\b\b\n"), "password"));
    }

    [Fact]
    public void Without_a_terminal_the_prompt_fails_at_once_naming_password_stdin()
    {
        var terminal = new ScriptedTerminal("never read\n", redirected: true);

        var error = Assert.Throws<ArgumentException>(() => PasswordPrompt.Ask(terminal, "password for notes.mvc"));

        Assert.Contains("standard input is not a terminal", error.Message);
        Assert.Contains("--password-stdin", error.Message);
        Assert.Equal(0, terminal.KeysRead);
        Assert.Equal("", terminal.Screen.ToString());
    }

    [Fact]
    public void A_console_that_cannot_read_keys_is_the_same_clear_error()
    {
        var terminal = new ScriptedTerminal(""); // ReadKey throws InvalidOperationException, as Console.ReadKey does without a console

        var error = Assert.Throws<ArgumentException>(() => PasswordPrompt.Ask(terminal, "password"));

        Assert.Contains("--password-stdin", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }
}
