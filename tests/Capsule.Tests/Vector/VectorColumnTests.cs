using Capsule.Indexing.Vector;

namespace Capsule.Tests.Vector;

public sealed class VectorColumnTests
{
    [Fact]
    public void Rows_round_trip_through_growth_and_the_base_stays_64_byte_aligned()
    {
        var random = new Random(7);
        var values = VectorTestData.Uniform(random, 1000, 13);
        using var column = new VectorColumn(13, initialCapacity: 1);
        for (var row = 0; row < 1000; row++)
        {
            Assert.Equal(row, column.Append(values.AsSpan(row * 13, 13)));
            Assert.Equal(0, column.BaseAddress % VectorColumn.Alignment);
        }
        Assert.Equal(1000, column.Count);
        Assert.Equal(values, column.Values.ToArray());
        Assert.Equal(values.AsSpan(999 * 13, 13).ToArray(), column.Row(999).ToArray());
    }

    [Fact]
    public void Wrong_dimension_and_out_of_range_rows_throw()
    {
        using var column = new VectorColumn(4);
        Assert.Throws<ArgumentException>(() => column.Append(new float[3]));
        Assert.Throws<ArgumentException>(() => column.AppendRange(new float[6]));
        column.Append(new float[4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => column.Row(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => column.Row(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VectorColumn(0));
    }

    [Fact]
    public void Use_after_dispose_throws_ObjectDisposedException()
    {
        var column = new VectorColumn(4);
        column.Append(new float[4]);
        column.Dispose();
        column.Dispose();
        Assert.Throws<ObjectDisposedException>(() => column.Row(0));
        Assert.Throws<ObjectDisposedException>(() => column.Append(new float[4]));
        Assert.Throws<ObjectDisposedException>(() => column.BaseAddress);
        Assert.Throws<ObjectDisposedException>(() => column.Values.Length);
    }
}
