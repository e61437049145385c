using System.CommandLine;
using Capsule.Indexing.Vector;
using Capsule.Indexing.Vector.Import;

namespace Capsule.Cli;

/// <summary>Vector files the commands read (TEXMEX .fvecs, NumPy .npy) and the --metric/--model options.</summary>
internal static class VectorFiles
{
    /// <summary>Reads every row of a .fvecs or .npy (float32, 2-D) file.</summary>
    /// <exception cref="ArgumentException">The extension is neither.</exception>
    public static VectorMatrix<float> Read(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".fvecs" => FvecsReader.ReadFvecs(path),
        ".npy" => NpyReader.ReadAll(path),
        var other => throw new ArgumentException($"{path}: unknown vector file type '{other}' (expected .fvecs or .npy)"),
    };

    public static Option<string> MetricOption() => new("--metric")
    {
        DefaultValueFactory = _ => "cos",
        Description = "Distance for a new embedding binding: cos (cosine), dot (inner product) or l2 (euclidean)",
    };

    public static Option<string> ModelOption() => new("--model")
    {
        DefaultValueFactory = _ => "",
        Description = "Name of the model that produced the embeddings (recorded; a different name later is refused)",
    };

    public static VectorMetric ParseMetric(string text) => text.ToLowerInvariant() switch
    {
        "cos" or "cosine" => VectorMetric.Cosine,
        "dot" or "ip" => VectorMetric.Dot,
        "l2" or "euclidean" => VectorMetric.L2,
        _ => throw new ArgumentException($"--metric must be cos, dot or l2, not '{text}'"),
    };
}
