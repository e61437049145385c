namespace Capsule.Format;

/// <summary>
/// A frame ready to be written: its encoded bytes and the directory facts replay needs without
/// decoding it. <see cref="UriHash"/> is computed once at Put (0 when the frame has no uri), so the
/// pending tables, the segment directory and the tail all reuse it.
/// </summary>
internal readonly record struct SegmentFrame(ulong Id, ReadOnlyMemory<byte> Bytes, FrameKind Kind, string Uri, ulong? Supersedes, ulong UriHash)
{
    public SegmentFrame(ulong id, ReadOnlyMemory<byte> bytes, FrameKind kind, string uri, ulong? supersedes)
        : this(id, bytes, kind, uri, supersedes, uri.Length == 0 ? 0 : Format.UriHash.Of(uri))
    {
    }
}
