using System.Text.Json;

namespace Capsule.Tests.Cli;

/// <summary>get and list with --as-of: each command below is its own commit, so @N is the state after the N-th.</summary>
public sealed class CliAsOfTests : CliTest
{
    private readonly string _file;

    public CliAsOfTests()
    {
        _file = CreateCapsule();
        CliRunner.Ok("put", _file, "plan v1", "--uri", "doc/plan");   // commit 1, frame 0
        CliRunner.Ok("put", _file, "scratch", "--uri", "doc/tmp");    // commit 2, frame 1
        CliRunner.Ok("put", _file, "plan v2", "--uri", "doc/plan");   // commit 3, frame 2 supersedes 0
        CliRunner.Ok("delete", _file, "doc/tmp");                     // commit 4, frame 3 deletes 1
    }

    [Fact]
    public void Get_as_of_shows_the_version_live_at_that_point()
    {
        Assert.Equal("plan v2", CliRunner.Ok("get", _file, "doc/plan").Stdout);
        Assert.Equal("plan v1", CliRunner.Ok("get", _file, "doc/plan", "--as-of", "@2").Stdout);
        Assert.Equal("plan v1", CliRunner.Ok("get", _file, "0", "--as-of", "1").Stdout); // right after frame 1
        Assert.Equal("scratch", CliRunner.Ok("get", _file, "doc/tmp", "--as-of", "@3").Stdout);
        Assert.Equal(1, CliRunner.Run("get", _file, "doc/tmp").ExitCode); // deleted at the head
    }

    [Fact]
    public void List_as_of_shows_the_earlier_set()
    {
        Assert.Equal([2UL], ListIds());
        Assert.Equal([0UL], ListIds("--as-of", "@1"));
        Assert.Equal([0UL, 1UL], ListIds("--as-of", "@2"));
        Assert.Equal([1UL, 2UL], ListIds("--as-of", "2"));
        Assert.Empty(ListIds("--as-of", "2000-01-01T00:00:00Z")); // before the first commit
        Assert.Equal([2UL], ListIds("--as-of", "9999-01-01"));
    }

    [Fact]
    public void A_bad_or_future_point_is_an_error()
    {
        var bad = CliRunner.Run("list", _file, "--as-of", "yesterday");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("'yesterday' is not a point in the timeline; use @COMMIT", bad.Stderr);
        Assert.Contains("FRAME-ID", bad.Stderr);
        Assert.Contains("ISO-TIME", bad.Stderr);

        var future = CliRunner.Run("get", _file, "0", "--as-of", "@5");
        Assert.Equal(1, future.ExitCode);
        Assert.Contains("commit 5 is beyond the head", future.Stderr);
    }

    private List<ulong> ListIds(params string[] options)
    {
        var output = CliRunner.Ok(["list", _file, "--json", .. options]).Stdout;
        return JsonDocument.Parse(output).RootElement.EnumerateArray().Select(f => f.GetProperty("id").GetUInt64()).ToList();
    }
}
