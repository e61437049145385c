using Capsule.Indexing.Vector;

namespace Capsule;

/// <summary>
/// What every embedding in a capsule must agree with: its dimension, the metric that compares them,
/// and the model that produced them (free text, e.g. "all-MiniLM-L6-v2"; empty when unknown).
/// </summary>
public sealed record EmbeddingBinding(int Dimension, VectorMetric Metric = VectorMetric.Cosine, string Model = "")
{
    /// <summary>0 = f32, 1 = f16, 2 = int8 (scalar quantized, re-ranked with full precision).</summary>
    public byte Storage { get; init; }
}
