using System.Buffers.Binary;
using Capsule.Indexing.Vector;

namespace Capsule.Tests.Vector;

public sealed class FvecsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("capsule-fvecs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Fvecs_and_ivecs_round_trip()
    {
        var values = VectorTestData.Uniform(new Random(5), 7, 5);
        var fvecs = Path.Combine(_dir, "a.fvecs");
        FvecsWriter.WriteFvecs(fvecs, values, 5);
        Assert.Equal(7 * (4 + 20), new FileInfo(fvecs).Length);
        var read = FvecsReader.ReadFvecs(fvecs);
        Assert.Equal((5, 7), (read.Dimension, read.Count));
        Assert.Equal(values, read.Values);

        int[] ids = [3, 1, 4, 1, 5, 9];
        var ivecs = Path.Combine(_dir, "a.ivecs");
        FvecsWriter.WriteIvecs(ivecs, ids, 3);
        var readIds = FvecsReader.ReadIvecs(ivecs);
        Assert.Equal([1, 5, 9], readIds.Row(1).ToArray());
        // The bytes are the documented layout: a little-endian dimension, then the values.
        var bytes = File.ReadAllBytes(ivecs);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(9, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(28)));

        var empty = Path.Combine(_dir, "empty.fvecs");
        File.WriteAllBytes(empty, []);
        Assert.Equal(0, FvecsReader.ReadFvecs(empty).Count);
    }

    [Fact]
    public void Every_truncation_names_the_file_and_the_row()
    {
        var path = Path.Combine(_dir, "t.fvecs");
        FvecsWriter.WriteFvecs(path, new float[3 * 4], 4);
        var whole = File.ReadAllBytes(path);
        var rowBytes = 4 + (4 * 4);
        for (var length = 1; length < whole.Length; length++)
        {
            if (length % rowBytes == 0)
            {
                Assert.Equal(length / rowBytes, FvecsReader.ReadFvecs(Write(whole.AsSpan(0, length))).Count);
                continue;
            }
            var cut = Write(whole.AsSpan(0, length));
            var error = Assert.Throws<VectorFileException>(() => FvecsReader.ReadFvecs(cut));
            Assert.Equal(length / rowBytes, error.Row);
            Assert.Equal(cut, error.FilePath);
            Assert.Contains("truncated", error.Message);
            Assert.Contains($"row {length / rowBytes}", error.Message);
            Assert.Contains(cut, error.Message);
        }
    }

    [Fact]
    public void A_dimension_mismatch_or_out_of_range_dimension_is_rejected()
    {
        var path = Path.Combine(_dir, "m.fvecs");
        FvecsWriter.WriteFvecs(path, new float[3 * 4], 4);
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2 * 20), 5);
        var error = Assert.Throws<VectorFileException>(() => FvecsReader.ReadFvecs(Write(bytes)));
        Assert.Equal((2, 40L), (error.Row, error.Offset));
        Assert.Contains("dimension 5 differs from row 0's 4", error.Message);

        foreach (var bad in new[] { 0, -1, int.MinValue, FvecsReader.MaxDimension + 1 })
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes, bad);
            var first = Assert.Throws<VectorFileException>(() => FvecsReader.ReadIvecs(Write(bytes)));
            Assert.Equal(0, first.Row);
        }
    }

    private string Write(ReadOnlySpan<byte> bytes)
    {
        var path = Path.Combine(_dir, $"cut-{Guid.NewGuid():N}.fvecs");
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }
}
