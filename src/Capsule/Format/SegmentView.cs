using System.Buffers.Binary;
using Capsule.Codecs;
using Capsule.Storage;

namespace Capsule.Format;

/// <summary>
/// A segment's parsed header and table positions. It holds numbers, not bytes: frame directory reads
/// go back to the device (the memory map), so a view stays valid when the map grows. The block table
/// is the exception: Parse reads every entry to check it, and keeps what it checked (24 bytes per
/// block of at least 512 raw bytes), so finding a frame's block is an in-memory binary search
/// instead of one device read per probe. Parsing checks the tables' CRC and structure once; each
/// block's own CRC is checked when it is first read.
/// </summary>
internal sealed class SegmentView
{
    private SegmentView(long recordOffset, long bodyOffset, int bodyLength)
    {
        RecordOffset = recordOffset;
        BodyOffset = bodyOffset;
        BodyLength = bodyLength;
    }

    private int[] _blockFirst = [];
    private BlockEntry[] _blocks = [];

    public long RecordOffset { get; }
    public long BodyOffset { get; }
    public int BodyLength { get; }
    public ulong FirstFrameId { get; private set; }
    public int FrameCount { get; private set; }
    public CodecId Codec { get; private set; }
    public int BlockCount { get; private set; }
    public long RawBytes { get; private set; }
    public int DictionaryLength { get; private set; }
    public long DataOffset { get; private set; }
    public long DataLength => BodyOffset + BodyLength - DataOffset;
    public int RecordLength => RecordFraming.TotalLength(BodyLength);
    private long BlockTableOffset => BodyOffset + SegmentLayout.HeaderLength + DictionaryLength;
    private long DirectoryOffset => BlockTableOffset + (long)BlockCount * SegmentLayout.BlockEntryLength;

    public ulong EndFrameId => FirstFrameId + (ulong)FrameCount;

    /// <summary>Parses and checks the header and tables; throws <see cref="FormatViolation"/>.</summary>
    public static SegmentView Parse(IStorageDevice device, long recordOffset, int bodyLength)
    {
        var view = new SegmentView(recordOffset, recordOffset + RecordFraming.HeaderLength, bodyLength);
        if (bodyLength < SegmentLayout.HeaderLength + SegmentLayout.TablesCrcLength)
        {
            FormatViolation.Throw($"segment body of {bodyLength} bytes is shorter than its header");
        }
        var h = device.Read(view.BodyOffset, SegmentLayout.HeaderLength);
        view.FirstFrameId = BinaryPrimitives.ReadUInt64LittleEndian(h);
        var frames = BinaryPrimitives.ReadUInt32LittleEndian(h[SegmentLayout.FrameCountOffset..]);
        var codec = h[SegmentLayout.CodecOffset];
        var blocks = BinaryPrimitives.ReadUInt32LittleEndian(h[SegmentLayout.BlockCountOffset..]);
        var dictionary = BinaryPrimitives.ReadUInt32LittleEndian(h[SegmentLayout.DictionaryLengthOffset..]);
        var raw = BinaryPrimitives.ReadUInt64LittleEndian(h[SegmentLayout.RawBytesOffset..]);
        if (h[SegmentLayout.ReservedOffset] != 0 || h[SegmentLayout.ReservedOffset + 1] != 0 || h[SegmentLayout.ReservedOffset + 2] != 0)
        {
            FormatViolation.Throw("segment reserved bytes are not zero");
        }
        if (codec > (byte)CodecId.ZstdDictionary)
        {
            FormatViolation.Throw($"segment codec {codec} is not defined");
        }
        if (frames == 0 || blocks == 0 || blocks > frames)
        {
            FormatViolation.Throw($"segment has {frames} frames in {blocks} blocks");
        }
        if ((codec == (byte)CodecId.ZstdDictionary) != (dictionary != 0) || dictionary > SegmentLayout.MaxDictionaryLength)
        {
            FormatViolation.Throw($"segment codec {codec} with a dictionary of {dictionary} bytes");
        }
        var tables = (long)SegmentLayout.HeaderLength + dictionary + (long)blocks * SegmentLayout.BlockEntryLength
            + (long)frames * SegmentLayout.DirectoryEntryLength;
        if (tables + SegmentLayout.TablesCrcLength > bodyLength)
        {
            FormatViolation.Throw($"segment tables of {tables} bytes do not fit its {bodyLength}-byte body");
        }
        if (view.FirstFrameId > ulong.MaxValue - frames)
        {
            FormatViolation.Throw("segment frame ids overflow");
        }
        view.FrameCount = (int)frames;
        view.Codec = (CodecId)codec;
        view.BlockCount = (int)blocks;
        view.DictionaryLength = (int)dictionary;
        view.RawBytes = (long)raw;
        view.DataOffset = view.BodyOffset + tables + SegmentLayout.TablesCrcLength;
        var tableBytes = device.Read(view.BodyOffset, (int)tables + SegmentLayout.TablesCrcLength);
        if (BinaryPrimitives.ReadUInt32LittleEndian(tableBytes[(int)tables..]) != Crc32C.Compute(tableBytes[..(int)tables]))
        {
            FormatViolation.Throw("segment tables checksum mismatch");
        }
        view.CheckBlockTable(tableBytes);
        return view;
    }

