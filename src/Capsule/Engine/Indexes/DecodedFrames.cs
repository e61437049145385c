using System.Collections;
using Capsule.Format;

namespace Capsule.Engine.Indexes;

/// <summary>
/// Encoded frames read as <see cref="Frame"/>s, decoded at each access and not kept (each kind reads every
/// frame once, and holding all of a large commit decoded would double its memory); payloads are slices of
/// the encoded bytes, not copies.
/// </summary>
internal sealed class DecodedFrames(ReadOnlyMemory<byte>[] frames) : IReadOnlyList<Frame>
{
    public int Count => frames.Length;

    public Frame this[int index] => FrameEncoding.DecodeSharingPayload(frames[index]);

    /// <summary>The encoded size of frame <paramref name="index"/>, known without decoding it (to split work evenly).</summary>
    public long EncodedLength(int index) => frames[index].Length;

    /// <summary>The encoded size of all the frames.</summary>
    public long TotalEncodedLength { get; } = frames.Sum(frame => (long)frame.Length);

    public IEnumerator<Frame> GetEnumerator()
    {
        foreach (var frame in frames) yield return FrameEncoding.DecodeSharingPayload(frame);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
