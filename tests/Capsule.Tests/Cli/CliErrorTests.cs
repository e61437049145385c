using System.Text.Json;

namespace Capsule.Tests.Cli;

/// <summary>Failures print one "capsule: ..." line and a nonzero exit code; --verbose adds the stack trace.</summary>
public sealed class CliErrorTests : CliTest
{

    [Fact]
    public void Get_on_a_missing_file_fails_without_a_stack_trace()
    {
        var missing = Dir.File("missing.mvc");

        var result = CliRunner.Run("get", missing, "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"capsule: no capsule at {missing}", result.Stderr.Trim());
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        var result = CliRunner.Run("get", Dir.File("missing.mvc"), "0", "--verbose");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("capsule: no capsule at", result.Stderr);
        Assert.Contains("System.IO.FileNotFoundException", result.Stderr);
        Assert.Contains("   at ", result.Stderr);
    }

    [Fact]
    public void Put_with_an_unknown_kind_lists_the_allowed_kinds_and_writes_nothing()
    {
        var file = CreateCapsule();

        var result = CliRunner.Run("put", file, "text", "--kind", "tombstone");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("capsule: unknown kind 'tombstone'; use one of: document, chunk, fact, event, note", result.Stderr.Trim());
        using var info = JsonDocument.Parse(CliRunner.Ok("info", file, "--json").Stdout);
        Assert.Equal(0UL, info.RootElement.GetProperty("commits").GetUInt64());
    }

    [Theory]
    [InlineData("--tag", "no-equals-sign", "tag 'no-equals-sign' is not of the form key=value")]
    [InlineData("--tag", "=value", "tag '=value' is not of the form key=value")]
    [InlineData("--time", "14/03/2025", "'14/03/2025' is not an ISO-8601 time")]
    [InlineData("--time", "2025-13-01", "'2025-13-01' is not an ISO-8601 time")]
    public void Put_rejects_malformed_tags_and_times(string option, string value, string message)
    {
        var file = CreateCapsule();

        var result = CliRunner.Run("put", file, "text", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"capsule: {message}", result.Stderr.Trim().Split(" (e.g.")[0]);
    }

    [Fact]
    public void Create_refuses_an_existing_file()
    {
        var file = CreateCapsule();

        var result = CliRunner.Run("create", file);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("capsule: a file already exists", result.Stderr);
    }

    [Fact]
    public void A_file_that_is_not_a_capsule_is_reported_as_such()
    {
        var file = Dir.File("not.mvc");
        File.WriteAllText(file, new string('x', 10_000));

        var result = CliRunner.Run("info", file);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("capsule: ", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
