using System.Diagnostics;
using Capsule.Fuzz;

// dotnet run -c Release --project fuzz/Capsule.Fuzz -- [--seconds N] [--seed S] [--corpus DIR] [--out DIR] | --replay FILE
// Exit code 1 when any finding was hit, so CI can run it as a gate.
var seconds = 60.0;
var seed = Random.Shared.Next();
string? corpus = null;
var outDir = "fuzz-findings";
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--corpus": corpus = Value(); break;
        case "--out": outDir = Value(); break;
        case "--replay": // runs the target once on a saved input, e.g. a finding-*.bin
            var outcome = FuzzTarget.Run(File.ReadAllBytes(Value()));
            Console.WriteLine($"{outcome}\n{outcome.Exception}");
            return outcome.IsFinding ? 1 : 0;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}; usage: [--seconds N] [--seed S] [--corpus DIR] [--out DIR]");
            return 2;
    }
}

var seeds = Seeds.Build().Concat(corpus is null ? [] : Seeds.Load(corpus)).ToList();
Console.WriteLine($"capsule fuzz: seed {seed}, {seconds:0} s, {seeds.Count} seeds ({string.Join(", ", seeds.Select(s => $"{s.Name}:{s.Bytes.Length}B"))})");
Console.WriteLine($"replay with: --seed {seed}");

var loop = new FuzzLoop(seed, seeds);
var clock = Stopwatch.StartNew();
var lastReport = TimeSpan.Zero;
var reportedFindings = 0;
while (clock.Elapsed.TotalSeconds < seconds)
{
    loop.Step();
    if (loop.Findings.Count > reportedFindings)
    {
        foreach (var f in loop.Findings.Values.Skip(reportedFindings))
        {
            Console.WriteLine($"  NEW FINDING after {loop.Iterations} iterations: {f.Outcome}");
        }
        reportedFindings = loop.Findings.Count;
    }
    if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
    {
        lastReport = clock.Elapsed;
        Console.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0}s] {loop.Iterations} iterations ({loop.Iterations / clock.Elapsed.TotalSeconds:0}/s), " +
            $"pool {loop.PoolSize}, findings {loop.Findings.Count}, outcomes {Summary(loop.OutcomeCounts)}");
    }
}

Console.WriteLine($"done: {loop.Iterations} iterations in {clock.Elapsed.TotalSeconds:0} s ({loop.Iterations / clock.Elapsed.TotalSeconds:0}/s), seed {seed}");
Console.WriteLine($"mutations: {Summary(loop.MutationCounts)}");
Console.WriteLine($"outcomes:  {Summary(loop.OutcomeCounts)}");
Console.WriteLine($"encrypted: {Summary(loop.EncryptedOutcomeCounts)} (inputs opened with the seeds' password)");
foreach (var (signature, finding) in loop.Findings)
{
    var small = Minimizer.Minimize(finding, TimeSpan.FromSeconds(20));
    var (bin, cs) = ReproWriter.Write(small, outDir);
    Console.WriteLine($"FINDING x{loop.FindingHits[signature]} {signature}");
    Console.WriteLine($"  {small.Outcome.Detail.ReplaceLineEndings(" ")}");
    Console.WriteLine($"  seed {finding.Seed.Name}, {finding.Mutations.Count} mutations -> {small.Mutations.Count}; {finding.Input.Length} -> {small.Input.Length} bytes, {ReproWriter.Runs(small.Input).Count} non-zero runs");
    Console.WriteLine($"  {bin}\n  {cs}");
}
return loop.Findings.Count > 0 ? 1 : 0;

static string Summary<TKey>(Dictionary<TKey, long> counts) where TKey : notnull =>
    string.Join(", ", counts.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value}"));
