using System.Diagnostics;

namespace Capsule.Cli.Bench;

/// <summary>Runs a peer-measuring script from the anchors folder (../shared/anchors) and returns its output lines.</summary>
internal static class PeerRunner
{
    /// <summary>The anchors folder: --anchors, else $CAPSULE_ANCHORS, else ../shared/anchors from the current directory.</summary>
    public static string Locate(string? option)
    {
        var dir = option ?? Environment.GetEnvironmentVariable("CAPSULE_ANCHORS") ?? Path.Combine("..", "shared", "anchors");
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"peer scripts not found in '{dir}' (pass --anchors DIR or set CAPSULE_ANCHORS; --no-peers skips them)");
        }
        return dir;
    }

    /// <summary>Runs <c>/usr/bin/python3 SCRIPT ARGS</c>; a failure (missing module, say) is reported, not hidden.</summary>
    public static IReadOnlyList<string> Run(string anchors, string script, params string[] args)
    {
        var start = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(anchors, script));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start python3 for {script}");
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}): {stderr.Result.Trim()}"
                + " — the peers need: apt-get install -y python3-numpy python3-hnswlib python3-faiss python3-xapian");
        }
        return lines;
    }
}
