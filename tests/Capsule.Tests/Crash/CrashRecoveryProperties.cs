using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Capsule.Tests.Crash;

/// <summary>
/// Property-based crash recovery: FsCheck generates scenarios of put / update / delete / commit /
/// rollback / reopen / power loss (between operations or inside a commit) / full disk, and each runs
/// against the model. CAPSULE_CRASH_SCENARIOS sets how many scenarios run (default 320, about 2,700
/// crash cases); a failure prints the scenario, which replays exactly.
/// </summary>
public sealed class CrashRecoveryProperties(ITestOutputHelper output)
{
    private static int Scenarios => int.TryParse(Environment.GetEnvironmentVariable("CAPSULE_CRASH_SCENARIOS"), out var n) && n > 0 ? n : 320;

    [Fact]
    public void EveryAcknowledgedCommitSurvivesPowerLoss() => Check(Scenarios, encrypted: false);

    /// <summary>The same property on encrypted capsules, with an eighth of the scenarios (at least 20) to bound the time.</summary>
    [Fact]
    public void EveryAcknowledgedCommitSurvivesPowerLossEncrypted() => Check(Math.Max(20, Scenarios / 8), encrypted: true);

    private void Check(int scenarioCount, bool encrypted)
    {
        var crashCases = 0;
        var scenarios = Gen.Choose(30, 90).SelectMany(length => CrashOp.Generator.ArrayOf(length));
        Prop.ForAll(scenarios.ToArbitrary(), ops =>
        {
            var scenario = new CrashScenario(encrypted);
            scenario.Run(ops);
            crashCases += scenario.CrashCases;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(scenarioCount).WithQuietOnSuccess(true));
        output.WriteLine($"{scenarioCount} scenarios, {crashCases} crash cases (encrypted: {encrypted})");
        Assert.True(crashCases >= scenarioCount * 25 / 4, $"only {crashCases} crash cases ran in {scenarioCount} scenarios");
    }
}
