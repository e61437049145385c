using Capsule.Indexing.Vector;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Benchmarks;

/// <summary>What the ANN harnesses share: a TEXMEX set's metric, its rows as a column, and a sealed capsule built from them.</summary>
public static class AnnRows
{
    /// <summary>The metric PREFIX.meta names (<c>metric=cos</c>), else L2.</summary>
    public static VectorMetric Metric(string prefix) =>
        File.Exists(prefix + ".meta") && File.ReadAllText(prefix + ".meta").Contains("metric=cos") ? VectorMetric.Cosine : VectorMetric.L2;

    /// <summary>
    /// Appends every row to <paramref name="column"/>. Cosine requires unit vectors (VectorMetric.Cosine);
    /// the sets are already unit, but normalizing again is cheap and keeps the harness correct for any cosine set.
    /// </summary>
    public static void Append(VectorColumn column, VectorMatrix<float> rows, VectorMetric metric)
    {
        var row = new float[rows.Dimension];
        for (var i = 0; i < rows.Count; i++)
        {
            rows.Row(i).CopyTo(row);
            if (metric == VectorMetric.Cosine)
            {
                Distance.Normalize(row);
            }
            column.Append(row);
        }
    }

    /// <summary>
    /// What <c>capsule bench ann</c> times as its build: a new capsule bound to the rows' dimension and
    /// metric, one frame per row (frame id = row), then one commit that seals the run and builds its indexes.
    /// </summary>
    public static void BuildCapsule(string path, VectorMatrix<float> rows, VectorMetric metric)
    {
        using var writer = CapsuleFile.Create(path);
        writer.BindEmbedding(new EmbeddingBinding(rows.Dimension, metric));
        for (var i = 0; i < rows.Count; i++)
        {
            writer.Put(new FrameDraft { Kind = FrameKind.Fact, Uri = $"vec/{i}", ContentType = "", Embedding = rows.Row(i).ToArray() });
        }
        writer.Commit(sealTail: true);
    }
}
