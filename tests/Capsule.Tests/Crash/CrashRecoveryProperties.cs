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
    public void EveryAcknowledgedCommitSurvivesPowerLoss()
    {
        var crashCases = 0;
        var scenarios = Gen.Choose(30, 90).SelectMany(length => CrashOp.Generator.ArrayOf(length));
        Prop.ForAll(scenarios.ToArbitrary(), ops =>
        {
            var scenario = new CrashScenario();
            scenario.Run(ops);
            crashCases += scenario.CrashCases;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Scenarios).WithQuietOnSuccess(true));
        output.WriteLine($"{Scenarios} scenarios, {crashCases} crash cases");
        Assert.True(crashCases >= Scenarios * 25 / 4, $"only {crashCases} crash cases ran in {Scenarios} scenarios");
    }
}
