using System.Numerics.Tensors;

namespace Capsule.Indexing.Vector.Quantization;

/// <summary>
/// Per-dimension scalar quantization to one byte: <c>code = round((x - min[d]) / scale[d])</c> with
/// <c>scale[d] = (max[d] - min[d]) / 255</c>, so <c>x ≈ min[d] + scale[d] · code</c> with an error of
/// at most scale[d]/2. Per dimension rather than one global range because embedding dimensions differ
/// in spread (a global range spends most of the 256 levels on the widest dimension); this is the
/// "SQ8" of faiss's ScalarQuantizer (QT_8bit, per-dimension ranges from training min/max).
/// </summary>
public sealed class ScalarQuantizer
{
    private ScalarQuantizer(float[] min, float[] scale)
    {
        Min = min;
        Scale = scale;
    }

    /// <summary>The smallest value seen per dimension (the value of code 0).</summary>
    public float[] Min { get; }

    /// <summary>Value step per code, per dimension; 0 where a dimension is constant.</summary>
    public float[] Scale { get; }

    public int Dimension => Min.Length;

    /// <summary>Fits the ranges to every row of <paramref name="column"/>.</summary>
    public static ScalarQuantizer Fit(VectorColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var dimension = column.Dimension;
        var min = new float[dimension];
        var max = new float[dimension];
        if (column.Count == 0)
        {
            return new ScalarQuantizer(min, new float[dimension]);
        }
        column.Row(0).CopyTo(min);
        column.Row(0).CopyTo(max);
        for (var row = 1; row < column.Count; row++)
        {
            TensorPrimitives.Min(min, column.Row(row), min);
            TensorPrimitives.Max(max, column.Row(row), max);
        }
        var scale = new float[dimension];
        TensorPrimitives.Subtract(max, min, scale);
        TensorPrimitives.Divide(scale, 255f, scale);
        return new ScalarQuantizer(min, scale);
    }

    /// <summary>Rebuilds a quantizer from stored ranges.</summary>
    public static ScalarQuantizer FromRanges(float[] min, float[] scale)
    {
        ArgumentNullException.ThrowIfNull(min);
        ArgumentNullException.ThrowIfNull(scale);
        if (min.Length != scale.Length)
        {
            throw new ArgumentException($"{min.Length} minimums but {scale.Length} scales");
        }
        return new ScalarQuantizer(min, scale);
    }

    /// <summary>Writes the codes of <paramref name="vector"/> to <paramref name="codes"/>; values outside the fitted range are clamped.</summary>
    public void Encode(ReadOnlySpan<float> vector, Span<byte> codes)
    {
        for (var d = 0; d < Dimension; d++)
        {
            var step = Scale[d];
            var code = step > 0f ? MathF.Round((vector[d] - Min[d]) / step) : 0f;
            codes[d] = (byte)Math.Clamp(code, 0f, 255f);
        }
    }

    /// <summary>Reconstructs <c>min + scale · code</c> into <paramref name="vector"/>.</summary>
    public void Decode(ReadOnlySpan<byte> codes, Span<float> vector) => Decode(codes, Min, Scale, vector);

    /// <summary>The decoding kernel shared with the persisted index, which keeps min and scale in the map.</summary>
    internal static void Decode(ReadOnlySpan<byte> codes, ReadOnlySpan<float> min, ReadOnlySpan<float> scale, Span<float> vector)
    {
        var values = vector[..codes.Length];
        TensorPrimitives.ConvertTruncating(codes, values);
        TensorPrimitives.FusedMultiplyAdd(values, scale, min, values);
    }
}
