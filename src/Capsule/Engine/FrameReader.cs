using Capsule.Codecs;
using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Engine;

/// <summary>
/// The read path for committed frames: frame id → segment (tail tables or a run's table) → block
/// (checked against its CRC, decompressed once into the cache) → frame bytes → decoded frame.
/// </summary>
internal sealed class FrameReader(IStorageDevice device, long blockCacheBytes)
{
    // The caches are made at the first read: a writer that only puts and commits (an import, an agent's
    // write) never reads a frame back, and each cache is a handful of generic collections over value-type
    // keys that the runtime would otherwise load, and partly compile, while the capsule is being opened.
    private ClockCache<long, SegmentView>? _segmentCache;

    // Decompressed blocks, bounded in bytes. A raw block is cached as a marker with no buffer: its CRC
    // was checked once and later reads go straight to the map.
    private ClockCache<(long Segment, int Block), byte[]?>? _blockCache;
    private ClockCache<long, ZstdDictionary>? _dictionaryCache;

    private ClockCache<long, SegmentView> Segments => _segmentCache ??= new(16384);

    private ClockCache<(long Segment, int Block), byte[]?> Blocks => _blockCache ??= new(blockCacheBytes, raw => (raw?.Length ?? 0) + 64);

    private ClockCache<long, ZstdDictionary> Dictionaries => _dictionaryCache ??= new(1024, evicted: d => d.Dispose());

    public IStorageDevice Device => device;

    public void Reset()
    {
        _segmentCache?.Clear();
        _blockCache?.Clear();
        _dictionaryCache?.Clear();
    }

    public SegmentView Segment(long offset)
    {
        if (!Segments.TryGet(offset, out var view))
        {
            view = RecordIO.ReadSegment(device, offset);
            Segments.Add(offset, view);
        }
        return view;
    }

    public static SegmentRef? Locate(IStorageDevice device, CommittedState state, ulong frameId)
    {
        if (frameId >= state.NextFrameId)
        {
            return null;
        }
        if (frameId >= state.Tail.FirstFrameId)
        {
            return state.Tail.FindSegment(frameId);
        }
        int lo = 0, hi = state.Runs.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var run = state.Runs[mid];
            if (frameId < run.FirstFrameId) hi = mid - 1;
            else if (frameId >= run.EndFrameId) lo = mid + 1;
            else return run.FindSegment(device, frameId);
        }
        return null;
    }

    public SegmentView.DirectoryEntry Entry(SegmentView segment, int index)
    {
        try
        {
            return segment.Entry(device, index);
        }
        catch (FormatViolation e)
        {
            throw new CorruptCapsuleException(e.Message, device.Name, segment.RecordOffset, "segment");
        }
    }

    public Frame Read(SegmentView segment, int index) =>
        Decode(segment, index, static (bytes, entry, id) =>
        {
            var frame = FrameEncoding.Decode(bytes, out var uriHash);
            CheckAgainst(entry, id, frame.Id, frame.Kind, frame.SupersedesId, frame.Uri, uriHash);
            return frame;
        });

    /// <summary>A frame's head only (up to its title), checked against its directory entry like a full read.</summary>
    public FrameHead ReadHead(SegmentView segment, int index) =>
        Decode(segment, index, static (bytes, entry, id) =>
        {
            var head = FrameEncoding.DecodeHead(bytes, out var uriHash);
            CheckAgainst(entry, id, head.Id, head.Kind, head.SupersedesId, head.Uri, uriHash);
            return head;
        });

    /// <summary>A frame's encoded bytes exactly as stored (checked against its directory entry): what copying a frame to another branch writes.</summary>
    public byte[] ReadEncoded(SegmentView segment, int index) =>
        Decode(segment, index, static (bytes, entry, id) =>
        {
            var head = FrameEncoding.DecodeHead(bytes, out var uriHash);
            CheckAgainst(entry, id, head.Id, head.Kind, head.SupersedesId, head.Uri, uriHash);
            return bytes.ToArray();
        });

    private delegate T FrameDecoder<T>(ReadOnlySpan<byte> bytes, SegmentView.DirectoryEntry entry, ulong id);

    private T Decode<T>(SegmentView segment, int index, FrameDecoder<T> decode)
    {
        var entry = Entry(segment, index);
        var id = segment.FirstFrameId + (ulong)index;
        try
        {
            var block = segment.BlockOf(index);
            var info = segment.Block(block);
            if ((long)entry.Offset + entry.Length > info.RawLength)
            {
                FormatViolation.Throw($"frame {id} lies outside its block");
            }
            return decode(BlockBytes(segment, block, info).Slice(entry.Offset, entry.Length), entry, id);
        }
        catch (FormatViolation e)
        {
            throw new CorruptCapsuleException(e.Message, device.Name, segment.RecordOffset, "segment");
        }
    }

    private static void CheckAgainst(SegmentView.DirectoryEntry entry, ulong id, ulong frameId, FrameKind kind, ulong? supersedes, string uri, ulong uriHash)
    {
        if (frameId != id || kind != entry.Kind || (supersedes ?? SegmentLayout.NoSupersedes) != entry.Supersedes
            || (uri.Length != 0) != entry.HasUri || (entry.HasUri && uriHash != entry.UriHash))
        {
            FormatViolation.Throw($"frame {frameId} does not match directory entry (frame {id})");
        }
    }

    private ReadOnlySpan<byte> BlockBytes(SegmentView segment, int block, SegmentView.BlockEntry info)
    {
        if (Blocks.TryGet((segment.RecordOffset, block), out var cached))
        {
            return cached ?? device.Read(segment.DataOffset + info.StoredOffset, info.StoredLength);
        }
        var stored = device.Read(segment.DataOffset + info.StoredOffset, info.StoredLength);
        if (Crc32C.Compute(stored) != info.Crc)
        {
            FormatViolation.Throw($"block {block} checksum mismatch");
        }
        if (segment.Codec == CodecId.Raw)
        {
            Blocks.Add((segment.RecordOffset, block), null);
            return stored;
        }
        if (!BlockCodec.IsPlausibleRawLength(segment.Codec, stored, info.RawLength))
        {
            FormatViolation.Throw($"block {block} claims {info.RawLength} raw bytes, which its {info.StoredLength} stored bytes cannot hold");
        }
        var raw = new byte[info.RawLength];
        if (!BlockCodec.TryDecompress(segment.Codec, stored, raw, Dictionary(segment)))
        {
            FormatViolation.Throw($"block {block} does not decompress to {info.RawLength} bytes with codec {segment.Codec}");
        }
        Blocks.Add((segment.RecordOffset, block), raw);
        return raw;
    }

    private ZstdDictionary? Dictionary(SegmentView segment)
    {
        if (segment.Codec != CodecId.ZstdDictionary)
        {
            return null;
        }
        if (!Dictionaries.TryGet(segment.RecordOffset, out var dictionary))
        {
            dictionary = ZstdDictionary.FromBytes(segment.Dictionary(device).ToArray());
            Dictionaries.Add(segment.RecordOffset, dictionary);
        }
        return dictionary;
    }
}
