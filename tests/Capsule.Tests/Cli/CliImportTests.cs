using System.Text.Json;

namespace Capsule.Tests.Cli;

/// <summary>capsule import: JSON lines in, one frame per line, batched commits.</summary>
public sealed class CliImportTests : CliTest
{

    [Fact]
    public void Import_creates_the_capsule_and_list_and_info_show_the_frames()
    {
        var source = Lines(
            """{"id": "a", "text": "alpha text", "title": "Alpha", "time": "2025-01-02T03:04:05Z"}""",
            "",
            """{"id": 7, "text": "seven", "time": 1700000000}""",
            """{"id": "c", "text": "gamma", "extra": true}""");
        var file = Dir.File("new.mvc");

        var import = CliRunner.Ok("import", file, source, "--batch", "2");
        var frames = ParseArray(CliRunner.Ok("list", file, "--json").Stdout);
        var info = JsonDocument.Parse(CliRunner.Ok("info", file, "--json").Stdout).RootElement;

        Assert.Matches("^imported 3 frames in 2 commits, .* s; .*new.mvc is .*$", import.Stdout.Trim());
        Assert.Equal(["doc/a", "doc/7", "doc/c"], frames.Select(f => f.GetProperty("uri").GetString()));
        Assert.Equal("Alpha", frames[0].GetProperty("title").GetString());
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), frames[0].GetProperty("eventTime").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), frames[1].GetProperty("eventTime").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, frames[2].GetProperty("eventTime").ValueKind);
        Assert.Equal("seven", CliRunner.Ok("get", file, "doc/7").Stdout);
        Assert.Equal(2UL, info.GetProperty("commits").GetUInt64());
        Assert.Equal(3UL, info.GetProperty("frames").GetProperty("live").GetUInt64());
    }

    [Fact]
    public void Reimporting_the_same_ids_supersedes_the_earlier_frames()
    {
        var file = Dir.File("re.mvc");
        CliRunner.Ok("import", file, Lines("""{"id": 1, "text": "old one"}""", """{"id": 2, "text": "old two"}"""));

        var second = CliRunner.Ok("import", file, Lines("""{"id": 1, "text": "new one"}""", """{"id": 2, "text": "new two"}"""));
        var frames = JsonDocument.Parse(CliRunner.Ok("info", file, "--json").Stdout).RootElement.GetProperty("frames");

        Assert.Contains("2 replaced earlier versions", second.Stdout);
        Assert.Equal("new one", CliRunner.Ok("get", file, "doc/1").Stdout);
        Assert.Equal(2UL, frames.GetProperty("live").GetUInt64());
        Assert.Equal(2UL, frames.GetProperty("dead").GetUInt64());
    }

    [Fact]
    public void Import_honours_custom_field_names()
    {
        var file = Dir.File("fields.mvc");
        var source = Lines("""{"key": "k1", "body": "the body", "name": "The Name", "when": "2024-12-31"}""");

        CliRunner.Ok("import", file, source, "--id-field", "key", "--text-field", "body", "--title-field", "name", "--time-field", "when");
        var frame = ParseArray(CliRunner.Ok("list", file, "--json").Stdout).Single();

        Assert.Equal("doc/k1", frame.GetProperty("uri").GetString());
        Assert.Equal("The Name", frame.GetProperty("title").GetString());
        Assert.Equal(new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.Zero), frame.GetProperty("eventTime").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("""{"id": 3, "text": "broken""", "line 3: not valid JSON")]
    [InlineData("""{"id": 3}""", "line 3: missing field 'text'")]
    [InlineData("""{"id": 3, "text": "x", "time": "last tuesday"}""", "line 3: 'last tuesday' is not an ISO-8601 time")]
    [InlineData("""[1, 2]""", "line 3: expected a JSON object")]
    public void A_bad_line_fails_with_its_line_number_and_keeps_earlier_batches(string badLine, string expected)
    {
        var file = Dir.File("bad.mvc");
        var source = Lines("""{"id": 1, "text": "one"}""", """{"id": 2, "text": "two"}""", badLine, """{"id": 4, "text": "four"}""");

        var result = CliRunner.Run("import", file, source, "--batch", "1");
        var info = JsonDocument.Parse(CliRunner.Ok("info", file, "--json").Stdout).RootElement;

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("capsule: ", result.Stderr);
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr); // no stack trace without --verbose
        Assert.Equal(2UL, info.GetProperty("frames").GetProperty("live").GetUInt64());
    }

    private string Lines(params string[] lines)
    {
        var path = Dir.File($"{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static List<JsonElement> ParseArray(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
}
