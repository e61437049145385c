using Capsule.Format;

namespace Capsule.Engine;

/// <summary>
/// A writer's puts, updates and deletes since its last commit: visible to it, durable only after
/// Commit. Frames are kept only as their encoded bytes (what the segment will hold); a read of a
/// pending frame decodes them on demand, so Put never decodes what it has just encoded.
/// </summary>
internal sealed class PendingWrites(ulong firstFrameId)
{
    public ulong FirstFrameId { get; } = firstFrameId;
    public List<SegmentFrame> Encoded { get; } = [];
    public TailTables Tables { get; } = new(firstFrameId);
    public int Count => Encoded.Count;
    public ulong NextFrameId => FirstFrameId + (ulong)Encoded.Count;
    public int Tombstones { get; set; }
    public bool IsEmpty => Encoded.Count == 0;

    /// <summary>An embedding binding made by a pending put (the first embedding): written with the commit.</summary>
    public EmbeddingBinding? NewBinding { get; set; }

    /// <summary>Reused by every Put: a frame is encoded here, then copied into <see cref="Arena"/>.</summary>
    public ByteWriter Scratch { get; } = new(1024);

    /// <summary>The pending frames' encoded bytes, end to end.</summary>
    public FrameArena Arena { get; } = new();

    /// <summary>The encoded size of the pending frames.</summary>
    public long EncodedBytes { get; set; }

    public bool TryFind(ulong id, out SegmentFrame frame)
    {
        if (id >= FirstFrameId && id < NextFrameId)
        {
            frame = Encoded[(int)(id - FirstFrameId)];
            return true;
        }
        frame = default;
        return false;
    }
}
