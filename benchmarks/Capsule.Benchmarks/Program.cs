using BenchmarkDotNet.Running;
using Capsule.Benchmarks;

// Two hand-timed modes for figures that BenchmarkDotNet's repeated iterations would make too slow
// or would distort (a one-shot ingest of a whole collection, with a peer in the same process);
// everything else goes to BenchmarkDotNet, e.g. `-- --filter '*'` or `-- --filter '*PointRead*'`.
return args.FirstOrDefault() switch
{
    "import" => ImportBenchmark.Run(args[1..]),
    "e2e-facts" => E2eFacts.Run(args[1..]),
    "ir" => IrQuality.Run(args[1..]),
    "ann" => AnnBenchmark.Run(args[1..]),
    "ann-persisted" => PersistedAnnBenchmark.Run(args[1..]),
    "ann-build" => AnnBuildBenchmark.Run(args[1..]),
    "ann-search" => AnnSearchBenchmark.Run(args[1..]),
    "lex" => LexicalIndexBenchmark.Run(args[1..]),
    "open-first" => OpenFirstQuery.Run(args[1..]),
    "encryption" => EncryptionBenchmark.Run(args[1..]),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(Facts).Assembly).Run(args);
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}
