using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Capsule.Tests.History;

/// <summary>
/// Property: FsCheck generates put / update / delete / commit / rollback / reopen / branch / switch /
/// rewind / undo / merge / set-default / delete-branch scenarios; every branch, and every branch as of each
/// of its commits, equals its model, and the file verifies. CAPSULE_BRANCH_SCENARIOS sets how many run
/// (default 300); a failure prints the scenario.
/// </summary>
public sealed class BranchProperties(ITestOutputHelper output)
{
    private static int Scenarios => int.TryParse(Environment.GetEnvironmentVariable("CAPSULE_BRANCH_SCENARIOS"), out var n) && n > 0 ? n : 300;

    [Fact]
    public void EveryBranchAndEveryCommitOfItMatchesTheModel()
    {
        int merges = 0, cuts = 0, conflicts = 0;
        var scenarios = Gen.Choose(20, 90).SelectMany(length => BranchOp.Generator(4).ArrayOf(length));
        Prop.ForAll(scenarios.ToArbitrary(), ops =>
        {
            var scenario = new BranchScenario();
            scenario.Run(ops);
            merges += scenario.Merges;
            cuts += scenario.CutsInsideACommit;
            conflicts += scenario.Conflicts;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Scenarios).WithQuietOnSuccess(true));
        output.WriteLine($"{Scenarios} scenarios: {merges} merges that wrote, {cuts} cuts inside a commit, {conflicts} conflicts");
        // Without these the property would pass without reaching the cases it is about.
        Assert.True(merges >= Scenarios / 4, $"only {merges} merges wrote a commit");
        Assert.True(cuts >= Scenarios / 4, $"only {cuts} forks or rewinds cut inside a commit");
        Assert.True(conflicts >= Scenarios / 4, $"only {conflicts} merge conflicts");
    }
}
