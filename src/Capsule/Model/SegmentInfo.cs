using Capsule.Codecs;

namespace Capsule;

/// <summary>One data segment: where it is, which frames it holds, and what its codec did.</summary>
public sealed record SegmentInfo(long Offset, ulong FirstFrameId, int FrameCount, CodecId Codec, int BlockCount, long RawBytes, long StoredBytes)
{
    /// <summary>Raw bytes per stored byte (above 1 means the codec saved space).</summary>
    public double Ratio => StoredBytes == 0 ? 1 : (double)RawBytes / StoredBytes;
}
