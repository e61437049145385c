using System.Globalization;
using Capsule.Fuzz;
using Xunit.Abstractions;

namespace Capsule.Tests.Fuzz;

/// <summary>
/// A bounded fuzz pass on every test run. CAPSULE_FUZZ_ITERATIONS sets its length (default 3,000,
/// about 10 s on two cores) and CAPSULE_FUZZ_SEED replays a failing run; the seed is always printed.
/// A failure message carries a ready-to-paste regression test for FuzzRegressionTests.cs.
/// </summary>
public sealed class FuzzPassTests(ITestOutputHelper output)
{
    private const int DefaultIterations = 3000;

    [Fact]
    public void A_bounded_fuzz_pass_finds_nothing()
    {
        var iterations = EnvInt("CAPSULE_FUZZ_ITERATIONS") ?? DefaultIterations;
        var seed = EnvInt("CAPSULE_FUZZ_SEED") ?? Random.Shared.Next();
        output.WriteLine($"fuzz seed {seed} (replay: CAPSULE_FUZZ_SEED={seed}), {iterations} iterations");

        var loop = new FuzzLoop(seed, Seeds.Build().Concat(Seeds.Load(Path.Combine(AppContext.BaseDirectory, "golden"))).ToList());
        for (var i = 0; i < iterations && loop.Findings.Count == 0; i++)
        {
            loop.Step();
        }

        output.WriteLine($"{loop.Iterations} iterations; mutations: {string.Join(", ", loop.MutationCounts.Select(kv => $"{kv.Key} {kv.Value}"))}");
        output.WriteLine($"encrypted inputs (opened with the seeds' password): {string.Join(", ", loop.EncryptedOutcomeCounts.Select(kv => $"{kv.Key} {kv.Value}"))}");
        if (loop.Findings.Count > 0)
        {
            var finding = Minimizer.Minimize(loop.Findings.Values.First(), TimeSpan.FromSeconds(5));
            Assert.Fail($"fuzz seed {seed} (CAPSULE_FUZZ_SEED={seed}) found after {loop.Iterations} iterations:\n{finding.Outcome}\n"
                + $"{finding.Outcome.Exception}\n\nRegression test:\n{ReproWriter.Snippet(finding)}");
        }
    }

    private static int? EnvInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
