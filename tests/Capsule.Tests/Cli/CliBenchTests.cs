using System.Text.Json;

namespace Capsule.Tests.Cli;

/// <summary>
/// <c>capsule bench ir --repeat N</c> measures Capsule's half of every round in a fresh process of the CLI,
/// so each round's first build is a one-shot build, and prints the median table (no peers here: their
/// scripts need Python packages the tests do not install).
/// </summary>
public sealed class CliBenchTests : CliTest
{
    [Fact]
    public void Bench_ir_repeat_runs_each_round_in_a_fresh_process_and_prints_the_medians()
    {
        var collection = Dir.File("tiny");
        Directory.CreateDirectory(collection);
        string[] texts = ["the wing pressure at supersonic speed", "boundary layer flow over a flat plate", "heat transfer in laminar flow"];
        File.WriteAllLines(Path.Combine(collection, "docs.jsonl"), texts.Select((t, i) => JsonSerializer.Serialize(new { id = $"d{i}", text = t })));
        File.WriteAllLines(Path.Combine(collection, "queries.jsonl"), [JsonSerializer.Serialize(new { id = "q1", text = "wing pressure" })]);
        File.WriteAllText(Path.Combine(collection, "qrels.tsv"), "q1\t0\td0\t1\n");

        var output = CliRunner.Ok("bench", "ir", collection, "--no-peers", "--repeat", "2").Stdout;

        Assert.Contains("round 2 of 2", output);
        // One line per round from the child process that measured it (the first build of a fresh process).
        Assert.Equal(2, output.Split('\n').Count(l => l.TrimStart().StartsWith("capsule: docs=3 build=", StringComparison.Ordinal)));
        Assert.Contains("median of 2 alternating rounds", output);
        Assert.Matches(@"capsule\s+\d+\s+\d+\s+\d+\.\d{3}\s+\d+\.\d{2}", output);
    }
}
