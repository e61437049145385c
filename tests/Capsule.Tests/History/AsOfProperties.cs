using FsCheck;
using FsCheck.Fluent;
using Capsule.Tests.Crash;
using Xunit.Abstractions;

namespace Capsule.Tests.History;

/// <summary>
/// Property: FsCheck generates put / update / delete / commit / rollback / reopen scenarios; the view
/// as of every commit and every committed frame equals the model's state at that point.
/// CAPSULE_HISTORY_SCENARIOS sets how many scenarios run (default 600, a few seconds); a failure prints the scenario.
/// </summary>
public sealed class AsOfProperties(ITestOutputHelper output)
{
    // The crash tests' write steps without power loss, over 5 uris; more updates, deletes and commits
    // than the crash mix so that views often land on superseded and deleted frames.
    private static readonly Gen<CrashOp> HistorySteps = Gen.Frequency(CrashOp.WriteSteps(5, maxSize: 200, update: 4, delete: 3, commit: 7));

    private static int Scenarios => int.TryParse(Environment.GetEnvironmentVariable("CAPSULE_HISTORY_SCENARIOS"), out var n) && n > 0 ? n : 600;

    [Fact]
    public void EveryCommitAndEveryFrameCanBeReadAsOf()
    {
        int withRuns = 0, insideACommit = 0;
        var scenarios = Gen.Choose(20, 80).SelectMany(length => HistorySteps.ArrayOf(length));
        Prop.ForAll(scenarios.ToArbitrary(), ops =>
        {
            var scenario = new HistoryScenario();
            scenario.Run(ops);
            withRuns += scenario.ViewsWithRuns;
            insideACommit += scenario.ViewsInsideACommit;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Scenarios).WithQuietOnSuccess(true));
        output.WriteLine($"{Scenarios} scenarios, {withRuns} views over sealed runs, {insideACommit} views ending inside a commit");
        // Without these the property would pass without reaching the cases it is about.
        Assert.True(withRuns >= Scenarios, $"only {withRuns} views crossed sealed runs");
        Assert.True(insideACommit >= Scenarios, $"only {insideACommit} views ended inside a commit");
    }
}
