using System.Buffers.Binary;

namespace Capsule.Format;

/// <summary>
/// Every record after the superblocks is self-delimiting and checked (FORMAT.md §3):
/// <code>
///  off  len  field
///    0    1  kind (RecordKind)
///    1    1  flags (0 in version 1)
///    2    2  reserved (0)
///    4    4  body length n (at most MaxBodyLength)
///    8    n  body
///  8+n    4  CRC-32C over: the record's file offset (u64 LE), then bytes [0, 8+n)
/// </code>
/// Seeding the checksum with the file offset means a record copied or moved elsewhere no longer
/// validates, so a stale record can never be mistaken for the one that belongs at an offset.
/// </summary>
internal static class RecordFraming
{
    public const int KindOffset = 0;
    public const int FlagsOffset = KindOffset + 1;
    public const int ReservedOffset = FlagsOffset + 1;
    public const int LengthOffset = ReservedOffset + 2;
    public const int HeaderLength = LengthOffset + 4;
    public const int TrailerLength = 4;
    public const int Overhead = HeaderLength + TrailerLength;

    /// <summary>Bodies stay below 2 GiB so a whole record is addressable by one span.</summary>
    public const int MaxBodyLength = int.MaxValue - 64;

    public static int TotalLength(int bodyLength) => HeaderLength + bodyLength + TrailerLength;

    /// <summary>Frames a body at <paramref name="fileOffset"/>: returns the complete record bytes.</summary>
    public static byte[] Frame(RecordKind kind, ReadOnlySpan<byte> body, long fileOffset)
    {
        var record = new byte[TotalLength(body.Length)];
        WriteHeader(kind, body.Length, record);
        body.CopyTo(record.AsSpan(HeaderLength));
        var crc = Checksum(fileOffset, record.AsSpan(0, HeaderLength + body.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(HeaderLength + body.Length), crc);
        return record;
    }

    /// <summary>Writes the header of a record of <paramref name="bodyLength"/> bytes into <paramref name="header"/>.</summary>
    public static void WriteHeader(RecordKind kind, int bodyLength, Span<byte> header)
    {
        if ((uint)bodyLength > MaxBodyLength)
        {
            throw new ArgumentOutOfRangeException(nameof(bodyLength), $"record body of {bodyLength} bytes exceeds the {MaxBodyLength}-byte limit");
        }
        header[..HeaderLength].Clear();
        header[KindOffset] = (byte)kind;
        BinaryPrimitives.WriteUInt32LittleEndian(header[LengthOffset..], (uint)bodyLength);
    }

    /// <summary>The trailer CRC of a record whose header is followed by a body in two parts.</summary>
    public static uint Checksum(long fileOffset, ReadOnlySpan<byte> header, ReadOnlySpan<byte> bodyHead, ReadOnlySpan<byte> bodyTail)
    {
        Span<byte> seed = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(seed, fileOffset);
        return Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Append(Crc32C.Append(Crc32C.Start, seed), header), bodyHead), bodyTail));
    }

    public static uint Checksum(long fileOffset, ReadOnlySpan<byte> headerAndBody) => Checksum(fileOffset, headerAndBody, default, default);
}
