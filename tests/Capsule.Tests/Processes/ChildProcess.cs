using System.Diagnostics;

namespace Capsule.Tests.Processes;

/// <summary>Starts tests/Capsule.CrashChild as a separate process and reads its stdout line by line.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    public ChildProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepoPaths.BuiltProgram(Path.Combine("tests", "Capsule.CrashChild"), "Capsule.CrashChild.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the child process");
    }

    public int Id => _process.Id;

    /// <summary>The next line the child printed, or null when it exited or the timeout passed.</summary>
    public string? ReadLine(TimeSpan timeout)
    {
        var line = _process.StandardOutput.ReadLineAsync();
        return line.Wait(timeout) ? line.Result : null;
    }

    public void WriteLine(string text)
    {
        _process.StandardInput.WriteLine(text);
        _process.StandardInput.Flush();
    }

    /// <summary>SIGKILL: no finalizers, no flushes, no chance to clean up.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public string StandardError => _process.HasExited ? _process.StandardError.ReadToEnd() : "";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
