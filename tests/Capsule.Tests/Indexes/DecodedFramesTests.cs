using Capsule.Engine.Indexes;
using Capsule.Format;

namespace Capsule.Tests.Indexes;

/// <summary>
/// The index kinds of a seal read the same decoded frames: each frame is decoded once, whichever kind
/// (or thread) reads it first, and every reader sees that frame.
/// </summary>
public sealed class DecodedFramesTests
{
    [Fact]
    public void Each_frame_is_decoded_once_and_shared_by_every_reader()
    {
        var frames = new DecodedFrames(Enumerable.Range(0, 50).Select(i => Encode((ulong)i, $"frame {i}")).ToArray());

        var byIndex = Enumerable.Range(0, frames.Count).Select(i => frames[i]).ToArray();
        var byEnumeration = frames.ToArray();

        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Same(byIndex[i], byEnumeration[i]);
            Assert.Equal((ulong)i, byIndex[i].Id);
            Assert.Equal($"frame {i}", byIndex[i].Text);
        }
    }

    [Fact]
    public void Concurrent_readers_see_every_frame_decoded()
    {
        var frames = new DecodedFrames(Enumerable.Range(0, 2_000).Select(i => Encode((ulong)i, $"frame {i}")).ToArray());
        var seen = new string[3][];
        Parallel.For(0, 3, r => seen[r] = frames.Select(f => f.Text).ToArray());
        for (var r = 0; r < 3; r++)
        {
            Assert.Equal(Enumerable.Range(0, 2_000).Select(i => $"frame {i}"), seen[r]);
        }
    }

    private static ReadOnlyMemory<byte> Encode(ulong id, string text)
    {
        var writer = new ByteWriter();
        FrameEncoding.Encode(writer, id, new FrameDraft(text) { Uri = $"doc/{id}" }, 0, null);
        return writer.ToArray();
    }
}
