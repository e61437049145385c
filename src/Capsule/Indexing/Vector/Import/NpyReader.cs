using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Capsule.Indexing.Vector.Import;

/// <summary>
/// Streams the rows of a NumPy <c>.npy</c> file (format versions 1.0, 2.0 and 3.0, numpy's
/// <c>numpy/lib/format.py</c>):
/// <code>
/// |"\x93NUMPY"|major u8|minor u8|header length: u16 LE (v1) or u32 LE (v2, v3)|header|data|
/// header = Python dict literal, e.g. {'descr': '&lt;f4', 'fortran_order': False, 'shape': (1000, 384), }
///          padded with spaces and a newline so that the data starts 64-byte aligned (v1: 16)
/// </code>
/// Only what embeddings come as is accepted: little-endian float32 (<c>'&lt;f4'</c>), 2-D, C order.
/// Anything else is refused with a <see cref="VectorFileException"/> that names the file, what was
/// found and where. Rows are read in blocks, so memory is bounded by the caller's buffer.
/// </summary>
public sealed partial class NpyReader : IDisposable
{
    /// <summary>Largest header accepted (numpy itself warns above 10 KB of header).</summary>
    public const int MaxHeaderLength = 1 << 20;

    private static readonly byte[] MagicBytes = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private readonly FileStream _stream;
    private readonly string _path;

    private NpyReader(FileStream stream, string path, int count, int dimension, long dataOffset)
    {
        _stream = stream;
        _path = path;
        Count = count;
        Dimension = dimension;
        DataOffset = dataOffset;
    }

    /// <summary>Rows in the file (the shape's first number).</summary>
    public int Count { get; }

    /// <summary>Floats per row (the shape's second number).</summary>
    public int Dimension { get; }

    /// <summary>Byte offset where the row data starts.</summary>
    public long DataOffset { get; }

    /// <summary>Rows read so far by <see cref="ReadRows"/>.</summary>
    public int RowsRead { get; private set; }

    /// <summary>Opens <paramref name="path"/> and checks its header and length.</summary>
    /// <exception cref="VectorFileException">Not an .npy file, an unsupported version, dtype, order or shape, or a file shorter or longer than the shape says.</exception>
    public static NpyReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            var (count, dimension, dataOffset) = ReadHeader(stream, path);
            var expected = dataOffset + ((long)count * dimension * sizeof(float));
            if (stream.Length < expected)
            {
                var whole = (stream.Length - dataOffset) / ((long)dimension * sizeof(float));
                throw new VectorFileException($"truncated data: the shape ({count}, {dimension}) needs {expected} bytes, the file has {stream.Length}", path, (int)whole, dataOffset + (whole * dimension * sizeof(float)));
            }
            if (stream.Length > expected)
            {
                throw new VectorFileException($"{stream.Length - expected} bytes follow the ({count}, {dimension}) float32 data", path, count, expected);
            }
            return new NpyReader(stream, path, count, dimension, dataOffset);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the whole file into memory (for small files and tests).</summary>
    /// <exception cref="VectorFileException">See <see cref="Open"/>.</exception>
    public static VectorMatrix<float> ReadAll(string path)
    {
        using var reader = Open(path);
        var values = new float[(long)reader.Count * reader.Dimension];
        reader.ReadRows(values);
        return new VectorMatrix<float>(values, reader.Dimension, reader.Count);
    }

    /// <summary>
    /// Reads the next whole rows into <paramref name="destination"/> (as many as fit and remain);
    /// returns how many rows were read, 0 at the end.
    /// </summary>
    /// <exception cref="VectorFileException">The file shrank while being read.</exception>
    public int ReadRows(Span<float> destination)
    {
        var rows = Math.Min(destination.Length / Dimension, Count - RowsRead);
        if (rows == 0)
        {
            return 0;
        }
        var bytes = MemoryMarshal.AsBytes(destination[..(rows * Dimension)]);
        var read = _stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length)
        {
            throw new VectorFileException($"file ended after {read} of {bytes.Length} bytes", _path, RowsRead + (read / (Dimension * sizeof(float))), _stream.Position);
        }
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<float, int>(destination[..(rows * Dimension)]);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
        RowsRead += rows;
        return rows;
    }

    public void Dispose() => _stream.Dispose();

    private static (int Count, int Dimension, long DataOffset) ReadHeader(FileStream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[12];
        var got = stream.ReadAtLeast(prefix[..10], 10, throwOnEndOfStream: false);
        if (got < 10 || !prefix[..6].SequenceEqual(MagicBytes))
        {
            throw new VectorFileException("not a .npy file (no \\x93NUMPY magic)", path, 0, 0);
        }
        var major = prefix[6];
        int headerLength;
        long headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
                headerStart = 10;
                break;
            case 2 or 3:
                if (stream.ReadAtLeast(prefix[10..12], 2, throwOnEndOfStream: false) < 2)
                {
                    throw new VectorFileException("truncated header length", path, 0, 8);
                }
                var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
                if (length > MaxHeaderLength)
                {
                    throw new VectorFileException($"header length {length} exceeds {MaxHeaderLength}", path, 0, 8);
                }
                headerLength = (int)length;
                headerStart = 12;
                break;
            default:
                throw new VectorFileException($".npy format version {major}.{prefix[7]} is not supported (1.0, 2.0, 3.0 are)", path, 0, 6);
        }
        var header = new byte[headerLength];
        if (stream.ReadAtLeast(header, headerLength, throwOnEndOfStream: false) < headerLength)
        {
            throw new VectorFileException($"truncated header: the file ends before its {headerLength} header bytes", path, 0, headerStart);
        }
        // v1 and v2 headers are latin-1 (ASCII in practice); v3 is UTF-8. The keys we read are ASCII either way.
        var text = major == 3 ? Encoding.UTF8.GetString(header) : Encoding.Latin1.GetString(header);
        var descr = DescrPattern().Match(text);
        var fortran = FortranPattern().Match(text);
        var shape = ShapePattern().Match(text);
        if (!descr.Success || !fortran.Success || !shape.Success)
        {
            throw new VectorFileException($"header is not a dict with 'descr', 'fortran_order' and 'shape': {text.Trim()}", path, 0, headerStart);
        }
        if (descr.Groups[1].Value != "<f4")
        {
            throw new VectorFileException($"dtype '{descr.Groups[1].Value}' is not supported; save the array as float32 little-endian ('<f4'), e.g. a.astype('<f4')", path, 0, headerStart + descr.Index);
        }
        if (fortran.Groups[1].Value != "False")
        {
            throw new VectorFileException("the array is in Fortran (column-major) order; save np.ascontiguousarray(a)", path, 0, headerStart + fortran.Index);
        }
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dims.Length != 2
            || !int.TryParse(dims[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || !int.TryParse(dims[1], NumberStyles.None, CultureInfo.InvariantCulture, out var dimension))
        {
            throw new VectorFileException($"shape ({shape.Groups[1].Value}) is not 2-D (rows, dimension)", path, 0, headerStart + shape.Index);
        }
        if ((uint)(dimension - 1) >= FvecsReader.MaxDimension)
        {
            throw new VectorFileException($"dimension {dimension} is outside 1..{FvecsReader.MaxDimension}", path, 0, headerStart + shape.Index);
        }
        return (count, dimension, headerStart + headerLength);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
