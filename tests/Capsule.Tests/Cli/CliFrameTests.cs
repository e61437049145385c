using System.Text;
using System.Text.Json;

namespace Capsule.Tests.Cli;

/// <summary>create, put, get, list and delete through the command line.</summary>
public sealed class CliFrameTests : CliTest
{
    private readonly string _file;

    public CliFrameTests()
    {
        _file = CreateCapsule();
    }

    [Fact]
    public void Put_then_get_round_trips_by_id_and_by_uri()
    {
        var first = CliRunner.Ok("put", _file, "the first note", "--uri", "notes/1");
        var second = CliRunner.Ok("put", _file, "the second note", "--uri", "notes/2");

        Assert.Equal("0", first.Stdout.Trim());
        Assert.Equal("1", second.Stdout.Trim());
        Assert.Equal("the first note", CliRunner.Ok("get", _file, "0").Stdout);
        Assert.Equal("the second note", CliRunner.Ok("get", _file, "notes/2").Stdout);
    }

    [Fact]
    public void Put_from_a_binary_file_gets_back_the_same_bytes()
    {
        var bytes = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7 % 256)).ToArray();
        var path = Dir.File("blob.bin");
        File.WriteAllBytes(path, bytes);

        var id = CliRunner.Ok("put", _file, "--file", path).Stdout.Trim();

        Assert.Equal(bytes, CliRunner.Ok("get", _file, id).StdoutBytes);
        var listed = ListJson().Single();
        Assert.Equal("application/octet-stream", listed.GetProperty("contentType").GetString());
        Assert.False(listed.TryGetProperty("text", out _)); // binary payloads are not shown as text
    }

    [Fact]
    public void Put_reads_the_payload_from_stdin_when_no_text_is_given()
    {
        var id = CliRunner.Run(Encoding.UTF8.GetBytes("piped in"), null, "put", _file).AssertOk().Stdout.Trim();

        Assert.Equal("piped in", CliRunner.Ok("get", _file, id).Stdout);
    }

    [Fact]
    public void Put_with_tags_time_and_kind_shows_them_in_list_json()
    {
        CliRunner.Ok("put", _file, "standup moved to 10:00", "--uri", "facts/standup", "--title", "Standup",
            "--tag", "team=core", "--tag", "source=chat", "--time", "2025-03-14T09:30:00+01:00", "--kind", "FACT");

        var frame = ListJson().Single();
        Assert.Equal(0UL, frame.GetProperty("id").GetUInt64());
        Assert.Equal("fact", frame.GetProperty("kind").GetString());
        Assert.Equal("facts/standup", frame.GetProperty("uri").GetString());
        Assert.Equal("Standup", frame.GetProperty("title").GetString());
        Assert.Equal("standup moved to 10:00", frame.GetProperty("text").GetString());
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 8, 30, 0, TimeSpan.Zero), frame.GetProperty("eventTime").GetDateTimeOffset());
        var tags = frame.GetProperty("tags").EnumerateArray()
            .Select(t => (t.GetProperty("key").GetString(), t.GetProperty("value").GetString())).ToArray();
        Assert.Equal([("team", "core"), ("source", "chat")], tags);
    }

    [Fact]
    public void Put_with_the_same_uri_supersedes_the_earlier_frame()
    {
        CliRunner.Ok("put", _file, "v1", "--uri", "doc/a");
        CliRunner.Ok("put", _file, "v2", "--uri", "doc/a");

        var frame = ListJson().Single();
        Assert.Equal(1UL, frame.GetProperty("id").GetUInt64());
        Assert.Equal(0UL, frame.GetProperty("supersedesId").GetUInt64());
        Assert.Equal("v2", CliRunner.Ok("get", _file, "doc/a").Stdout);
    }

    [Fact]
    public void List_prints_one_line_per_live_frame_and_honours_limit()
    {
        for (var i = 0; i < 3; i++)
        {
            CliRunner.Ok("put", _file, $"note number {i}\nsecond line", "--uri", $"n/{i}", "--kind", "note");
        }

        var all = CliRunner.Ok("list", _file).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var limited = CliRunner.Run("list", _file, "--limit", "2");

        Assert.Equal(3, all.Length);
        Assert.Matches(@"^0\s+note\s+n/0\s+note number 0 second line$", all[0]);
        Assert.Equal(2, limited.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("showing 2 of 3", limited.Stderr);
    }

    [Fact]
    public void Delete_then_get_fails_with_exit_code_1()
    {
        CliRunner.Ok("put", _file, "short-lived", "--uri", "tmp/x");

        var deleted = CliRunner.Ok("delete", _file, "tmp/x");
        var byId = CliRunner.Run("get", _file, "0");
        var byUri = CliRunner.Run("get", _file, "tmp/x");
        var again = CliRunner.Run("delete", _file, "0");

        Assert.Equal("deleted frame 0", deleted.Stdout.Trim());
        Assert.Equal(1, byId.ExitCode);
        Assert.Equal("capsule: frame 0 not found", byId.Stderr.Trim());
        Assert.Equal(1, byUri.ExitCode);
        Assert.Contains("tmp/x", byUri.Stderr);
        Assert.Equal(1, again.ExitCode);
        Assert.Empty(ListJson());
    }

    private List<JsonElement> ListJson()
    {
        using var json = JsonDocument.Parse(CliRunner.Ok("list", _file, "--json", "--limit", "0").Stdout);
        return json.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
