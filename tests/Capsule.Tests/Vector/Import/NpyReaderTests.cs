using System.Buffers.Binary;
using System.Text;
using Capsule.Indexing.Vector;
using Capsule.Indexing.Vector.Import;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Vector.Import;

public sealed class NpyReaderTests
{
    /// <summary>Writes an .npy file the way numpy's format.py does (header padded so data is 64-byte aligned).</summary>
    private static byte[] Npy(int major, string descr, bool fortran, string shape, ReadOnlySpan<float> values, int dropBytes = 0)
    {
        var prefixLength = major == 1 ? 10 : 12;
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': ({shape}), }}";
        var padded = dict.PadRight(((prefixLength + dict.Length + 1 + 63) / 64 * 64) - prefixLength - 1) + "\n";
        var header = Encoding.ASCII.GetBytes(padded);
        using var stream = new MemoryStream();
        stream.Write([0x93, .. "NUMPY"u8, (byte)major, 0]);
        var length = new byte[major == 1 ? 2 : 4];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        }
        stream.Write(length);
        stream.Write(header);
        foreach (var value in values)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            stream.Write(bytes);
        }
        var all = stream.ToArray();
        return all[..(all.Length - dropBytes)];
    }

    private static float[] Values(int count, int dimension) => Enumerable.Range(0, count * dimension).Select(i => (i * 0.5f) - 7.25f).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_every_value_of_a_float32_matrix(int major)
    {
        using var dir = new TempDirectory();
        var path = dir.File("v.npy");
        var values = Values(37, 5);
        File.WriteAllBytes(path, Npy(major, "<f4", false, "37, 5", values));
        var matrix = NpyReader.ReadAll(path);
        Assert.Equal((37, 5), (matrix.Count, matrix.Dimension));
        Assert.Equal(values, matrix.Values);
    }

    [Fact]
    public void Streams_in_blocks_of_whole_rows()
    {
        using var dir = new TempDirectory();
        var path = dir.File("v.npy");
        var values = Values(10, 3);
        File.WriteAllBytes(path, Npy(1, "<f4", false, "10, 3", values));
        using var reader = NpyReader.Open(path);
        Assert.Equal(0, reader.DataOffset % 64);
        var block = new float[8]; // room for 2 rows and a bit
        var read = new List<float>();
        int rows;
        while ((rows = reader.ReadRows(block)) > 0)
        {
            Assert.Equal(rows == 2 ? 2 : 0, rows);
            read.AddRange(block[..(rows * 3)]);
        }
        Assert.Equal(values, read);
    }

    [Theory]
    [InlineData("<f8", false, "4, 2", 0, "dtype '<f8'")]
    [InlineData(">f4", false, "4, 2", 0, "dtype '>f4'")]
    [InlineData("<f4", true, "4, 2", 0, "Fortran")]
    [InlineData("<f4", false, "8,", 0, "not 2-D")]
    [InlineData("<f4", false, "4, 2", 3, "truncated data")]
    public void Refuses_what_it_cannot_read_with_the_reason(string descr, bool fortran, string shape, int drop, string reason)
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.npy");
        File.WriteAllBytes(path, Npy(1, descr, fortran, shape, Values(4, 2), drop));
        var error = Assert.Throws<VectorFileException>(() => NpyReader.ReadAll(path));
        Assert.Contains(reason, error.Message);
        Assert.Contains("bad.npy", error.ToString());
    }

    [Fact]
    public void Refuses_a_file_that_is_not_npy()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.npy");
        File.WriteAllBytes(path, "hello world, not numpy"u8.ToArray());
        Assert.Contains("magic", Assert.Throws<VectorFileException>(() => NpyReader.Open(path)).Message);
    }

    [Fact]
    public void Fvecs_written_and_read_back_keep_every_value()
    {
        using var dir = new TempDirectory();
        var path = dir.File("v.fvecs");
        var values = Values(9, 4);
        FvecsWriter.WriteFvecs(path, values, 4);
        Assert.Equal(values, FvecsReader.ReadFvecs(path).Values);
    }
}
