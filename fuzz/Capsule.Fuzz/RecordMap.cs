using System.Buffers.Binary;
using Capsule.Format;

namespace Capsule.Fuzz;

/// <summary>One framed record as found by walking headers (FORMAT.md §3), checksum not checked.</summary>
public readonly record struct RecordSpan(long Offset, byte Kind, int BodyLength)
{
    public long BodyOffset => Offset + RecordFraming.HeaderLength;
    public long CrcOffset => BodyOffset + BodyLength;
    public long End => CrcOffset + RecordFraming.TrailerLength;
}

/// <summary>
/// Walks record headers and recomputes checksums after a mutation. Random flips almost never get
/// past CRC-32C, so "fix-up" mutations restore every checksum that covers the changed bytes: the
/// parsers behind the checksums are what we want to attack. All reads here are bounds-checked,
/// since the bytes may already be mangled by earlier mutations.
/// </summary>
public static class RecordMap
{
    /// <summary>Headers from the data start until one is not a known kind or does not fit the file.</summary>
    public static List<RecordSpan> Walk(ReadOnlySpan<byte> file)
    {
        var records = new List<RecordSpan>();
        var position = Superblock.DataStart;
        while (position + RecordFraming.HeaderLength <= file.Length)
        {
            var kind = file[(int)position];
            var length = BinaryPrimitives.ReadUInt32LittleEndian(file[(int)(position + RecordFraming.LengthOffset)..]);
            if (kind is < 1 or > 5 || position + RecordFraming.Overhead + (long)length > file.Length)
            {
                break;
            }
            records.Add(new RecordSpan(position, kind, (int)length));
            position += RecordFraming.Overhead + length;
        }
        return records;
    }

    /// <summary>The record whose header starts at <paramref name="offset"/>, if it fits the file.</summary>
    public static RecordSpan? At(ReadOnlySpan<byte> file, long offset)
    {
        if (offset < 0 || offset + RecordFraming.HeaderLength > file.Length)
        {
            return null;
        }
        var length = BinaryPrimitives.ReadUInt32LittleEndian(file[(int)(offset + RecordFraming.LengthOffset)..]);
        if (offset + RecordFraming.Overhead + (long)length > file.Length)
        {
            return null;
        }
        return new RecordSpan(offset, file[(int)offset], (int)length);
    }

    /// <summary>Every checksum covering a record: a segment's block and table CRCs, then the record CRC.</summary>
    public static void FixChecksums(Span<byte> file, RecordSpan record)
    {
        if (record.Kind == (byte)RecordKind.Segment)
        {
            FixSegmentChecksums(file.Slice((int)record.BodyOffset, record.BodyLength));
        }
        FixRecordCrc(file, record);
    }

    /// <summary>Recomputes the record's CRC trailer over its header and (stored) body.</summary>
    public static void FixRecordCrc(Span<byte> file, RecordSpan record)
    {
        var covered = file.Slice((int)record.Offset, RecordFraming.HeaderLength + record.BodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(file[(int)record.CrcOffset..], RecordFraming.Checksum(record.Offset, covered));
    }

    /// <summary>Recomputes a segment body's block CRCs and tables CRC where the (possibly mutated) tables allow.</summary>
    public static void FixSegmentChecksums(Span<byte> body)
    {
        if (body.Length < SegmentLayout.HeaderLength + SegmentLayout.TablesCrcLength)
        {
            return;
        }
        long frames = BinaryPrimitives.ReadUInt32LittleEndian(body[SegmentLayout.FrameCountOffset..]);
        long blocks = BinaryPrimitives.ReadUInt32LittleEndian(body[SegmentLayout.BlockCountOffset..]);
        long dictionary = BinaryPrimitives.ReadUInt32LittleEndian(body[SegmentLayout.DictionaryLengthOffset..]);
        var tables = SegmentLayout.HeaderLength + dictionary + blocks * SegmentLayout.BlockEntryLength + frames * SegmentLayout.DirectoryEntryLength;
        if (tables + SegmentLayout.TablesCrcLength > body.Length)
        {
            return;
        }
        var dataStart = tables + SegmentLayout.TablesCrcLength;
        var blockTable = SegmentLayout.HeaderLength + dictionary;
        for (var b = 0L; b < blocks; b++)
        {
            var entry = body.Slice((int)(blockTable + b * SegmentLayout.BlockEntryLength), SegmentLayout.BlockEntryLength);
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(entry);
            var stored = BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
            if (offset <= (ulong)(body.Length - dataStart) && stored <= (ulong)(body.Length - dataStart) - offset)
            {
                var bytes = body.Slice((int)(dataStart + (long)offset), (int)stored);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[20..], Crc32C.Compute(bytes));
            }
        }
        BinaryPrimitives.WriteUInt32LittleEndian(body[(int)tables..], Crc32C.Compute(body[..(int)tables]));
    }

    /// <summary>Recomputes the CRC of superblock slot <paramref name="slot"/> (bytes [0, 4092) of the slot).</summary>
    public static void FixSuperblock(Span<byte> file, int slot)
    {
        var start = (int)Superblock.SlotOffset(slot);
        if (start + Superblock.SlotSize <= file.Length)
        {
            var slotBytes = file.Slice(start, Superblock.SlotSize);
            BinaryPrimitives.WriteUInt32LittleEndian(slotBytes[Superblock.CrcOffset..], Crc32C.Compute(slotBytes[..Superblock.CrcOffset]));
        }
    }
}
