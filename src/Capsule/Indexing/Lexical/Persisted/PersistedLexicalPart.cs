using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Capsule.Format;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Ranking;
using Capsule.Indexing.Storage;
using static Capsule.Indexing.Lexical.Persisted.LexicalPayloadLayout;

namespace Capsule.Indexing.Lexical.Persisted;

/// <summary>
/// A persisted lexical index read in place from its <see cref="IndexPayload"/>. Opening reads and
/// checks the 80-byte header only; the dictionary index is binary-searched per lookup, and a term's
/// postings pages are verified when a query first reads them.
/// </summary>
/// <remarks>Thread-safe for concurrent searches. Does not own the payload.</remarks>
public sealed unsafe partial class PersistedLexicalPart : ILexicalPart
{
    private readonly IndexPayload _payload;
    private readonly long _framesOffset;
    private readonly long _lengthsOffset;
    private readonly long _indexOffset;
    private readonly long _dictionaryOffset;
    private readonly long _dictionaryLength;
    private readonly long _postingsOffset;
    private readonly long _postingsLength;
    private readonly long _positionsOffset;
    private readonly long _positionsLength;
    private readonly int _blockCount;
    private volatile bool _documentsVerified;

    private PersistedLexicalPart(IndexPayload payload, in Header header)
    {
        _payload = payload;
        DocumentCount = header.Documents;
        TermCount = header.Terms;
        _blockCount = header.Blocks;
        TextStatistics = header.Text;
        TitleStatistics = header.Title;
        _framesOffset = HeaderSize;
        _lengthsOffset = _framesOffset + (long)FrameIdSize * DocumentCount;
        _indexOffset = _lengthsOffset + (long)LengthsSize * DocumentCount;
        _dictionaryOffset = _indexOffset + (long)IndexEntrySize * _blockCount;
        _dictionaryLength = header.DictionaryLength;
        _postingsOffset = _dictionaryOffset + _dictionaryLength;
        _postingsLength = header.PostingsLength;
        _positionsOffset = _postingsOffset + _postingsLength;
        _positionsLength = header.PositionsLength;
    }

    public int DocumentCount { get; }

    /// <summary>Distinct terms over both fields.</summary>
    public int TermCount { get; }

    public FieldStatistics TextStatistics { get; }

    public FieldStatistics TitleStatistics { get; }

