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

    // The segment table, copied out of the map by Parse (which reads every entry to check it anyway):
    // every committed read binary-searches it, and segments are few (one or a handful per commit).
    private ulong[] _segmentFirst = [];
    private SegmentRef[] _segments = [];

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

    /// <summary>The run's index records by type (empty for a format-1 run: its indexes are built in memory on demand).</summary>
    public IReadOnlyList<(IndexType Type, long Offset)> Indexes { get; private set; } = [];

    public long IndexOffset(IndexType type)
    {
        foreach (var (t, offset) in Indexes)
        {
            if (t == type) return offset;
        }
        return 0;
    }

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
        var indexCount = h[RunLayout.IndexCountOffset];
        if (h.Slice(RunLayout.ReservedOffset, RunLayout.ReservedLength).ContainsAnyExcept((byte)0))
        {
            FormatViolation.Throw("run reserved bytes are not zero");
        }
        if (s > int.MaxValue || d > int.MaxValue || u > int.MaxValue
            || RunLayout.HeaderLength + s * RunLayout.SegmentEntryLength + d * RunLayout.DeadEntryLength + u * RunLayout.UriEntryLength
               + indexCount * (ulong)RunLayout.IndexEntryLength != (ulong)bodyLength)
        {
            FormatViolation.Throw($"run tables ({s} segments, {d} dead, {u} uris, {indexCount} indexes) do not match its {bodyLength}-byte body");
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
        view.Indexes = ReadIndexTable(device, view._urisAt + view.UriCount * RunLayout.UriEntryLength, indexCount, recordOffset);
        view.CheckOrder(device);
        return view;
    }

    private static (IndexType, long)[] ReadIndexTable(IStorageDevice device, long at, int count, long recordOffset)
    {
        var table = new (IndexType, long)[count];
        var entries = device.Read(at, count * RunLayout.IndexEntryLength);
        for (var i = 0; i < count; i++)
        {
            var e = entries.Slice(i * RunLayout.IndexEntryLength, RunLayout.IndexEntryLength);
            var type = e[0];
            var offset = BinaryPrimitives.ReadInt64LittleEndian(e[8..]);
            if (!IndexTypes.IsDefined(type) || e.Slice(1, 7).ContainsAnyExcept((byte)0)
                || (i > 0 && type <= (byte)table[i - 1].Item1) || offset < Superblock.DataStart || offset >= recordOffset)
            {
                FormatViolation.Throw($"run index entry {i} (type {type}, offset {offset}) is unknown, out of order or not before the run");
            }
            table[i] = ((IndexType)type, offset);
        }
        return table;
    }

    private void CheckOrder(IStorageDevice device)
    {
        var expected = FirstFrameId;
        var firsts = new ulong[SegmentCount];
        var segments = new SegmentRef[SegmentCount];
        for (var i = 0L; i < SegmentCount; i++)
        {
            var seg = ReadSegmentEntry(device, i);
            if (seg.FirstFrameId != expected || seg.FrameCount <= 0 || seg.Offset < Superblock.DataStart || seg.Offset >= RecordOffset)
            {
                FormatViolation.Throw($"run segment entry {i} is out of order or points outside the file");
            }
            expected = seg.EndFrameId;
            firsts[i] = seg.FirstFrameId;
            segments[i] = seg;
        }
        if (expected != EndFrameId)
        {
            FormatViolation.Throw($"run segments end at frame {expected}, not {EndFrameId}");
        }
        _segmentFirst = firsts;
        _segments = segments;
        // The dead list and the uri table are checked a chunk of entries at a time: one read per chunk
        // instead of two or three per entry (opening a 100,000-frame run spent about 10 ms here).
        ulong previousDead = 0;
        ForEachChunk(device, _deadAt, DeadCount, RunLayout.DeadEntryLength, (first, entries) =>
        {
            for (var i = 0; i < entries.Length / RunLayout.DeadEntryLength; i++)
            {
                var dead = BinaryPrimitives.ReadUInt64LittleEndian(entries[(i * RunLayout.DeadEntryLength)..]);
                if ((first + i > 0 && dead <= previousDead) || dead >= EndFrameId)
                {
                    FormatViolation.Throw($"run dead list is not strictly ascending below frame {EndFrameId} at entry {first + i}");
                }
                previousDead = dead;
            }
        });
        (ulong Hash, ulong Id) previousUri = default;
        ForEachChunk(device, _urisAt, UriCount, RunLayout.UriEntryLength, (first, entries) =>
        {
            for (var i = 0; i < entries.Length / RunLayout.UriEntryLength; i++)
            {
                var e = entries[(i * RunLayout.UriEntryLength)..];
                var uri = (BinaryPrimitives.ReadUInt64LittleEndian(e), BinaryPrimitives.ReadUInt64LittleEndian(e[8..]));
                if ((first + i > 0 && !Follows(uri, previousUri)) || uri.Item2 < FirstFrameId || uri.Item2 >= EndFrameId)
                {
                    FormatViolation.Throw($"run uri table entry {first + i} is out of order or names frame {uri.Item2} outside the run's frames {FirstFrameId}..{EndFrameId}");
                }
                previousUri = uri;
            }
        });
    }

    /// <summary>
    /// Whether uri table entry <paramref name="entry"/> sorts strictly after <paramref name="previous"/> (hash,
    /// then frame id). Spelled out: the tuple's CompareTo goes through <c>Comparer&lt;ulong&gt;.Default</c>,
    /// which the runtime builds by reflection at the first seal of every process.
    /// </summary>
    private static bool Follows((ulong Hash, ulong Id) entry, (ulong Hash, ulong Id) previous) =>
        entry.Hash > previous.Hash || (entry.Hash == previous.Hash && entry.Id > previous.Id);

    private delegate void EntryChunk(long firstEntry, ReadOnlySpan<byte> entries);

    /// <summary>Calls <paramref name="visit"/> on consecutive chunks of a table of <paramref name="count"/> fixed-size entries.</summary>
    private static void ForEachChunk(IStorageDevice device, long at, long count, int entryLength, EntryChunk visit)
    {
        const int ChunkEntries = 65536;
        for (var first = 0L; first < count; first += ChunkEntries)
        {
            var n = (int)Math.Min(ChunkEntries, count - first);
            visit(first, device.Read(at + first * entryLength, n * entryLength));
        }
    }

    /// <summary>Segment entry <paramref name="index"/> (checked by Parse, served from memory).</summary>
    public SegmentRef Segment(IStorageDevice device, long index) => _segments[index];

    private SegmentRef ReadSegmentEntry(IStorageDevice device, long index)
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
        // The last segment whose first frame is ≤ frameId: BinarySearch returns it on an exact hit,
        // or the complement of the next one's index.
        int lo = 0, hi = _segmentFirst.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_segmentFirst[mid] <= frameId) lo = mid; else hi = mid - 1;
        }
        return _segments[lo];
    }

    public bool IsDead(IStorageDevice device, ulong frameId)
    {
        if (DeadCount == 0)
        {
            return false;
        }
        if (DeadCount <= int.MaxValue / RunLayout.DeadEntryLength)
        {
            // One bounded span for the whole table instead of one device read per probe.
            var table = device.Read(_deadAt, (int)DeadCount * RunLayout.DeadEntryLength);
            int a = 0, b = (int)DeadCount - 1;
            while (a <= b)
            {
                var m = (a + b) >> 1;
                var v = BinaryPrimitives.ReadUInt64LittleEndian(table[(m * RunLayout.DeadEntryLength)..]);
                if (v == frameId) return true;
                if (v < frameId) a = m + 1; else b = m - 1;
            }
            return false;
        }
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

    /// <summary>The index of the first uri table entry whose hash is ≥ <paramref name="hash"/> (UriCount when none).</summary>
    public long FirstUriIndex(IStorageDevice device, ulong hash)
    {
        if (UriCount <= int.MaxValue / RunLayout.UriEntryLength)
        {
            // One bounded span for the whole table instead of one device read per probe.
            var table = device.Read(_urisAt, (int)UriCount * RunLayout.UriEntryLength);
            int a = 0, b = (int)UriCount;
            while (a < b)
            {
                var m = (a + b) >> 1;
                if (BinaryPrimitives.ReadUInt64LittleEndian(table[(m * RunLayout.UriEntryLength)..]) < hash) a = m + 1; else b = m;
            }
            return a;
        }
        long lo = 0, hi = UriCount;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (Uri(device, mid).Hash < hash) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
