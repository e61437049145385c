using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Capsule.Format;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Ranking;
using static Capsule.Indexing.Lexical.Persisted.LexicalPayloadLayout;

namespace Capsule.Indexing.Lexical.Persisted;

/// <summary>
/// The dictionary, its index, postings and positions of a range of terms, appended term by term. Sized up
/// front from what the terms' sources hold (the <c>SizedFor</c> methods): grown by doubling from a few KB, the
/// four sections of a bulk seal allocated about four times the payload, most of it on the large object heap,
/// where it brought forward a full collection in the middle of the seal.
/// </summary>
internal sealed class PayloadSections(int dictionary, int postings, int positions)
{
    private readonly ByteWriter _index = new();
    private readonly ByteWriter _dictionary = new(dictionary);
    private readonly ByteWriter _postings = new(postings);
    private readonly ByteWriter _positions = new(positions);
    private byte[] _previous = [];
    private int _terms;

    /// <summary>
    /// Sections for terms [<paramref name="from"/>, <paramref name="to"/>), with room for what their sources
    /// hold: positions are copied as they are, and postings are re-blocked (doc deltas, skip entries), so a
    /// little slack covers them; a rare shortfall grows a section once.
    /// </summary>
    public static PayloadSections SizedFor(List<(byte[] Utf8, (int Part, TermHandle Term)[] Sources)> terms, int from, int to)
    {
        long dictionary = 0, postings = 0, positions = 0;
        for (int t = from; t < to; t++)
        {
            var (utf8, sources) = terms[t];
            dictionary += utf8.Length + DictionaryEntryVarints;
            foreach (var (_, handle) in sources)
            {
                if (handle.Entry is BuilderTerm built)
                {
                    postings += built.Postings.Length + built.BlockCount * SkipEntryBytes;
                    positions += built.Positions.Length;
                }
                else
                {
                    postings += handle.PostingsLength;
                    positions += handle.PositionsLength;
                }
            }
        }
        return new PayloadSections(Capacity(dictionary), Capacity(postings + postings / 16), Capacity(positions));
    }

    /// <summary>
    /// Sections for terms with UTF-8 <paramref name="keys"/>, in the order they will be added, that hold
    /// <paramref name="tokens"/> tokens and <paramref name="documentFrequency"/> postings each: a posting takes about
    /// three bytes (document gap, one or two frequencies), a position one, two in long documents.
    /// </summary>
    public static PayloadSections SizedFor(ReadOnlySpan<byte[]> keys, long tokens, ReadOnlySpan<int> documentFrequency)
    {
        long dictionary = 0, postings = 0;
        for (int t = 0; t < keys.Length; t++)
        {
            dictionary += keys[t].Length + DictionaryEntryVarints;
            postings += 3L * documentFrequency[t] + BlockInfo.CountFor(documentFrequency[t]) * SkipEntryBytes;
        }
        return new PayloadSections(Capacity(dictionary), Capacity(postings), Capacity(tokens + tokens / 4));
    }

    private BlockInfo[] _blocks = [];

    /// <summary>
    /// Appends a built term as it stands: its postings are already in the persisted block format, with the
    /// block boundaries one sequential build draws, so they are copied rather than re-blocked.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    public void AddBuilt(byte[] utf8, BuilderTerm term)
    {
        if (_blocks.Length < term.BlockCount)
            _blocks = new BlockInfo[Math.Max(term.BlockCount, 2 * _blocks.Length)];
        var blocks = _blocks.AsSpan(0, term.BlockCount);
        term.CopyBlocks(blocks);
        AddTerm(utf8, term, blocks);
    }

    /// <summary>Bytes of an entry's varints besides its suffix (prefix, suffix length, df, skip, two lengths): a generous average.</summary>
    private const int DictionaryEntryVarints = 10;

    /// <summary>A skip entry's seven varints: a generous average.</summary>
    private const int SkipEntryBytes = 12;

    private static int Capacity(long bytes) => (int)Math.Min(bytes + 64, Array.MaxLength / 2);

    [MethodImpl(HotPath.Optimize)]
    public void AddTerm(byte[] utf8, BuilderTerm term, ReadOnlySpan<BlockInfo> blocks)
    {
        if (_terms % TermsPerBlock == 0)
        {
            _index.U32((uint)_dictionary.Length);
            _index.U64((ulong)_postings.Length);
            _index.U64((ulong)_positions.Length);
            _previous = [];
        }
        _terms++;

        int skipStart = _postings.Length;
        int lastDoc = -1, postingsEnd = 0, positionsEnd = 0;
        foreach (var block in blocks)
        {
            _postings.VarU64((ulong)(block.LastDoc - lastDoc));
            _postings.VarU64((ulong)(block.PostingsEnd - postingsEnd));
            _postings.VarU64((ulong)(block.PositionsEnd - positionsEnd));
            _postings.VarU64((ulong)block.MaxTfText);
            _postings.VarU64((ulong)block.MinLenText);
            _postings.VarU64((ulong)block.MaxTfTitle);
            _postings.VarU64((ulong)block.MinLenTitle);
            (lastDoc, postingsEnd, positionsEnd) = (block.LastDoc, block.PostingsEnd, block.PositionsEnd);
        }
        int skipLength = _postings.Length - skipStart;
        _postings.Bytes(term.Postings.Span);
        _positions.Bytes(term.Positions.Span);

        int prefix = utf8.AsSpan().CommonPrefixLength(_previous);
        _dictionary.VarU64((ulong)prefix);
        _dictionary.LengthPrefixed(utf8.AsSpan(prefix));
        _dictionary.VarU64((ulong)term.DocumentFrequency);
        _dictionary.VarU64((ulong)skipLength);
        _dictionary.VarU64((ulong)(skipLength + term.Postings.Length));
        _dictionary.VarU64((ulong)term.Positions.Length);
        _previous = utf8;
    }

