using System.Buffers.Binary;
using Capsule.Indexing.Storage;
using Capsule.Storage;

namespace Capsule.Format;

/// <summary>An index record's header as read from the file (layout in <see cref="IndexLayout"/>).</summary>
internal sealed class IndexRecord
{
    public required long RecordOffset { get; init; }
    public required IndexType Type { get; init; }
    public required byte Version { get; init; }
    public required ulong FirstFrameId { get; init; }
    public required ulong EndFrameId { get; init; }
    public required long PayloadOffset { get; init; }
    public required long PayloadLength { get; init; }
    public required uint[] PageCrcs { get; init; }

    /// <summary>The body of an index record that will be appended at <paramref name="recordOffset"/>, up to its
    /// payload (header, page checksums, padding): the payload follows it in the record as it is, uncopied.</summary>
    public static byte[] EncodeHead(long recordOffset, IndexType type, byte version, ulong firstFrameId, ulong endFrameId, ReadOnlySpan<byte> payload)
    {
        var crcs = IndexPayload.ComputePageCrcs(payload);
        var headerLength = IndexLayout.HeaderLength(crcs.Length);
        var padding = IndexLayout.Padding(recordOffset + RecordFraming.HeaderLength, crcs.Length);
        var w = new ByteWriter((int)(headerLength + padding));
        w.U8((byte)type);
        w.U8(version);
        w.Reserve(IndexLayout.ReservedLength).Clear();
        w.U64(firstFrameId);
        w.U64(endFrameId);
        w.U64((ulong)payload.Length);
        w.U32((uint)crcs.Length);
        foreach (var crc in crcs) w.U32(crc);
        w.U32(Crc32C.Compute(w.WrittenSpan));
        w.Reserve(padding).Clear();
        return w.ToArray();
    }

    /// <summary>Reads and checks the header (not the payload: its pages are checked when read).</summary>
    public static IndexRecord Parse(IStorageDevice device, long recordOffset, int bodyLength)
    {
        var bodyAt = recordOffset + RecordFraming.HeaderLength;
        if (bodyLength < IndexLayout.HeaderLength(0))
        {
            FormatViolation.Throw($"index body of {bodyLength} bytes is shorter than its header");
        }
        var fixedPart = device.Read(bodyAt, IndexLayout.PageCrcsOffset);
        var type = fixedPart[IndexLayout.TypeOffset];
        if (fixedPart.Slice(IndexLayout.ReservedOffset, IndexLayout.ReservedLength).ContainsAnyExcept((byte)0))
        {
            FormatViolation.Throw("index reserved bytes are not zero");
        }
        var first = BinaryPrimitives.ReadUInt64LittleEndian(fixedPart[IndexLayout.FirstFrameOffset..]);
        var end = BinaryPrimitives.ReadUInt64LittleEndian(fixedPart[IndexLayout.EndFrameOffset..]);
        var payloadLength = BinaryPrimitives.ReadUInt64LittleEndian(fixedPart[IndexLayout.PayloadLengthOffset..]);
        var pages = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart[IndexLayout.PageCountOffset..]);
        if (payloadLength > (ulong)bodyLength || pages != IndexPayload.PageCount((long)payloadLength))
        {
            FormatViolation.Throw($"index header declares {payloadLength} payload bytes in {pages} pages within a {bodyLength}-byte body");
        }
        var headerLength = IndexLayout.HeaderLength(pages);
        var padding = IndexLayout.Padding(bodyAt, pages);
        if (headerLength + padding + (long)payloadLength != bodyLength)
        {
            FormatViolation.Throw($"index header ({headerLength} bytes), padding ({padding}) and payload ({payloadLength}) do not add up to the {bodyLength}-byte body");
        }
        var header = device.Read(bodyAt, (int)headerLength);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[(int)(headerLength - 4)..]) != Crc32C.Compute(header[..(int)(headerLength - 4)]))
        {
            FormatViolation.Throw("index header checksum mismatch");
        }
        if (!IndexTypes.IsDefined(type) || end < first)
        {
            FormatViolation.Throw($"index header names type {type} over frames {first}..{end}");
        }
        if (device.Read(bodyAt + headerLength, padding).ContainsAnyExcept((byte)0))
        {
            FormatViolation.Throw("index padding bytes are not zero");
        }
        var crcs = new uint[pages];
        for (var i = 0; i < crcs.Length; i++)
        {
            crcs[i] = BinaryPrimitives.ReadUInt32LittleEndian(header[(IndexLayout.PageCrcsOffset + 4 * i)..]);
        }
        return new IndexRecord
        {
            RecordOffset = recordOffset,
            Type = (IndexType)type,
            Version = fixedPart[IndexLayout.VersionOffset],
            FirstFrameId = first,
            EndFrameId = end,
            PayloadOffset = bodyAt + headerLength + padding,
            PayloadLength = (long)payloadLength,
            PageCrcs = crcs,
        };
    }

    /// <summary>Maps the payload for reading in place; pages are checked on first touch.</summary>
    public unsafe IndexPayload OpenPayload(IStorageDevice device)
    {
        if (PayloadLength == 0)
        {
            return IndexPayload.FromBytes([]);
        }
        var range = device.MapRange(PayloadOffset, PayloadLength);
        return IndexPayload.FromMapped(range.Pointer, PayloadLength, PageCrcs, range);
    }
}
