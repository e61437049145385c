namespace Capsule.Tests.Cli;

/// <summary>branch / rewind / merge and --branch, as the issue writes them: each command is its own commit.</summary>
public sealed class CliBranchTests : CliTest
{
    private readonly string _file;

    public CliBranchTests()
    {
        _file = CreateCapsule();
        CliRunner.Ok("put", _file, "the sky is blue", "--uri", "fact/sky");     // main frame 0
        CliRunner.Ok("put", _file, "grass is green", "--uri", "fact/grass");    // main frame 1
    }

    [Fact]
    public void A_branch_takes_its_own_commits_and_merges_back()
    {
        Assert.Contains("created branch exp from main at frame 1", CliRunner.Ok("branch", _file, "create", "exp").Stdout);
        CliRunner.Ok("put", _file, "the sky is green", "--uri", "fact/sky", "--branch", "exp"); // exp frame 2
        CliRunner.Ok("put", _file, "water is wet", "--uri", "fact/water");                     // main frame 2

        Assert.Equal("the sky is blue", CliRunner.Ok("get", _file, "fact/sky").Stdout);
        Assert.Equal("the sky is green", CliRunner.Ok("get", _file, "fact/sky", "--branch", "exp").Stdout);
        Assert.Equal(1, CliRunner.Run("get", _file, "fact/water", "--branch", "exp").ExitCode);

        var list = CliRunner.Ok("branch", _file, "list").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, list.Length);
        Assert.StartsWith("* main", list[0]);
        Assert.StartsWith("  exp", list[1]);

        var merged = CliRunner.Ok("merge", _file, "exp").Stdout;
        Assert.Contains("merged exp into main: 1 frames copied, 0 deleted", merged);
        Assert.Equal("the sky is green", CliRunner.Ok("get", _file, "fact/sky").Stdout);
        Assert.Equal("water is wet", CliRunner.Ok("get", _file, "fact/water").Stdout);
        Assert.Contains("[sky]", CliRunner.Ok("find", _file, "sky", "--branch", "exp").Stdout);
        Assert.Equal(0, CliRunner.Run("verify", _file).ExitCode);
    }

    [Fact]
    public void Merge_reports_conflicts_and_can_refuse_them()
    {
        CliRunner.Ok("branch", _file, "create", "exp");
        CliRunner.Ok("put", _file, "the sky is grey", "--uri", "fact/sky");                     // main changes fact/sky
        CliRunner.Ok("put", _file, "the sky is green", "--uri", "fact/sky", "--branch", "exp"); // exp too, later

        var refused = CliRunner.Run("merge", _file, "exp", "--fail-on-conflict");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("conflict fact/sky", refused.Stderr);
        Assert.Contains("nothing was written", refused.Stderr);
        Assert.Equal("the sky is grey", CliRunner.Ok("get", _file, "fact/sky").Stdout);

        var merged = CliRunner.Ok("merge", _file, "exp").Stdout;
        Assert.Contains("conflict fact/sky: kept the source's change", merged);
        Assert.Equal("the sky is green", CliRunner.Ok("get", _file, "fact/sky").Stdout);
    }

    [Fact]
    public void Rewind_moves_the_head_back_and_can_be_undone()
    {
        CliRunner.Ok("put", _file, "a mistake", "--uri", "fact/bad"); // frame 2
        Assert.Contains("branch main now ends at frame 1", CliRunner.Ok("rewind", _file, "--to", "1").Stdout);
        Assert.Equal(1, CliRunner.Run("get", _file, "fact/bad").ExitCode);
        Assert.Contains("branch main now ends at frame 2", CliRunner.Ok("rewind", _file, "--undo").Stdout);
        Assert.Equal("a mistake", CliRunner.Ok("get", _file, "fact/bad").Stdout);
        var both = CliRunner.Run("rewind", _file, "--to", "1", "--undo");
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("exactly one of --to POINT and --undo", both.Stderr);
    }

    [Fact]
    public void Switch_sets_the_default_and_the_default_cannot_be_deleted()
    {
        CliRunner.Ok("branch", _file, "create", "old", "--at", "0");
        Assert.Equal(1, CliRunner.Run("get", _file, "fact/grass", "--branch", "old").ExitCode);
        CliRunner.Ok("branch", _file, "switch", "old");
        Assert.Equal(1, CliRunner.Run("get", _file, "fact/grass").ExitCode); // commands now open 'old'
        var refused = CliRunner.Run("branch", _file, "delete", "old");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is the default branch", refused.Stderr);
        CliRunner.Ok("branch", _file, "switch", "main");
        CliRunner.Ok("branch", _file, "delete", "old");
        var missing = CliRunner.Run("get", _file, "0", "--branch", "old");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no branch named 'old' (branches: main)", missing.Stderr);
    }
}