    /// <summary>
    /// The payload of <paramref name="ranges"/> encoded one after another, as one pass over all their terms
    /// would have written it: each section is the ranges' sections end to end, and each range's
    /// dictionary-block entries are shifted by the sections before it. Every range before the last one holding
    /// terms must end on a block boundary (a whole number of <see cref="TermsPerBlock"/> terms), so the next
    /// range's first term opens a block, as it would have in one pass.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    public static byte[] Assemble(ReadOnlySpan<PayloadSections> ranges, int documents, ulong[] frames, int[] lengths, FieldStatistics text, FieldStatistics title)
    {
        long index = 0, dictionary = 0, postings = 0, positions = 0, terms = 0;
        int last = ranges.Length - 1; // the last range with terms: empty ranges after it add nothing
        while (last > 0 && ranges[last]._terms == 0)
            last--;
        for (int r = 0; r < ranges.Length; r++)
        {
            var range = ranges[r];
            if (r < last && range._terms % TermsPerBlock != 0)
                throw new InvalidOperationException($"{range._terms} terms do not end a dictionary block");
            (index, dictionary, postings, positions, terms) = (index + range._index.Length, dictionary + range._dictionary.Length,
                postings + range._postings.Length, positions + range._positions.Length, terms + range._terms);
        }
        long size = (long)HeaderSize + (FrameIdSize + LengthsSize) * (long)documents + index + dictionary + postings + positions;
        if (size > Array.MaxLength)
            throw new InvalidOperationException($"A lexical index payload of {size} bytes exceeds the largest array.");
        var payload = new byte[size];
        var header = payload.AsSpan(0, HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header[MagicOffset..], Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[VersionOffset..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[TermsPerBlockOffset..], TermsPerBlock);
        BinaryPrimitives.WriteUInt32LittleEndian(header[DocumentCountOffset..], (uint)documents);
        BinaryPrimitives.WriteUInt32LittleEndian(header[TermCountOffset..], (uint)terms);
        BinaryPrimitives.WriteUInt32LittleEndian(header[BlockCountOffset..], (uint)(index / IndexEntrySize));
        BinaryPrimitives.WriteUInt32LittleEndian(header[TextDocumentsOffset..], (uint)text.DocumentCount);
        BinaryPrimitives.WriteUInt32LittleEndian(header[TitleDocumentsOffset..], (uint)title.DocumentCount);
        BinaryPrimitives.WriteUInt64LittleEndian(header[TextTotalOffset..], (ulong)text.TotalLength);
        BinaryPrimitives.WriteUInt64LittleEndian(header[TitleTotalOffset..], (ulong)title.TotalLength);
        BinaryPrimitives.WriteUInt64LittleEndian(header[DictionaryLengthOffset..], (ulong)dictionary);
        BinaryPrimitives.WriteUInt64LittleEndian(header[PostingsLengthOffset..], (ulong)postings);
        BinaryPrimitives.WriteUInt64LittleEndian(header[PositionsLengthOffset..], (ulong)positions);
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderCrcOffset..], Crc32C.Compute(header[..HeaderCrcOffset]));

        int at = HeaderSize;
        foreach (ulong frame in frames)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(at), frame);
            at += FrameIdSize;
        }
        foreach (int length in lengths)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(at), (uint)length);
            at += 4;
        }
        // The index: each range's entries, with offsets shifted by the ranges before it.
        long dictionaryBase = 0, postingsBase = 0, positionsBase = 0;
        foreach (var range in ranges)
        {
            var entries = range._index.WrittenSpan;
            for (int e = 0; e < entries.Length; e += IndexEntrySize, at += IndexEntrySize)
            {
                var entry = payload.AsSpan(at, IndexEntrySize);
                BinaryPrimitives.WriteUInt32LittleEndian(entry, checked((uint)(BinaryPrimitives.ReadUInt32LittleEndian(entries[e..]) + dictionaryBase)));
                BinaryPrimitives.WriteUInt64LittleEndian(entry[4..], BinaryPrimitives.ReadUInt64LittleEndian(entries[(e + 4)..]) + (ulong)postingsBase);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[12..], BinaryPrimitives.ReadUInt64LittleEndian(entries[(e + 12)..]) + (ulong)positionsBase);
            }
            (dictionaryBase, postingsBase, positionsBase) = (dictionaryBase + range._dictionary.Length,
                postingsBase + range._postings.Length, positionsBase + range._positions.Length);
        }
        foreach (var range in ranges) Copy(range._dictionary, payload, ref at);
        foreach (var range in ranges) Copy(range._postings, payload, ref at);
        foreach (var range in ranges) Copy(range._positions, payload, ref at);
        return payload;
    }

    private static void Copy(ByteWriter section, byte[] payload, ref int at)
    {
        section.WrittenSpan.CopyTo(payload.AsSpan(at));
        at += section.Length;
    }
}
