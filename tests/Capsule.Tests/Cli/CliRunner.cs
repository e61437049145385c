using System.Diagnostics;
using System.Text;

namespace Capsule.Tests.Cli;

/// <summary>What one run of the command printed and returned.</summary>
public sealed record CliResult(int ExitCode, byte[] StdoutBytes, string Stderr)
{
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    /// <summary>Fails the test, showing both streams, unless the command exited 0.</summary>
    public CliResult AssertOk()
    {
        Assert.True(ExitCode == 0, ToString());
        return this;
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the built CLI as a child process rather than referencing its project: that tests what users
/// run (exit codes, stdout, stderr, and the real Console, whose redirection picks plain output over
/// Spectre tables), and the CLI's process-wide console state never leaks between parallel tests.
/// </summary>
public static class CliRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string> CliDll = new(FindCliDll);

    public static CliResult Run(params string[] args) => Run(stdin: null, workingDirectory: null, args);

    /// <summary>Runs and asserts exit code 0.</summary>
    public static CliResult Ok(params string[] args) => Run(args).AssertOk();

    public static CliResult Run(byte[]? stdin, string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(CliDll.Value);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        // Both pipes are drained concurrently: a child blocked on a full stderr pipe would never exit.
        var stdout = new MemoryStream();
        var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderrTask = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }
        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"capsule {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s");
        }
        Task.WaitAll(stdoutTask, stderrTask);
        return new CliResult(process.ExitCode, stdout.ToArray(), stderrTask.Result);
    }

    /// <summary>The CLI built in the same configuration as this test assembly.</summary>
    private static string FindCliDll() => RepoPaths.BuiltProgram(Path.Combine("tools", "Capsule.Cli"), "Capsule.Cli.dll");
}