    private void CheckBlockTable(ReadOnlySpan<byte> tableBytes)
    {
        var start = SegmentLayout.HeaderLength + DictionaryLength;
        ulong expectedOffset = 0;
        long rawSum = 0;
        var firsts = new int[BlockCount];
        var blocks = new BlockEntry[BlockCount];
        for (var b = 0; b < BlockCount; b++)
        {
            var e = tableBytes.Slice(start + b * SegmentLayout.BlockEntryLength, SegmentLayout.BlockEntryLength);
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(e);
            var stored = BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
            var raw = BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
            var first = BinaryPrimitives.ReadUInt32LittleEndian(e[16..]);
            if (offset != expectedOffset || first >= FrameCount || (b == 0) != (first == 0)
                || (b > 0 && first <= BinaryPrimitives.ReadUInt32LittleEndian(tableBytes[(start + (b - 1) * SegmentLayout.BlockEntryLength + 16)..]))
                || raw > int.MaxValue || stored > int.MaxValue || (Codec == CodecId.Raw && stored != raw))
            {
                FormatViolation.Throw($"segment block {b} entry is inconsistent");
            }
            firsts[b] = (int)first;
            blocks[b] = new BlockEntry((long)offset, (int)stored, (int)raw, (int)first, BinaryPrimitives.ReadUInt32LittleEndian(e[20..]));
            expectedOffset += stored;
            rawSum += raw;
        }
        if ((long)expectedOffset != DataLength || rawSum != RawBytes)
        {
            FormatViolation.Throw($"segment blocks cover {expectedOffset} stored bytes but the data area holds {DataLength}");
        }
        _blockFirst = firsts;
        _blocks = blocks;
    }

    public readonly record struct DirectoryEntry(int Offset, int Length, ulong UriHash, ulong Supersedes, FrameKind Kind, bool HasUri);

    public readonly record struct BlockEntry(long StoredOffset, int StoredLength, int RawLength, int FirstFrame, uint Crc);

    public DirectoryEntry Entry(IStorageDevice device, int index)
    {
        var e = device.Read(DirectoryOffset + (long)index * SegmentLayout.DirectoryEntryLength, SegmentLayout.DirectoryEntryLength);
        var kind = e[24];
        if (!FrameKinds.IsDefined(kind))
        {
            FormatViolation.Throw($"segment directory entry {index} has undefined frame kind {kind}");
        }
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(e);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]);
        if (offset > int.MaxValue || length > int.MaxValue)
        {
            FormatViolation.Throw($"segment directory entry {index} places its frame at {offset}+{length}, beyond any block");
        }
        return new DirectoryEntry(
            (int)offset,
            (int)length,
            BinaryPrimitives.ReadUInt64LittleEndian(e[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(e[16..]),
            (FrameKind)kind,
            (e[25] & SegmentLayout.FlagHasUri) != 0);
    }

    /// <summary>Block table entry <paramref name="block"/>, as Parse checked it.</summary>
    public BlockEntry Block(int block) => _blocks[block];

    /// <summary>The block that holds frame <paramref name="index"/> (the last block whose first frame is ≤ it).</summary>
    public int BlockOf(int index)
    {
        int lo = 0, hi = _blockFirst.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_blockFirst[mid] <= index) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    public ReadOnlySpan<byte> Dictionary(IStorageDevice device) =>
        device.Read(BodyOffset + SegmentLayout.HeaderLength, DictionaryLength);
}
