using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Storage;

/// <summary>The window bookkeeping of MappedFile: when views are retired, released and capped.</summary>
public sealed class MappedFileTests : IDisposable
{
    private const int Tiny = 12;
    private const int Window = 1 << Tiny;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Views_beyond_the_cap_stay_mapped_until_a_release_and_then_only_the_most_recent_remain()
    {
        var bytes = Bytes(10 * Window);
        using var stream = Open(bytes);
        using var map = new MappedFile(stream.SafeFileHandle, Tiny, maxWindows: 3);

        var first = map.Read(0, 8, bytes.Length); // held while nine more windows are mapped
        for (var w = 1; w < 10; w++)
        {
            Assert.Equal(bytes[w * Window], map.Read(w * Window, 1, bytes.Length)[0]);
        }
        Assert.Equal(10, map.LiveViews); // a read never unmaps: the held span is still good
        Assert.Equal(bytes.AsSpan(0, 8).ToArray(), first.ToArray());

        map.Release(bytes.Length);
        Assert.Equal(3, map.LiveViews);
        Assert.Equal(bytes.AsSpan(0, 8).ToArray(), map.Read(0, 8, bytes.Length).ToArray()); // remapped on demand
        Assert.Equal(4, map.LiveViews);
    }

    [Fact]
    public void A_grown_tail_window_retires_its_old_view_until_the_next_release()
    {
        var bytes = Bytes(Window);
        using var stream = Open(bytes);
        using var map = new MappedFile(stream.SafeFileHandle, Tiny);

        var held = map.Read(0, 100, fileLength: 100); // window 0 mapped at 100 bytes
        var grown = map.Read(100, 200, fileLength: 300); // remapped at 300 bytes; the 100-byte view retires
        Assert.Equal(2, map.LiveViews);
        Assert.Equal(bytes.AsSpan(0, 100).ToArray(), held.ToArray());
        Assert.Equal(bytes.AsSpan(100, 200).ToArray(), grown.ToArray());

        map.Release(300);
        Assert.Equal(1, map.LiveViews);
        map.Release(200); // the file shrank below the view's end: it must go
        Assert.Equal(0, map.LiveViews);
    }

    [Fact]
    public void Crossing_reads_are_copies_that_map_nothing()
    {
        var bytes = Bytes(3 * Window);
        using var stream = Open(bytes);
        using var map = new MappedFile(stream.SafeFileHandle, Tiny);

        var first = map.Read(Window - 4, 8, bytes.Length);
        var second = map.Read(2 * Window - 4, 8, bytes.Length); // a second copy must not overwrite the first

        Assert.Equal(0, map.LiveViews);
        Assert.Equal(bytes.AsSpan(Window - 4, 8).ToArray(), first.ToArray());
        Assert.Equal(bytes.AsSpan(2 * Window - 4, 8).ToArray(), second.ToArray());
    }

    [Theory]
    [InlineData(11, 1)] // below a page
    [InlineData(31, 1)] // a window span would reach 2 GiB
    [InlineData(12, 0)]
    public void Bad_window_settings_throw(int shift, int maxWindows)
    {
        using var stream = Open(Bytes(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => new MappedFile(stream.SafeFileHandle, shift, maxWindows));
    }

    [Fact]
    public void Read_and_Release_after_dispose_throw_ObjectDisposedException()
    {
        using var stream = Open(Bytes(Window));
        var map = new MappedFile(stream.SafeFileHandle, Tiny);
        _ = map.Read(0, 1, Window);
        map.Dispose();

        Assert.Throws<ObjectDisposedException>(() => map.Read(0, 1, Window));
        Assert.Throws<ObjectDisposedException>(() => map.Release(Window));
        Assert.Equal(0, map.LiveViews);
    }

    private FileStream Open(byte[] bytes)
    {
        var path = _dir.File(Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
    }

    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
