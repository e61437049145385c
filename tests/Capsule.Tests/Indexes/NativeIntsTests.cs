using Capsule.Indexing;

namespace Capsule.Tests.Indexes;

/// <summary>The unmanaged int arrays a build uses for its large temporaries.</summary>
public sealed class NativeIntsTests
{
    [Fact]
    public void Holds_what_is_written_and_refuses_use_after_dispose()
    {
        var buffer = new NativeInts(100_000);
        var span = buffer.Span;
        Assert.Equal(100_000, span.Length);
        for (int i = 0; i < span.Length; i++)
            span[i] = i * 7;
        Assert.Equal(99_999 * 7, buffer.Span[^1]);
        Assert.Equal(700, buffer.Span[100]);

        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
        buffer.Dispose(); // twice is harmless
    }

    [Fact]
    public void An_empty_array_is_valid_and_a_negative_length_is_refused()
    {
        using var empty = new NativeInts(0);
        Assert.Equal(0, empty.Span.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NativeInts(-1));
    }
}