    /// <summary>Opens <paramref name="payload"/> (written by <see cref="LexicalIndexWriter"/> or
    /// <see cref="LexicalIndexMerger"/>) in O(1): only the header is read.</summary>
    /// <exception cref="FormatViolation">The header is not a lexical index header this version reads, fails
    /// its checksum, or its section lengths do not add up to the payload's length.</exception>
    public static PersistedLexicalPart Open(IndexPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length < HeaderSize)
            FormatViolation.Throw($"lexical index: the payload has {payload.Length} bytes, fewer than its {HeaderSize}-byte header");
        var header = Header.Read(payload.Span(0, HeaderSize), payload.Length);
        return new PersistedLexicalPart(payload, header);
    }

    public ulong FrameId(int doc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(doc);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(doc, DocumentCount);
        return Documents.FrameId(doc);
    }

    public int DocumentFrequency(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return ((ILexicalPart)this).FindTerm(term).DocumentFrequency;
    }

    DocTable ILexicalPart.Documents => Documents;

    private DocTable Documents
    {
        get
        {
            if (!_documentsVerified)
            {
                _payload.EnsureVerified(_framesOffset, (long)(FrameIdSize + LengthsSize) * DocumentCount);
                _documentsVerified = true;
            }
            return DocTable.FromVerifiedPointers(_payload.Pointer + _framesOffset, _payload.Pointer + _lengthsOffset, DocumentCount);
        }
    }

    [MethodImpl(HotPath.Optimize)]
    void ILexicalPart.Open(in TermHandle term, PostingsCursor cursor, bool positions)
    {
        long postingsAt = _postingsOffset + term.PostingsOffset;
        _payload.EnsureVerified(postingsAt, term.PostingsLength);
        byte* postings = _payload.Pointer + postingsAt;
        var skip = new ReadOnlySpan<byte>(postings, term.SkipLength);
        var blocks = cursor.PrepareBlocks(BlockInfo.CountFor(term.DocumentFrequency));
        int at = 0, lastDoc = -1;
        long postingsEnd = 0, positionsEnd = 0;
        for (int b = 0; b < blocks.Length; b++)
        {
            lastDoc += (int)Math.Min(Varint.Read(skip, ref at), (uint)DocumentCount + 1);
            postingsEnd += Varint.Read(skip, ref at);
            positionsEnd += Varint.Read(skip, ref at);
            if (postingsEnd > int.MaxValue || positionsEnd > int.MaxValue || lastDoc > DocumentCount)
                FormatViolation.Throw($"lexical index: skip entry {b} of a term points past its section");
            blocks[b] = new BlockInfo(lastDoc, (int)postingsEnd, (int)positionsEnd,
                ReadInt(skip, ref at), ReadInt(skip, ref at), ReadInt(skip, ref at), ReadInt(skip, ref at));
        }
        if (at != skip.Length)
            FormatViolation.Throw($"lexical index: a term's skip entries take {at} of the {skip.Length} bytes its dictionary entry gives");

        var data = ByteSource.FromVerifiedPointer(postings + term.SkipLength, term.PostingsLength - term.SkipLength);
        ByteSource positionBytes = default;
        if (positions)
        {
            long positionsAt = _positionsOffset + term.PositionsOffset;
            _payload.EnsureVerified(positionsAt, term.PositionsLength);
            positionBytes = ByteSource.FromVerifiedPointer(_payload.Pointer + positionsAt, term.PositionsLength);
        }
        cursor.Reset(term.DocumentFrequency, DocumentCount, data, positionBytes, FieldMask.Both);

        static int ReadInt(ReadOnlySpan<byte> skip, ref int at) => Varint.ReadBounded(skip, ref at, int.MaxValue, "skip entry value");
    }

    /// <summary>The fields of a header, read into locals and validated before a part is built on them.</summary>
    private readonly record struct Header(int Documents, int Terms, int Blocks, FieldStatistics Text, FieldStatistics Title,
        long DictionaryLength, long PostingsLength, long PositionsLength)
    {
        public static Header Read(ReadOnlySpan<byte> bytes, long payloadLength)
        {
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes[MagicOffset..]);
            if (magic != Magic)
                FormatViolation.Throw($"lexical index: magic 0x{magic:X8} is not 0x{Magic:X8} (\"CLXP\")");
            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[VersionOffset..]);
            if (version != FormatVersion)
                FormatViolation.Throw($"lexical index: version {version} is not supported (this build reads {FormatVersion})");
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[HeaderCrcOffset..]);
            if (crc != Crc32C.Compute(bytes[..HeaderCrcOffset]))
                FormatViolation.Throw($"lexical index: header checksum 0x{crc:X8} does not match its bytes");
            if (BinaryPrimitives.ReadUInt16LittleEndian(bytes[TermsPerBlockOffset..]) != TermsPerBlock
                || BinaryPrimitives.ReadUInt32LittleEndian(bytes[Reserved1Offset..]) != 0
                || BinaryPrimitives.ReadUInt32LittleEndian(bytes[Reserved2Offset..]) != 0)
                FormatViolation.Throw($"lexical index: terms per block is not {TermsPerBlock} or a reserved field is not 0");

            uint documents = BinaryPrimitives.ReadUInt32LittleEndian(bytes[DocumentCountOffset..]);
            uint terms = BinaryPrimitives.ReadUInt32LittleEndian(bytes[TermCountOffset..]);
            uint blocks = BinaryPrimitives.ReadUInt32LittleEndian(bytes[BlockCountOffset..]);
            uint textDocuments = BinaryPrimitives.ReadUInt32LittleEndian(bytes[TextDocumentsOffset..]);
            uint titleDocuments = BinaryPrimitives.ReadUInt32LittleEndian(bytes[TitleDocumentsOffset..]);
            ulong textTotal = BinaryPrimitives.ReadUInt64LittleEndian(bytes[TextTotalOffset..]);
            ulong titleTotal = BinaryPrimitives.ReadUInt64LittleEndian(bytes[TitleTotalOffset..]);
            ulong dictionary = BinaryPrimitives.ReadUInt64LittleEndian(bytes[DictionaryLengthOffset..]);
            ulong postings = BinaryPrimitives.ReadUInt64LittleEndian(bytes[PostingsLengthOffset..]);
            ulong positions = BinaryPrimitives.ReadUInt64LittleEndian(bytes[PositionsLengthOffset..]);

            // Each length is below the payload's, so the sum cannot overflow before it is compared.
            ulong limit = (ulong)payloadLength;
            if (documents >= int.MaxValue || terms >= int.MaxValue || blocks != (terms + TermsPerBlock - 1) / TermsPerBlock
                || textDocuments > documents || titleDocuments > documents || textTotal > limit * 256 || titleTotal > limit * 256
                || dictionary > limit || postings > limit || positions > limit)
                FormatViolation.Throw($"lexical index: header counts are inconsistent ({documents} documents, {terms} terms, {blocks} dictionary blocks)");
            ulong total = HeaderSize + (ulong)(FrameIdSize + LengthsSize) * documents + (ulong)IndexEntrySize * blocks + dictionary + postings + positions;
            if (total != limit)
                FormatViolation.Throw($"lexical index: the header's sections add up to {total} bytes, the payload has {limit}");
            if (terms > dictionary || (terms > 0 && (documents == 0 || postings == 0 || positions == 0)))
                FormatViolation.Throw($"lexical index: {terms} terms do not fit {dictionary} dictionary, {postings} postings and {positions} positions bytes");
            return new Header((int)documents, (int)terms, (int)blocks, new FieldStatistics(textDocuments, (long)textTotal),
                new FieldStatistics(titleDocuments, (long)titleTotal), (long)dictionary, (long)postings, (long)positions);
        }
    }
}
