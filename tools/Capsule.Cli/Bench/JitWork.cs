using System.Globalization;
using System.Runtime;

namespace Capsule.Cli.Bench;

/// <summary>
/// What the JIT compiled since this was taken: a one-shot process compiles (and recompiles, optimized) its
/// hot code while it works, so a build's time is read beside it.
/// </summary>
internal readonly record struct JitWork(long Methods, TimeSpan Time)
{
    public static JitWork Now() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());

    /// <summary>Methods compiled and time spent compiling since <see cref="Now"/> made this.</summary>
    public JitWork Since() => new(JitInfo.GetCompiledMethodCount() - Methods, JitInfo.GetCompilationTime() - Time);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Methods} methods JIT-compiled in {Time.TotalMilliseconds:0} ms");
}
