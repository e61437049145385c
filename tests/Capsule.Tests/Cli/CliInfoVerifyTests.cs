using System.Text.Json;

namespace Capsule.Tests.Cli;

/// <summary>capsule info and capsule verify, on good and damaged files.</summary>
public sealed class CliInfoVerifyTests : CliTest
{
    private readonly string _file;

    public CliInfoVerifyTests()
    {
        _file = CreateCapsule();
        // Two commits of varied text, so the first segment is followed by later records and a flipped
        // byte in it is damage before the tail, not a torn tail.
        CliRunner.Ok("put", _file, string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i * 37 % 101}")), "--uri", "a");
        CliRunner.Ok("put", _file, "second commit", "--uri", "b");
        CliRunner.Ok("delete", _file, "b");
    }

    [Fact]
    public void Info_json_parses_and_holds_the_counts()
    {
        var info = JsonDocument.Parse(CliRunner.Ok("info", _file, "--json").Stdout).RootElement;

        Assert.Equal(new FileInfo(_file).Length, info.GetProperty("fileBytes").GetInt64());
        Assert.Equal(3UL, info.GetProperty("commits").GetUInt64());
        var frames = info.GetProperty("frames");
        Assert.Equal(3UL, frames.GetProperty("total").GetUInt64());
        Assert.Equal(1UL, frames.GetProperty("live").GetUInt64());
        Assert.Equal(1UL, frames.GetProperty("dead").GetUInt64());
        Assert.Equal(1UL, frames.GetProperty("tombstones").GetUInt64());
        Assert.Equal(3, info.GetProperty("segments").GetInt32());
        Assert.Equal(3, info.GetProperty("codecs").EnumerateArray().Sum(c => c.GetProperty("segments").GetInt32()));
        Assert.Equal(3, info.GetProperty("layout").GetProperty("commitRecords").GetInt32());
    }

    [Fact]
    public void Info_in_a_pipe_prints_plain_aligned_text()
    {
        var output = CliRunner.Ok("info", _file).Stdout;

        Assert.Contains("frames          1 live, 1 dead, 1 tombstone", output);
        Assert.Contains("segments by codec", output);
        Assert.Contains("where the bytes go", output);
        Assert.DoesNotContain("\u2502", output); // no Spectre box drawing when redirected
    }

    [Fact]
    public void Verify_reports_ok_on_a_good_file()
    {
        var result = CliRunner.Ok("verify", _file);

        Assert.Matches(@"^ok: \d+ records, 3 commits, 3 segments, 3 frames checked$", result.Stdout.Trim());
    }

    [Fact]
    public void Verify_exits_2_and_names_the_offset_when_a_segment_byte_is_flipped()
    {
        // 8192 is where records start (after the two superblock slots); +100 is inside the first
        // segment, whose body holds a few hundred bytes of compressed text.
        const long offset = 8192 + 100;
        Assert.True(new FileInfo(_file).Length > offset + 200, "the capsule is too small for this test");
        using (var stream = File.Open(_file, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = offset;
            var b = stream.ReadByte();
            stream.Position = offset;
            stream.WriteByte((byte)(b ^ 0x40));
        }

        var result = CliRunner.Run("verify", _file);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"offset \d+: \w+: ", result.Stderr);
        Assert.DoesNotContain("ok:", result.Stdout);
    }
}
