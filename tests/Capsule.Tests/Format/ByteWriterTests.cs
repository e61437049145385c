using Capsule.Format;

namespace Capsule.Tests.Format;

public sealed class ByteWriterTests
{
    [Fact]
    public void Bytes_written_into_free_space_are_kept_by_advance_and_survive_growth()
    {
        var w = new ByteWriter(16);
        w.U32(0xA1B2C3D4);
        var free = w.Free(100); // more than the capacity left: grows, keeping what was written
        Assert.True(free.Length >= 100);
        for (var i = 0; i < 100; i++)
        {
            free[i] = (byte)i;
        }
        w.Advance(60); // a codec wrote 60 of the 100 it was offered
        w.U8(0xEE);
        Assert.Equal(4 + 60 + 1, w.Length);
        Assert.Equal(new byte[] { 0xD4, 0xC3, 0xB2, 0xA1 }, w.WrittenSpan[..4].ToArray());
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (byte)i), w.WrittenSpan[4..64].ToArray());
        Assert.Equal(0xEE, w.WrittenSpan[64]);
    }

    [Fact]
    public void Advancing_past_the_free_space_is_refused()
    {
        var w = new ByteWriter(16);
        var free = w.Free(8).Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Advance(free + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Advance(-1));
        Assert.Equal(0, w.Length);
    }
}
