using System.CommandLine;

namespace Capsule.Cli.Commands;

/// <summary>
/// <c>capsule timeline FILE [--since WHEN] [--until WHEN] [--limit N] [--frames] [--json]</c>: the
/// commits (or, with --frames, the live frames by ingestion time) in a time range, newest first.
/// WHEN is a time expression such as "yesterday", "last tuesday", "3 days ago" or an ISO date.
/// </summary>
internal static class TimelineCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var since = new Option<string?>("--since") { Description = "Start: a time expression (\"yesterday\", \"last week\", \"2025-03-01\", ...)" };
        var until = new Option<string?>("--until") { Description = "End (exclusive): a time expression" };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 20, Description = "Show at most N entries (0 = all)" };
        var frames = new Option<bool>("--frames") { Description = "List live frames by ingestion time instead of commits" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var asOf = CapsuleFiles.AsOfOption();
        var command = new Command("timeline", "Commits (or frames) in a time range, newest first") { file, since, until, limit, frames, json, asOf };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var max = parseResult.GetValue(limit);
            if (max < 0)
            {
                throw new ArgumentException($"--limit must be 0 (all) or more, not {max}");
            }
            var from = TimeArguments.Since(parseResult.GetValue(since)) ?? DateTimeOffset.MinValue;
            var to = TimeArguments.Until(parseResult.GetValue(until)) ?? DateTimeOffset.MaxValue;
            using var capsule = CapsuleFiles.OpenRead(parseResult, parseResult.GetValue(file)!, parseResult.GetValue(asOf));
            var take = max == 0 ? int.MaxValue : max;
            if (parseResult.GetValue(frames))
            {
                var found = capsule.FramesBetween(Clamp(from), Clamp(to)).Reverse().Take(take).ToList();
                if (parseResult.GetValue(json))
                {
                    Output.WriteJson(found.Select(f => new TimelineFrameJson(f.Id, f.IngestedAt, FrameFields.Name(f.Kind), f.Uri, f.Title)).ToList(), CliJson.Default.ListTimelineFrameJson);
                    return ExitCodes.Ok;
                }
                foreach (var line in Output.Align(found.Select(f => new[] { f.IngestedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"), f.Id.ToString(), FrameFields.Name(f.Kind), f.Uri, f.Title }).ToList(), 1))
                {
                    Console.Out.WriteLine(line);
                }
                return ExitCodes.Ok;
            }
            var commits = capsule.Commits().Where(c => c.Sequence > 0 && c.CommittedAt >= from && c.CommittedAt < to).Take(take).ToList(); // Commits() walks from the head back
            if (parseResult.GetValue(json))
            {
                Output.WriteJson(commits.Select(c => new CommitJson(c.Sequence, c.CommittedAt, c.FirstFrameId, c.NextFrameId, c.FramesAdded)).ToList(), CliJson.Default.ListCommitJson);
                return ExitCodes.Ok;
            }
            foreach (var line in Output.Align(commits.Select(c => new[] { $"@{c.Sequence}", c.CommittedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"), $"frames {c.FirstFrameId}..{(c.NextFrameId == 0 ? 0 : c.NextFrameId - 1)}", $"+{Output.Count(c.FramesAdded)}" }).ToList(), 3))
            {
                Console.Out.WriteLine(line);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The temporal index stores microseconds within .NET's range: keep open ends inside it.</summary>
    private static DateTimeOffset Clamp(DateTimeOffset t) =>
        t < DateTimeOffset.UnixEpoch.AddYears(-1900) ? DateTimeOffset.UnixEpoch.AddYears(-1900) : t > DateTimeOffset.UnixEpoch.AddYears(7000) ? DateTimeOffset.UnixEpoch.AddYears(7000) : t;

    internal sealed record TimelineFrameJson(ulong Id, DateTimeOffset Ingested, string Kind, string Uri, string Title);

    internal sealed record CommitJson(ulong Commit, DateTimeOffset At, ulong FirstFrame, ulong NextFrame, ulong FramesAdded);
}
