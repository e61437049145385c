namespace Capsule.Indexing.Vector;

/// <summary>Rows of equal dimension, back to back, as read from a TEXMEX file (float for .fvecs, int for .ivecs).</summary>
public sealed class VectorMatrix<T>
    where T : unmanaged
{
    public VectorMatrix(T[] values, int dimension, int count)
    {
        ArgumentNullException.ThrowIfNull(values);
        if ((long)dimension * count != values.Length)
        {
            throw new ArgumentException($"{values.Length} values are not {count} rows of {dimension}", nameof(values));
        }
        Values = values;
        Dimension = dimension;
        Count = count;
    }

    /// <summary>All values, row after row.</summary>
    public T[] Values { get; }

    /// <summary>Values per row; 0 for an empty file.</summary>
    public int Dimension { get; }

    public int Count { get; }

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not in [0, Count).</exception>
    public ReadOnlySpan<T> Row(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"the matrix has {Count} rows");
        }
        return Values.AsSpan(row * Dimension, Dimension);
    }
}
