using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Capsule.Benchmarks;

/// <summary>
/// The job every class here uses: one launch, 3 warm-up and 5 measured iterations. Reasons: the
/// machine has 2 cores and the whole pass must stay under ~15 minutes, and several classes build a
/// 100k–1M frame capsule in GlobalSetup, which costs far more than the measurement itself. Five
/// iterations of ≥0.5 s each still give a usable mean and error for operations that take µs to ms;
/// treat the figures as a ShortRun's (a wider error than BenchmarkDotNet's default job), and compare
/// the Ratio column (Capsule / SQLite in the same process run) rather than absolute times.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShortRunJobAttribute : Attribute, IConfigSource
{
    public ShortRunJobAttribute()
    {
        var job = Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5).WithId("Short");
        Config = ManualConfig.CreateEmpty().AddJob(job);
    }

    public IConfig Config { get; }
}
