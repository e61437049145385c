using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Capsule.Benchmarks;

/// <summary>Small helpers for the hand-timed modes (import, e2e-facts): percentiles, units, machine info.</summary>
public static class Measure
{
    /// <summary>Times each call separately and returns the latencies in microseconds, sorted.</summary>
    public static double[] Latencies(int count, Action<int> call)
    {
        var micros = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            call(i);
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(micros);
        return micros;
    }

    /// <summary>
    /// Untimed calls of <paramref name="call"/>(i) until the JIT is done with the code under test: at least
    /// 100 calls and either 3,000 calls or half a second, then until no method has been compiled for
    /// 300 ms (at most 10 s).
    /// .NET compiles a hot method again, optimized, only after ~30 calls, a 100 ms delay that restarts
    /// with every newly compiled method, and a background compile; a warm-up of one pass over 100 queries
    /// timed the persisted walk on first-tier code, 1.8x slower than the final code (README, "Vectors").
    /// </summary>
    public static void WarmUp(Action<int> call)
    {
        var clock = Stopwatch.StartNew();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var quietSince = TimeSpan.Zero;
        for (var i = 0; ; i++)
        {
            call(i);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                quietSince = clock.Elapsed;
            }
            var elapsed = clock.Elapsed;
            var enough = i >= 100 && (i >= 3_000 || elapsed.TotalMilliseconds >= 500);
            if ((enough && (elapsed - quietSince).TotalMilliseconds >= 300) || elapsed.TotalSeconds >= 10)
            {
                return;
            }
        }
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F2} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:F1} KiB",
        _ => $"{bytes} B",
    };

    public static string Machine() =>
        $"{Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, " +
        $"{RuntimeInformation.FrameworkDescription}, Server GC {System.Runtime.GCSettings.IsServerGC}, load average {LoadAverage()}";

    /// <summary>
    /// The 1/5/15-minute load averages: on a shared 2-core machine a load above 2 means other processes
    /// took CPU during the run, so absolute times are inflated; the ratios to the peer are the figures to read.
    /// </summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
