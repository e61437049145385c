using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Capsule.Indexing.Vector;

/// <summary>Writes the TEXMEX formats read by <see cref="FvecsReader"/>: <c>.fvecs</c> for vectors, <c>.ivecs</c> for k-NN results.</summary>
public static class FvecsWriter
{
    /// <summary>Writes rows of <paramref name="dimension"/> floats from <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is not a whole number of rows.</exception>
    public static void WriteFvecs(string path, ReadOnlySpan<float> values, int dimension) =>
        Write(path, MemoryMarshal.Cast<float, int>(values), dimension);

    /// <summary>Writes rows of <paramref name="dimension"/> ints from <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is not a whole number of rows.</exception>
    public static void WriteIvecs(string path, ReadOnlySpan<int> values, int dimension) => Write(path, values, dimension);

    /// <summary>Both formats are 4-byte words, so floats are written through their bit patterns as ints.</summary>
    private static void Write(string path, ReadOnlySpan<int> words, int dimension)
    {
        if (dimension <= 0 || dimension > FvecsReader.MaxDimension || words.Length % dimension != 0)
        {
            throw new ArgumentException($"{words.Length} values are not whole rows of dimension {dimension} (1..{FvecsReader.MaxDimension})");
        }
        using var stream = File.Create(path);
        var row = new byte[(1 + dimension) * sizeof(int)];
        for (var start = 0; start < words.Length; start += dimension)
        {
            BinaryPrimitives.WriteInt32LittleEndian(row, dimension);
            for (var i = 0; i < dimension; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan((1 + i) * sizeof(int)), words[start + i]);
            }
            stream.Write(row);
        }
    }
}
