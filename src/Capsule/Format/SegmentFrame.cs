namespace Capsule.Format;

/// <summary>A frame ready to be written: its encoded bytes and the directory facts replay needs without decoding it.</summary>
internal readonly record struct SegmentFrame(ulong Id, ReadOnlyMemory<byte> Bytes, FrameKind Kind, string Uri, ulong? Supersedes);
