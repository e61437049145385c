using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Capsule.Indexing.Vector;

/// <summary>
/// Reads the TEXMEX vector formats of the SIFT/GIST benchmark sets (Jégou et al., corpus-texmex.irisa.fr):
/// <code>
/// per row: |dim: int32 LE|dim × value: float32 LE (.fvecs) or int32 LE (.ivecs)|
/// </code>
/// There is no header or count: the file is rows until it ends. So every length is checked against
/// the bytes that remain before it is trusted, and the row count is bounded by the file length
/// before anything is allocated.
/// </summary>
public static class FvecsReader
{
    /// <summary>Largest dimension accepted; far above any embedding model, small enough to reject garbage early.</summary>
    public const int MaxDimension = 1 << 16;

    /// <summary>Reads a <c>.fvecs</c> file.</summary>
    /// <exception cref="VectorFileException">The file is truncated, or a row's dimension is out of range or differs from row 0's.</exception>
    public static VectorMatrix<float> ReadFvecs(string path) => Read<float>(path);

    /// <summary>Reads an <c>.ivecs</c> file (e.g. <c>*_groundtruth.ivecs</c>).</summary>
    /// <exception cref="VectorFileException">The file is truncated, or a row's dimension is out of range or differs from row 0's.</exception>
    public static VectorMatrix<int> ReadIvecs(string path) => Read<int>(path);

    private static VectorMatrix<T> Read<T>(string path)
        where T : unmanaged
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            return new VectorMatrix<T>([], 0, 0);
        }
        var span = bytes.AsSpan();
        if (span.Length < sizeof(int))
        {
            throw new VectorFileException($"truncated dimension: {span.Length} of 4 bytes", path, 0, 0);
        }
        var dimension = BinaryPrimitives.ReadInt32LittleEndian(span);
        // One unsigned compare rejects both zero/negative and oversized dimensions.
        if ((uint)(dimension - 1) >= MaxDimension)
        {
            throw new VectorFileException($"dimension {dimension} is outside 1..{MaxDimension}", path, 0, 0);
        }
        var rowBytes = sizeof(int) + (dimension * sizeof(int));
        // Bounded by the file length, so a lying header cannot make us allocate more than the file holds.
        var count = (int)(span.Length / rowBytes);
        var values = new T[(long)count * dimension];
        var valueBytes = MemoryMarshal.AsBytes(values.AsSpan());

        long offset = 0;
        var row = 0;
        while (offset < span.Length)
        {
            var remaining = span.Length - offset;
            if (remaining < sizeof(int))
            {
                throw new VectorFileException($"truncated dimension: {remaining} of 4 bytes", path, row, offset);
            }
            var rowDimension = BinaryPrimitives.ReadInt32LittleEndian(span.Slice((int)offset));
            if (rowDimension != dimension)
            {
                throw new VectorFileException($"dimension {rowDimension} differs from row 0's {dimension}", path, row, offset);
            }
            if (remaining < rowBytes)
            {
                throw new VectorFileException($"truncated values: {remaining - sizeof(int)} of {rowBytes - sizeof(int)} bytes", path, row, offset);
            }
            span.Slice((int)offset + sizeof(int), rowBytes - sizeof(int)).CopyTo(valueBytes.Slice(row * (rowBytes - sizeof(int))));
            offset += rowBytes;
            row++;
        }
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, int>(values.AsSpan()), MemoryMarshal.Cast<T, int>(values.AsSpan()));
        }
        return new VectorMatrix<T>(values, dimension, count);
    }
}
