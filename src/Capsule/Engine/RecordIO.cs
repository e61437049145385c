using System.Buffers.Binary;
using Capsule.Crypto;
using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Engine;

/// <summary>How a record at an offset reads: whole and checked, cut off by the end of the file, or damaged.</summary>
internal enum RecordStatus { Valid, Truncated, Invalid }

/// <summary>
/// A record's place in the file. <see cref="BodyLength"/> is the plaintext body the parsers read;
/// <see cref="StoredLength"/> is the header's length field, which differs in encrypted capsules
/// (FORMAT.md §16.2: the chunk tags follow the ciphertext).
/// </summary>
internal readonly record struct RecordLocation(long Offset, RecordKind Kind, int BodyLength, int StoredLength)
{
    public long BodyOffset => Offset + RecordFraming.HeaderLength;
    public long End => Offset + RecordFraming.TotalLength(StoredLength);
}

/// <summary>Reads and checks framed records (FORMAT.md §3) from a device.</summary>
internal static class RecordIO
{
    /// <summary>Reads the header at <paramref name="offset"/> and, when <paramref name="checkCrc"/>, the whole record's checksum.</summary>
    public static RecordStatus TryRead(IStorageDevice device, long offset, bool checkCrc, out RecordLocation location, out string problem)
    {
        location = default;
        problem = "";
        var remaining = device.Length - offset;
        if (offset < Superblock.DataStart || remaining < 0)
        {
            problem = $"offset {offset} is outside the records of the {device.Length}-byte file";
            return RecordStatus.Invalid;
        }
        if (remaining < RecordFraming.HeaderLength)
        {
            problem = $"only {remaining} bytes remain, less than a record header";
            return RecordStatus.Truncated;
        }
        var header = device.Read(offset, RecordFraming.HeaderLength);
        var kind = header[RecordFraming.KindOffset];
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header[RecordFraming.LengthOffset..]);
        var sealedDevice = device as SealedDevice;
        // In an encrypted capsule the reserved field holds the writer's seal epoch (FORMAT.md §16.2).
        if (kind is < (byte)RecordKind.Segment or > (byte)RecordKind.Settings || header[RecordFraming.FlagsOffset] != 0
            || (sealedDevice is null && (header[RecordFraming.ReservedOffset] != 0 || header[RecordFraming.ReservedOffset + 1] != 0)))
        {
            problem = $"record header is not valid (kind byte {kind})";
            return RecordStatus.Invalid;
        }
        if (length > RecordFraming.MaxBodyLength)
        {
            problem = $"record length {length} exceeds the format limit";
            return RecordStatus.Invalid;
        }
        if (RecordFraming.TotalLength((int)length) > remaining)
        {
            problem = $"{RecordKindNames.Name(kind)} record of {length} body bytes runs past the end of the file ({remaining} bytes remain)";
            return RecordStatus.Truncated;
        }
        var logical = (int)length;
        if (sealedDevice is not null)
        {
            if (!SealedLayout.TryLogicalLength((int)length, out logical))
            {
                problem = $"{RecordKindNames.Name(kind)} record length {length} is not the length of a sealed body";
                return RecordStatus.Invalid;
            }
            sealedDevice.Register(offset, header, logical);
        }
        location = new RecordLocation(offset, (RecordKind)kind, logical, (int)length);
        if (checkCrc && !ChecksumMatches(device, location))
        {
            problem = $"{RecordKindNames.Name(kind)} record checksum mismatch";
            return RecordStatus.Invalid;
        }
        return RecordStatus.Valid;
    }

    public static bool ChecksumMatches(IStorageDevice device, RecordLocation location)
    {
        // The CRC covers the bytes as stored (ciphertext and tags in an encrypted capsule), so a torn
        // tail is found without the key.
        var raw = device is SealedDevice sealedDevice ? sealedDevice.Inner : device;
        var covered = RecordFraming.HeaderLength + location.StoredLength;
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(raw.Read(location.Offset + covered, 4));
        return stored == RecordFraming.Checksum(location.Offset, raw.Read(location.Offset, covered));
    }

    /// <summary>
    /// Reads a record that committed state depends on: anything short of a valid record of the expected
    /// kind is corruption, reported with the offset.
    /// </summary>
    public static RecordLocation ReadCommitted(IStorageDevice device, long offset, RecordKind expected, bool checkCrc)
    {
        var status = TryRead(device, offset, checkCrc, out var location, out var problem);
        if (status != RecordStatus.Valid)
        {
            throw new CorruptCapsuleException(problem, device.Name, offset, RecordKindNames.Name((byte)expected));
        }
        if (location.Kind != expected)
        {
            throw new CorruptCapsuleException($"expected a {RecordKindNames.Name((byte)expected)} record but found a {RecordKindNames.Name((byte)location.Kind)} record",
                device.Name, offset, RecordKindNames.Name((byte)expected));
        }
        return location;
    }

    public static CommitRecord ReadCommit(IStorageDevice device, long offset)
    {
        var location = ReadCommitted(device, offset, RecordKind.Commit, checkCrc: true);
        return Parse(device, location, CommitRecord.Decode);
    }

    public static T Parse<T>(IStorageDevice device, RecordLocation location, Func<ReadOnlySpan<byte>, T> parse) =>
        Checked(device, location.Offset, location.Kind, () => parse(device.Read(location.BodyOffset, location.BodyLength)));

    public static RunView ReadRun(IStorageDevice device, long offset)
    {
        var location = ReadCommitted(device, offset, RecordKind.Run, checkCrc: true);
        return Checked(device, offset, RecordKind.Run, () => RunView.Parse(device, offset, location.BodyLength));
    }

    /// <summary>Reads a segment's header and tables (their own CRC); blocks are checked when read.</summary>
    public static SegmentView ReadSegment(IStorageDevice device, long offset)
    {
        var location = ReadCommitted(device, offset, RecordKind.Segment, checkCrc: false);
        return Checked(device, offset, RecordKind.Segment, () => SegmentView.Parse(device, offset, location.BodyLength));
    }

    /// <summary>
    /// Runs a parser over the record at <paramref name="offset"/>: a broken structural rule
    /// (<see cref="FormatViolation"/>) becomes the corruption error that names the file, offset and kind.
    /// </summary>
    public static T Checked<T>(IStorageDevice device, long offset, RecordKind kind, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatViolation e)
        {
            throw new CorruptCapsuleException(e.Message, device.Name, offset, RecordKindNames.Name((byte)kind));
        }
    }

    /// <summary>Appends a framed record at the end of the device and returns its offset.</summary>
    public static long Append(IStorageDevice device, RecordKind kind, ReadOnlySpan<byte> body) => Append(device, kind, body, default);

    /// <summary>
    /// Appends a record whose body is <paramref name="bodyHead"/> followed by <paramref name="bodyTail"/>. A
    /// large plain body is written where it lies, between its header and trailer, rather than copied into
    /// one record buffer first: segments and index payloads are megabytes, and each copy was another
    /// large-object allocation (and with them, full garbage collections) in every bulk commit.
    /// </summary>
    public static long Append(IStorageDevice device, RecordKind kind, ReadOnlySpan<byte> bodyHead, ReadOnlySpan<byte> bodyTail)
    {
        var offset = device.Length;
        var length = bodyHead.Length + bodyTail.Length;
        if (device is SealedDevice || length < InPlaceBodyBytes)
        {
            var body = bodyTail.IsEmpty ? bodyHead : [.. bodyHead, .. bodyTail];
            device.Write(offset, device is SealedDevice sealedDevice ? sealedDevice.Frame(kind, body, offset) : RecordFraming.Frame(kind, body, offset));
            return offset;
        }
        Span<byte> header = stackalloc byte[RecordFraming.HeaderLength];
        RecordFraming.WriteHeader(kind, length, header);
        Span<byte> trailer = stackalloc byte[RecordFraming.TrailerLength];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, RecordFraming.Checksum(offset, header, bodyHead, bodyTail));
        device.Write(offset, header);
        device.Write(offset + header.Length, bodyHead);
        if (!bodyTail.IsEmpty)
        {
            device.Write(offset + header.Length + bodyHead.Length, bodyTail);
        }
        device.Write(offset + header.Length + length, trailer);
        return offset;
    }

    /// <summary>Bodies from this size on are written in place (see <see cref="Append(IStorageDevice, RecordKind, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>).</summary>
    private const int InPlaceBodyBytes = 64 * 1024;
}
