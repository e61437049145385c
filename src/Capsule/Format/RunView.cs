using System.Buffers.Binary;
using Capsule.Storage;

namespace Capsule.Format;

/// <summary>
/// A sealed run read through the map: fixed-size sorted tables searched in place (binary search),
/// so opening a capsule never rebuilds them. Parsing checks sizes and ordering once.
/// </summary>
internal sealed class RunView
{
    private long _segmentsAt, _deadAt, _urisAt;

    public long RecordOffset { get; private init; }
    public int RecordLength { get; private init; }
    public ulong FromSequence { get; private set; }
    public ulong ToSequence { get; private set; }
    public ulong FirstFrameId { get; private set; }
    public ulong EndFrameId { get; private set; }
    public byte Level { get; private set; }
    public long SegmentCount { get; private set; }
    public long DeadCount { get; private set; }
    public long UriCount { get; private set; }

    public static RunView Parse(IStorageDevice device, long recordOffset, int bodyLength)
    {
        var bodyAt = recordOffset + RecordFraming.HeaderLength;
        if (bodyLength < RunLayout.HeaderLength)
        {
            FormatViolation.Throw($"run body of {bodyLength} bytes is shorter than its header");
        }
        var h = device.Read(bodyAt, RunLayout.HeaderLength);
        var view = new RunView
        {
            RecordOffset = recordOffset,
            RecordLength = RecordFraming.TotalLength(bodyLength),
            FromSequence = BinaryPrimitives.ReadUInt64LittleEndian(h[RunLayout.FromOffset..]),
            ToSequence = BinaryPrimitives.ReadUInt64LittleEndian(h[RunLayout.ToOffset..]),
            FirstFrameId = BinaryPrimitives.ReadUInt64LittleEndian(h[RunLayout.FirstFrameOffset..]),
            EndFrameId = BinaryPrimitives.ReadUInt64LittleEndian(h[RunLayout.EndFrameOffset..]),
            Level = h[RunLayout.LevelOffset],
        };
        var s = BinaryPrimitives.ReadUInt64LittleEndian(h[RunLayout.SegmentCountOffset..]);
        var d = BinaryPrimitives.ReadUInt64LittleEndian(h[RunLayout.DeadCountOffset..]);
        var u = BinaryPrimitives.ReadUInt64LittleEndian(h[RunLayout.UriCountOffset..]);
        if (h.Slice(RunLayout.ReservedOffset, 7).ContainsAnyExcept((byte)0))
        {
            FormatViolation.Throw("run reserved bytes are not zero");
        }
        if (s > int.MaxValue || d > int.MaxValue || u > int.MaxValue
            || RunLayout.HeaderLength + s * RunLayout.SegmentEntryLength + d * RunLayout.DeadEntryLength + u * RunLayout.UriEntryLength != (ulong)bodyLength)
        {
            FormatViolation.Throw($"run tables ({s} segments, {d} dead, {u} uris) do not match its {bodyLength}-byte body");
        }
        if (view.ToSequence <= view.FromSequence || view.EndFrameId < view.FirstFrameId)
        {
            FormatViolation.Throw($"run covers commits ({view.FromSequence}, {view.ToSequence}] and frames {view.FirstFrameId}..{view.EndFrameId}");
        }
        view.SegmentCount = (long)s;
        view.DeadCount = (long)d;
        view.UriCount = (long)u;
        view._segmentsAt = bodyAt + RunLayout.HeaderLength;
        view._deadAt = view._segmentsAt + view.SegmentCount * RunLayout.SegmentEntryLength;
        view._urisAt = view._deadAt + view.DeadCount * RunLayout.DeadEntryLength;
        view.CheckOrder(device);
        return view;
    }

    private void CheckOrder(IStorageDevice device)
    {
        var expected = FirstFrameId;
        for (var i = 0L; i < SegmentCount; i++)
        {
            var seg = Segment(device, i);
            if (seg.FirstFrameId != expected || seg.FrameCount <= 0 || seg.Offset < Superblock.DataStart || seg.Offset >= RecordOffset)
            {
                FormatViolation.Throw($"run segment entry {i} is out of order or points outside the file");
            }
            expected = seg.EndFrameId;
        }
        if (expected != EndFrameId)
        {
            FormatViolation.Throw($"run segments end at frame {expected}, not {EndFrameId}");
        }
        for (var i = 0L; i < DeadCount; i++)
        {
            if ((i > 0 && Dead(device, i) <= Dead(device, i - 1)) || Dead(device, i) >= EndFrameId)
            {
                FormatViolation.Throw($"run dead list is not strictly ascending below frame {EndFrameId} at entry {i}");
            }
        }
        for (var i = 0L; i < UriCount; i++)
        {
            var (_, id) = Uri(device, i);
            if ((i > 0 && Uri(device, i).CompareTo(Uri(device, i - 1)) <= 0) || id < FirstFrameId || id >= EndFrameId)
            {
                FormatViolation.Throw($"run uri table entry {i} is out of order or names frame {id} outside the run's frames {FirstFrameId}..{EndFrameId}");
            }
        }
    }

    public SegmentRef Segment(IStorageDevice device, long index)
    {
        var e = device.Read(_segmentsAt + index * RunLayout.SegmentEntryLength, RunLayout.SegmentEntryLength);
        return new SegmentRef(BinaryPrimitives.ReadUInt64LittleEndian(e), (int)BinaryPrimitives.ReadUInt32LittleEndian(e[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(e[12..]));
    }

    public ulong Dead(IStorageDevice device, long index) =>
        BinaryPrimitives.ReadUInt64LittleEndian(device.Read(_deadAt + index * RunLayout.DeadEntryLength, 8));

    public (ulong Hash, ulong Id) Uri(IStorageDevice device, long index)
    {
        var e = device.Read(_urisAt + index * RunLayout.UriEntryLength, RunLayout.UriEntryLength);
        return (BinaryPrimitives.ReadUInt64LittleEndian(e), BinaryPrimitives.ReadUInt64LittleEndian(e[8..]));
    }

    /// <summary>The segment holding <paramref name="frameId"/>, which must lie in [FirstFrameId, EndFrameId).</summary>
    public SegmentRef FindSegment(IStorageDevice device, ulong frameId)
    {
        long lo = 0, hi = SegmentCount - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (Segment(device, mid).FirstFrameId <= frameId) lo = mid; else hi = mid - 1;
        }
        return Segment(device, lo);
    }

    public bool IsDead(IStorageDevice device, ulong frameId)
    {
        long lo = 0, hi = DeadCount - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var value = Dead(device, mid);
            if (value == frameId) return true;
            if (value < frameId) lo = mid + 1; else hi = mid - 1;
        }
        return false;
    }

    /// <summary>Frame ids whose uri hashes to <paramref name="hash"/>.</summary>
    public IEnumerable<ulong> UriCandidates(IStorageDevice device, ulong hash)
    {
        long lo = 0, hi = UriCount;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (Uri(device, mid).Hash < hash) lo = mid + 1; else hi = mid;
        }
        var found = new List<ulong>();
        for (var i = lo; i < UriCount; i++)
        {
            var (h, id) = Uri(device, i);
            if (h != hash) break;
            found.Add(id);
        }
        return found;
    }
}
