using System.Diagnostics;
using Capsule.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Capsule.Tests.Processes;

/// <summary>
/// Real processes, real files: a child ingests in a loop and is killed with SIGKILL at random
/// moments; every commit it reported as done must be there afterwards, and the file must verify.
/// CAPSULE_KILL_ROUNDS sets the number of kills (default 30); the seed is printed on failure.
/// </summary>
public sealed class ProcessKillTests(ITestOutputHelper output)
{
    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("CAPSULE_KILL_ROUNDS"), out var n) && n > 0 ? n : 30;

    [Fact]
    public void EveryReportedCommitSurvivesSigkill()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        using var dir = new TempDirectory();
        var path = dir.File("killed.mvc");
        ulong reportedFrames = 0, reportedSequence = 0;
        for (var round = 0; round < Rounds; round++)
        {
            using (var child = new ChildProcess("ingest", path, random.Next().ToString()))
            {
                // Let it run for a random while (at least until its first commit), then kill it.
                var first = child.ReadLine(TimeSpan.FromSeconds(30));
                Assert.True(first is not null, $"seed {seed}, round {round}: the child never committed: {child.StandardError}");
                Record(first!, ref reportedSequence, ref reportedFrames);
                var deadline = Stopwatch.StartNew();
                var runFor = TimeSpan.FromMilliseconds(random.Next(0, 150));
                while (deadline.Elapsed < runFor && child.ReadLine(TimeSpan.FromMilliseconds(200)) is { } line)
                {
                    Record(line, ref reportedSequence, ref reportedFrames);
                }
                child.Kill();
            }
            using var capsule = Capsule.Open(path, new CapsuleOptions { ReadOnly = true });
            Assert.True(capsule.Head.Sequence >= reportedSequence, $"seed {seed}, round {round}: head {capsule.Head.Sequence} but the child reported commit {reportedSequence}");
            Assert.True(capsule.NextFrameId >= reportedFrames, $"seed {seed}, round {round}: {capsule.NextFrameId} frames but the child reported {reportedFrames}");
            foreach (var id in new[] { 0UL, reportedFrames / 2, reportedFrames - 1 })
            {
                var frame = capsule.Get(id);
                Assert.StartsWith($"{id}:", frame.Text);
                Assert.Equal($"frame/{id}", frame.Uri);
            }
            var report = Capsule.Verify(path);
            Assert.True(report.Ok, $"seed {seed}, round {round}: {string.Join("; ", report.Problems)}");
            // What the child finished after its last report may also be there; count it as the new baseline.
            reportedSequence = capsule.Head.Sequence;
            reportedFrames = capsule.NextFrameId;
        }
        output.WriteLine($"{Rounds} kills, {reportedSequence} commits, {reportedFrames} frames, {new FileInfo(path).Length} bytes (seed {seed})");
        Assert.Equal([path], Directory.GetFiles(dir.Path)); // no sidecar files, even after kills
    }

    private static void Record(string line, ref ulong sequence, ref ulong frames)
    {
        var parts = line.Split(' ');
        Assert.Equal("committed", parts[0]);
        sequence = ulong.Parse(parts[1]);
        frames = ulong.Parse(parts[2]);
    }
}
