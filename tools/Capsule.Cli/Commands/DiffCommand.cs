using System.CommandLine;

namespace Capsule.Cli.Commands;

/// <summary>
/// <c>capsule diff FILE FROM TO [--json]</c>: frames added, deleted and superseded between two points
/// (each a FRAME-ID, @COMMIT or ISO-TIME, as for --as-of). One line per change: "+ id uri title",
/// "- id uri title", "~ old -> new uri title".
/// </summary>
internal static class DiffCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var from = new Argument<string>("from") { Description = "The earlier point: FRAME-ID, @COMMIT or ISO-TIME" };
        var to = new Argument<string>("to") { Description = "The later point" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("diff", "Frames added, deleted and superseded between two points") { file, from, to, json };
        ErrorHandling.SetAction(command, parseResult =>
        {
            using var capsule = CapsuleFiles.OpenRead(parseResult, parseResult.GetValue(file)!);
            var diff = capsule.Diff(AsOf.Parse(parseResult.GetValue(from)!), AsOf.Parse(parseResult.GetValue(to)!));
            string Describe(ulong id)
            {
                capsule.TryGetHistorical(id, out var f);
                return $"{f.Uri} {f.Title}".Trim();
            }
            if (parseResult.GetValue(json))
            {
                Output.WriteJson(new DiffJson(diff.Added, diff.Deleted, diff.Superseded.Select(s => new SupersededJson(s.Old, s.New)).ToList()), CliJson.Default.DiffJson);
                return ExitCodes.Ok;
            }
            foreach (var id in diff.Added) Console.Out.WriteLine($"+ {id} {Describe(id)}");
            foreach (var id in diff.Deleted) Console.Out.WriteLine($"- {id} {Describe(id)}");
            foreach (var (old, @new) in diff.Superseded) Console.Out.WriteLine($"~ {old} -> {@new} {Describe(@new)}");
            Console.Error.WriteLine($"{diff.Added.Count} added, {diff.Deleted.Count} deleted, {diff.Superseded.Count} superseded");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal sealed record DiffJson(IReadOnlyList<ulong> Added, IReadOnlyList<ulong> Deleted, IReadOnlyList<SupersededJson> Superseded);

    internal sealed record SupersededJson(ulong Old, ulong New);
}
