using System.Collections;
using Capsule.Format;

namespace Capsule.Engine.Indexes;

/// <summary>
/// Encoded frames read as <see cref="Frame"/>s, each decoded once, at its first access by any index kind,
/// and kept for the others (the kinds build side by side, and decoding every frame once per kind was three
/// decodes and three sets of uri, title and metadata strings per frame). Payloads are slices of the
/// encoded bytes, not copies, so keeping the decoded frames costs their metadata, not their text.
/// Safe for concurrent readers: two threads that decode the same frame at once store equal frames.
/// </summary>
internal sealed class DecodedFrames(ReadOnlyMemory<byte>[] frames) : IReadOnlyList<Frame>
{
    private readonly Frame?[] _decoded = new Frame?[frames.Length];

    public int Count => frames.Length;

    public Frame this[int index] => _decoded[index] ??= FrameEncoding.DecodeSharingPayload(frames[index]);

    /// <summary>The encoded size of frame <paramref name="index"/>, known without decoding it (to split work evenly).</summary>
    public long EncodedLength(int index) => frames[index].Length;

    /// <summary>The encoded size of frames [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public long EncodedLength(int from, int to)
    {
        long length = 0;
        for (var i = from; i < to; i++) length += frames[i].Length;
        return length;
    }

    public IEnumerator<Frame> GetEnumerator()
    {
        for (var i = 0; i < frames.Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
