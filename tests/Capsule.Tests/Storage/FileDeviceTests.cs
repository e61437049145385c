using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Storage;

/// <summary>
/// FileDevice reads through windowed maps. Most tests use 4 KiB windows (shift 12) so boundaries are
/// crossed with small files; the contents are checked against File.ReadAllBytes, an independent path.
/// </summary>
public sealed class FileDeviceTests : IDisposable
{
    private const int Tiny = 12;
    private const int Window = 1 << Tiny;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0L, Window)] // exactly the first window
    [InlineData(Window - 1L, 1)] // last byte of a window
    [InlineData(Window, 1)] // first byte of the next window
    [InlineData(Window, Window)] // exactly the second window
    [InlineData(Window - 1L, 2)] // crosses one boundary
    [InlineData(Window - 10L, 3 * Window)] // crosses three boundaries
    [InlineData(0L, 5 * Window)] // the whole file
    public void Reads_at_and_across_window_boundaries_equal_the_file(long offset, int length)
    {
        var path = WriteFile(5 * Window, seed: 1);
        using var device = FileDevice.Open(path, readOnly: true, Tiny);

        var span = device.Read(offset, length);

        Assert.Equal(File.ReadAllBytes(path).AsSpan((int)offset, length).ToArray(), span.ToArray());
    }

    [Fact]
    public void Appended_bytes_are_visible_and_spans_read_before_the_tail_remap_stay_valid()
    {
        var path = _dir.File("grow.bin");
        using var device = FileDevice.CreateNew(path, Tiny);
        device.Write(0, Bytes(100, seed: 2));
        Assert.Equal(Bytes(100, seed: 2), device.Read(0, 100).ToArray()); // maps the tail window at 100 bytes

        device.Write(100, Bytes(3000, seed: 3)); // grows inside the same window
        Assert.Equal(Bytes(3000, seed: 3), device.Read(100, 3000).ToArray()); // remaps the window at 3,100 bytes
        device.Write(3100, Bytes(5000, seed: 4)); // grows into the next windows
        Assert.Equal(Bytes(5000, seed: 4), device.Read(3100, 5000).ToArray());

        Assert.Equal(File.ReadAllBytes(path), device.Read(0, 8100).ToArray());
        Assert.Equal(8100, device.Length);
    }

    [Fact]
    public void A_span_stays_valid_across_a_later_read_that_remaps_its_window()
    {
        var path = _dir.File("hold.bin");
        using var device = FileDevice.CreateNew(path, Tiny);
        device.Write(0, Bytes(100, seed: 5));
        _ = device.Read(0, 100); // window 0 is mapped at 100 bytes
        device.Write(100, Bytes(100, seed: 6));

        var held = device.Read(0, 100); // the old view
        var fresh = device.Read(100, 100); // remaps window 0; the old view must survive until the next write

        Assert.Equal(Bytes(100, seed: 5), held.ToArray());
        Assert.Equal(Bytes(100, seed: 6), fresh.ToArray());
    }

    [Fact]
    public void Appending_and_reading_the_tail_keeps_a_bounded_number_of_views()
    {
        using var device = FileDevice.CreateNew(_dir.File("commits.bin"), Tiny);
        for (var commit = 0; commit < 200; commit++)
        {
            // Like the engine: append a record, then read it back from the newest window.
            device.Write(device.Length, Bytes(100, seed: commit));
            Assert.Equal(Bytes(100, seed: commit), device.Read(device.Length - 100, 100).ToArray());
            device.Flush();
        }

        // 20,000 bytes touch 5 windows; each append retires at most one tail view until the next write.
        Assert.InRange(device.LiveViews, 1, 6);
    }

    [Fact]
    public void Truncate_then_read_sees_the_shorter_file_and_later_appends()
    {
        var path = _dir.File("cut.bin");
        using var device = FileDevice.CreateNew(path, Tiny);
        device.Write(0, Bytes(3 * Window, seed: 7));
        _ = device.Read(0, 3 * Window); // maps all three windows (through the copy) and the tail
        _ = device.Read(2 * Window, Window);

        device.Truncate(Window + 50);
        Assert.Equal(Window + 50, device.Length);
        Assert.Equal(Bytes(3 * Window, seed: 7).AsSpan(0, Window + 50).ToArray(), device.Read(0, Window + 50).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Read(Window + 50, 1));

        device.Write(Window + 50, Bytes(2 * Window, seed: 8));
        Assert.Equal(Bytes(2 * Window, seed: 8), device.Read(Window + 50, 2 * Window).ToArray());
        Assert.Equal(File.ReadAllBytes(path), device.Read(0, (int)device.Length).ToArray());
    }

    [Fact]
    public void Refresh_sees_growth_a_shrink_and_new_bytes_written_by_another_handle()
    {
        var path = _dir.File("shared.bin");
        using var writer = FileDevice.CreateNew(path, Tiny);
        writer.Write(0, Bytes(3 * Window, seed: 9));
        using var reader = FileDevice.Open(path, readOnly: true, Tiny);
        Assert.Equal(Bytes(3 * Window, seed: 9).AsSpan(2 * Window).ToArray(), reader.Read(2 * Window, Window).ToArray());

        writer.Truncate(Window / 2);
        reader.Refresh();
        Assert.Equal(Window / 2, reader.Length);
        Assert.Equal(Bytes(3 * Window, seed: 9).AsSpan(0, Window / 2).ToArray(), reader.Read(0, Window / 2).ToArray());

        writer.Write(Window / 2, Bytes(4 * Window, seed: 10));
        Assert.Equal(Window / 2, reader.Length); // no refresh yet: the reader keeps its view of the file
        reader.Refresh();
        Assert.Equal(File.ReadAllBytes(path), reader.Read(0, (int)reader.Length).ToArray());
        Assert.Equal(Bytes(Window, seed: 10), reader.Read(Window / 2, Window).ToArray());
    }

    [Fact]
    public void A_reader_maps_a_file_that_grew_past_the_length_it_knows()
    {
        var path = WriteFile(Window + 10, seed: 11);
        using var reader = FileDevice.Open(path, readOnly: true, Tiny);
        using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Write(Bytes(Window, seed: 12)); // another process appends before the reader maps anything
        }

        // Capacity 0 maps the file at its current size; a capacity equal to the known length would throw.
        Assert.Equal(Bytes(Window + 10, seed: 11).AsSpan(Window).ToArray(), reader.Read(Window, 10).ToArray());
        Assert.Equal(Window + 10, reader.Length);
    }

    [Fact]
    public void Empty_file_reads_nothing_and_then_grows()
    {
        var path = _dir.File("empty.bin");
        using var device = FileDevice.CreateNew(path, Tiny);

        Assert.Equal(0, device.Length);
        Assert.True(device.Read(0, 0).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Read(0, 1));
        device.Write(0, [42]);
        Assert.Equal(42, device.Read(0, 1)[0]);
        using var reader = FileDevice.Open(path, readOnly: true, Tiny);
        Assert.Equal(42, reader.Read(0, 1)[0]);
        device.Truncate(0);
        reader.Refresh();
        Assert.Equal(0, reader.Length);
        Assert.True(reader.Read(0, 0).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Read(0, 1));
    }

    [Theory]
    [InlineData(-1L, 1)]
    [InlineData(0L, -1)]
    [InlineData(100L, 1)]
    [InlineData(50L, 51)]
    [InlineData(long.MaxValue, int.MaxValue)] // offset + length overflows a long
    public void Ranges_outside_the_file_throw(long offset, int length)
    {
        using var device = FileDevice.Open(WriteFile(100, seed: 13), readOnly: true, Tiny);

        Assert.Throws<ArgumentOutOfRangeException>(() => device.Read(offset, length));
    }

    [Fact]
    public void Read_and_Length_after_dispose_throw_ObjectDisposedException()
    {
        var device = FileDevice.Open(WriteFile(2 * Window, seed: 14), readOnly: true, Tiny);
        _ = device.Read(0, 10);
        device.Dispose();

        Assert.Throws<ObjectDisposedException>(() => device.Read(0, 10));
        Assert.Throws<ObjectDisposedException>(() => device.Read(Window - 1, 2));
        Assert.Throws<ObjectDisposedException>(() => device.Length);
        device.Dispose(); // idempotent
    }

    [Theory]
    [InlineData(MappedFile.DefaultWindowShift)]
    [InlineData(Tiny)]
    public void Offsets_beyond_2_GiB_in_a_sparse_file_read_back(int shift)
    {
        var path = _dir.File("sparse.bin");
        const long at = (5L << 30) / 2; // 2.5 GiB
        var boundary = (3L << 30) - (1L << 26); // a 64 MiB (and 4 KiB) boundary between 2 and 3 GiB
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            stream.SetLength(3L << 30); // sparse: no disk blocks until written
            stream.Position = at;
            stream.Write("beyond 2 GiB"u8);
            stream.Position = boundary - 3;
            stream.Write("across"u8);
        }
        using var device = FileDevice.Open(path, readOnly: true, shift);

        Assert.Equal(3L << 30, device.Length);
        Assert.Equal("beyond 2 GiB"u8.ToArray(), device.Read(at, 12).ToArray());
        Assert.Equal("across"u8.ToArray(), device.Read(boundary - 3, 6).ToArray());
        Assert.Equal(new byte[8], device.Read((3L << 30) - 8, 8).ToArray());
    }

    [Fact]
    public void Random_reads_and_appends_match_the_file()
    {
        var seed = Environment.GetEnvironmentVariable("CAPSULE_TEST_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        var path = _dir.File("random.bin");
        var expected = new List<byte>();
        using var device = FileDevice.CreateNew(path, Tiny);
        using var reader = FileDevice.Open(path, readOnly: true, Tiny);
        for (var step = 0; step < 3000; step++)
        {
            if (random.Next(4) == 0)
            {
                var chunk = new byte[random.Next(1, 3 * Window)];
                random.NextBytes(chunk);
                device.Write(device.Length, chunk);
                expected.AddRange(chunk);
                reader.Refresh();
            }
            if (expected.Count == 0)
            {
                continue;
            }
            var offset = random.Next(expected.Count);
            var length = random.Next(Math.Min(expected.Count - offset, 2 * Window + 1) + 1);
            var target = random.Next(2) == 0 ? device : reader;
            var actual = target.Read(offset, length).ToArray();
            Assert.True(actual.AsSpan().SequenceEqual(expected.GetRange(offset, length).ToArray()),
                $"seed {seed} (rerun with CAPSULE_TEST_SEED={seed}): step {step}, {target.Name} [{offset}, {offset + length}) differs");
        }
        Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(expected.ToArray()), $"seed {seed}: the file differs");
    }

    private string WriteFile(int length, int seed)
    {
        var path = _dir.File($"file-{seed}.bin");
        File.WriteAllBytes(path, Bytes(length, seed));
        return path;
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
