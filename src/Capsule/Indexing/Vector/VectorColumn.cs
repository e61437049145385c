using System.Runtime.InteropServices;

namespace Capsule.Indexing.Vector;

/// <summary>
/// Vectors of one dimension stored back to back as float32, row-major:
/// <code>
/// base (64-byte aligned)
/// |row 0: dim floats|row 1: dim floats| ... |row count-1|  (spare capacity)
/// </code>
/// This is the shape a later session maps straight from the capsule file, so searching code only
/// sees <see cref="Row"/> spans and does not care whether the bytes came from the heap or the map.
/// The base is 64-byte aligned (one cache line, one AVX-512 register) so that a row at dimension
/// multiple of 16 never straddles cache lines needlessly; rows are not padded, to keep the layout
/// identical to the file's and to TEXMEX/.npy sources.
/// Not thread-safe for writes; concurrent reads after the last <see cref="Append"/> are fine.
/// </summary>
public sealed unsafe class VectorColumn : IDisposable
{
    /// <summary>The alignment of the base pointer, in bytes.</summary>
    public const int Alignment = 64;

    private float* _base;
    private int _capacity;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is not positive or <paramref name="initialCapacity"/> is negative.</exception>
    public VectorColumn(int dimension, int initialCapacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        Dimension = dimension;
        Grow(Math.Max(initialCapacity, 16));
    }

    /// <summary>Floats per row.</summary>
    public int Dimension { get; }

    /// <summary>Rows appended so far.</summary>
    public int Count { get; private set; }

    /// <summary>Address of row 0; aligned to <see cref="Alignment"/>. Valid until the next growth or dispose.</summary>
    /// <exception cref="ObjectDisposedException">The column was disposed.</exception>
    public nint BaseAddress => (nint)Pointer;

    /// <summary>All stored floats, <c>Count × Dimension</c>.</summary>
    /// <exception cref="ObjectDisposedException">The column was disposed.</exception>
    public ReadOnlySpan<float> Values => new(Pointer, checked(Count * Dimension));

    private float* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_base == null, this);
            return _base;
        }
    }

    /// <summary>Appends one vector and returns its row number.</summary>
    /// <exception cref="ArgumentException">The vector's length is not <see cref="Dimension"/>.</exception>
    /// <exception cref="ObjectDisposedException">The column was disposed.</exception>
    public int Append(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"vector has {vector.Length} floats, the column's dimension is {Dimension}", nameof(vector));
        }
        _ = Pointer;
        if (Count == _capacity)
        {
            Grow(checked(_capacity * 2));
        }
        vector.CopyTo(new Span<float>(_base + (long)Count * Dimension, Dimension));
        return Count++;
    }

    /// <summary>Appends the vectors laid out back to back in <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is not a whole number of rows.</exception>
    public void AppendRange(ReadOnlySpan<float> values)
    {
        if (values.Length % Dimension != 0)
        {
            throw new ArgumentException($"{values.Length} floats is not a whole number of rows of dimension {Dimension}", nameof(values));
        }
        for (var offset = 0; offset < values.Length; offset += Dimension)
        {
            Append(values.Slice(offset, Dimension));
        }
    }

    /// <summary>The vector stored at <paramref name="row"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not in [0, Count).</exception>
    /// <exception cref="ObjectDisposedException">The column was disposed.</exception>
    public ReadOnlySpan<float> Row(int row)
    {
        // One unsigned compare covers both negative and too-large rows.
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"the column has {Count} rows");
        }
        return new ReadOnlySpan<float>(Pointer + (long)row * Dimension, Dimension);
    }

    /// <summary>
    /// The row without the bounds and disposal checks of <see cref="Row"/>, for the search loops,
    /// which call it for every distance (the checks were a measurable share of a 128-d distance).
    /// </summary>
    /// <remarks>
    /// SAFETY: the caller guarantees <c>0 &lt;= row &lt; Count</c> and that the column is neither
    /// disposed nor grown while the span is in use. The graph and exact search only pass rows they
    /// took from [0, Count) or from links to such rows, and a search never appends.
    /// </remarks>
    internal ReadOnlySpan<float> RowUnchecked(int row) => new(_base + ((long)row * Dimension), Dimension);

    /// <summary>Address of a row, for prefetching; same SAFETY contract as <see cref="RowUnchecked"/>.</summary>
    internal float* RowAddress(int row) => _base + ((long)row * Dimension);

    /// <summary>Frees the native memory. Further use throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_base != null)
        {
            NativeMemory.AlignedFree(_base);
            _base = null;
        }
    }

    private void Grow(int capacity)
    {
        // Sizes in nuint with checked arithmetic: a huge dimension × capacity must fail loudly, not wrap.
        var bytes = checked((nuint)capacity * (nuint)Dimension * sizeof(float));
        // SAFETY: AlignedRealloc keeps the first min(old, new) bytes and the alignment; _base is either
        // null (first call) or a block from AlignedAlloc/AlignedRealloc with the same alignment.
        _base = (float*)NativeMemory.AlignedRealloc(_base, bytes, Alignment);
        _capacity = capacity;
    }
}
