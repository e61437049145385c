using System.CommandLine;
using System.Diagnostics;

namespace Capsule.Cli.Commands;

/// <summary>
/// <c>capsule import-vectors FILE VECTORS.(fvecs|npy) [--metric cos|dot|l2] [--model NAME]</c>: one
/// frame per row, uri "vec/&lt;row&gt;", committed and sealed at the end so the HNSW graph is built once
/// over every row and persisted.
/// </summary>
internal static class ImportVectorsCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var source = new Argument<string>("vectors") { Description = "A .fvecs or .npy (float32, rows × dimension) file" };
        var metric = VectorFiles.MetricOption();
        var model = VectorFiles.ModelOption();
        var command = new Command("import-vectors", "Import embeddings, one frame per row (uri vec/<row>); creates FILE if absent") { file, source, metric, model };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var clock = Stopwatch.StartNew();
            var vectors = VectorFiles.Read(parseResult.GetValue(source)!);
            var binding = new EmbeddingBinding(vectors.Dimension, VectorFiles.ParseMetric(parseResult.GetValue(metric)!), parseResult.GetValue(model)!);
            using var capsule = CapsuleFiles.OpenOrCreate(parseResult, parseResult.GetValue(file)!);
            capsule.BindEmbedding(binding);
            for (var row = 0; row < vectors.Count; row++)
            {
                capsule.Put(new FrameDraft { Kind = FrameKind.Fact, Uri = $"vec/{row}", ContentType = "", Embedding = vectors.Row(row).ToArray() });
            }
            capsule.Commit(sealTail: true);
            Console.Out.WriteLine($"imported {Output.Counted(vectors.Count, "vector")} of {vectors.Dimension} dimensions in {clock.Elapsed.TotalSeconds:0.00} s; "
                + $"{capsule.Path} is {Output.Size(capsule.Stats().FileBytes)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
