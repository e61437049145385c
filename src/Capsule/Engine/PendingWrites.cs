using Capsule.Format;

namespace Capsule.Engine;

/// <summary>A writer's puts, updates and deletes since its last commit: visible to it, durable only after Commit.</summary>
internal sealed class PendingWrites(ulong firstFrameId)
{
    public ulong FirstFrameId { get; } = firstFrameId;
    public List<Frame> Frames { get; } = [];
    public List<SegmentFrame> Encoded { get; } = [];
    public TailTables Tables { get; } = new(firstFrameId);
    public ulong NextFrameId => FirstFrameId + (ulong)Frames.Count;
    public int Tombstones { get; set; }
    public bool IsEmpty => Frames.Count == 0;

    public Frame? Find(ulong id) => id >= FirstFrameId && id < NextFrameId ? Frames[(int)(id - FirstFrameId)] : null;
}
