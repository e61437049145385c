using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Capsule.Format;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Ranking;
using static Capsule.Indexing.Lexical.Persisted.LexicalPayloadLayout;

namespace Capsule.Indexing.Lexical.Persisted;

/// <summary>
/// Encodes the union of ascending, disjoint parts as one payload: documents concatenated (ordinals
/// shifted by the documents before each part), terms merged in UTF-8 byte order, each term's postings
/// re-blocked through one <see cref="BuilderTerm"/> so block boundaries depend only on the merged list.
/// A builder's term that no other part holds, in the first part, is copied as it is: its bytes are
/// what re-blocking would produce.
/// </summary>
internal static class PayloadEncoder
{
    public static byte[] Encode(IReadOnlyList<ILexicalPart> parts) => Encode(parts, Environment.ProcessorCount > 1);

    /// <summary><see cref="Encode(IReadOnlyList{ILexicalPart})"/>, on one thread unless <paramref name="parallel"/> (tests compare the two).</summary>
    [MethodImpl(HotPath.Optimize)]
    public static byte[] Encode(IReadOnlyList<ILexicalPart> parts, bool parallel)
    {
        var tables = new DocTable[parts.Count];
        var bases = new int[parts.Count];
        long documents = 0;
        FieldStatistics text = default, title = default;
        for (int p = 0; p < parts.Count; p++)
        {
            tables[p] = parts[p].Documents;
            bases[p] = checked((int)documents);
            documents += tables[p].Count;
            text += parts[p].TextStatistics;
            title += parts[p].TitleStatistics;
        }
        if (documents >= int.MaxValue)
            throw new ArgumentException($"{documents} documents exceed one part's limit of 2^31 − 2.", nameof(parts));

        int n = (int)documents;
        var frames = new ulong[n];
        var lengths = new int[2 * n];
        for (int p = 0; p < parts.Count; p++)
        {
            for (int d = 0; d < tables[p].Count; d++)
            {
                int doc = bases[p] + d;
                frames[doc] = tables[p].FrameId(d);
                if (d > 0 && frames[doc] <= frames[doc - 1])
                    FormatViolation.Throw($"lexical index: frame ids of part {p} do not ascend ({frames[doc]} follows {frames[doc - 1]})");
                if (doc > 0 && frames[doc] <= frames[doc - 1])
                    throw new ArgumentException($"Frame ids must ascend across parts: {frames[doc]} follows {frames[doc - 1]}.", nameof(parts));
                lengths[2 * doc] = tables[p].TextLength(d);
                lengths[2 * doc + 1] = tables[p].TitleLength(d);
            }
        }

        // Terms are encoded in two ranges at once when there are enough of them (a bulk seal merges the parts
        // it built on every core, and this merge would otherwise be its one serial step). The split falls on
        // a dictionary block boundary, so the second range's bytes are what one pass would write after the
        // first's, once its block offsets are shifted (Sections.Assemble).
        var terms = MergedTerms(parts);
        int split = parallel && terms.Count >= ParallelTerms ? terms.Count / 2 / TermsPerBlock * TermsPerBlock : terms.Count;
        if (split == terms.Count)
        {
            var sections = Sections.SizedFor(terms, 0, terms.Count);
            EncodeTerms(parts, bases, lengths, terms, 0, terms.Count, sections);
            return Sections.Assemble([sections], n, frames, lengths, text, title);
        }
        var (head, rest) = (Sections.SizedFor(terms, 0, split), Sections.SizedFor(terms, split, terms.Count));
        // The second range on a thread-pool worker, the first on this one (Parallel.Invoke, used before, loaded
        // a dozen more types at the first seal and wrapped a range's exception in an AggregateException).
        SideBySide.Run([
            () => EncodeTerms(parts, bases, lengths, terms, 0, split, head),
            () => EncodeTerms(parts, bases, lengths, terms, split, terms.Count, rest)], ownThreads: false);
        return Sections.Assemble([head, rest], n, frames, lengths, text, title);
    }

    /// <summary>Below this many distinct terms the merge runs on one thread.</summary>
    private const int ParallelTerms = 4096;

    /// <summary>Appends merged terms [<paramref name="from"/>, <paramref name="to"/>) to <paramref name="sections"/>.</summary>
    [MethodImpl(HotPath.Optimize)]
    private static void EncodeTerms(IReadOnlyList<ILexicalPart> parts, int[] bases, int[] lengths,
        List<(byte[] Utf8, (int Part, TermHandle Term)[] Sources)> terms, int from, int to, Sections sections)
    {
        var scratch = new BuilderTerm(string.Empty);
        var cursor = new PostingsCursor();
        var blocks = new BlockInfo[4];
        for (int t = from; t < to; t++)
        {
            var (utf8, sources) = terms[t];
            // A builder's term alone in the first part is already in the persisted block format, with the
            // block boundaries a re-blocking would draw (same postings, same ordinals): copy its bytes
            // instead of decoding and re-encoding them (the writer's whole cost for a single builder).
            if (sources.Length == 1 && bases[sources[0].Part] == 0 && sources[0].Term.Entry is BuilderTerm own)
            {
                if (blocks.Length < own.BlockCount)
                    blocks = new BlockInfo[own.BlockCount * 2];
                own.CopyBlocks(blocks);
                sections.AddTerm(utf8, own, blocks.AsSpan(0, own.BlockCount));
                continue;
            }
            scratch.Clear();
            int first = 0;
            if (bases[sources[0].Part] == 0 && sources[0].Term.Entry is BuilderTerm start)
            {
                // The first part's postings need no shift: continue from its encoded state.
                scratch.CopyFrom(start);
                first = 1;
            }
            foreach (var (p, handle) in sources.AsSpan(first))
            {
                parts[p].Open(handle, cursor, positions: true);
                while (cursor.NextDoc() != PostingsCursor.Exhausted)
                {
                    int doc = bases[p] + cursor.Doc;
                    scratch.Append(doc, cursor.TfText, cursor.TfTitle, cursor.CurrentPositionBytes(), lengths[2 * doc], lengths[2 * doc + 1]);
                }
            }
            if (blocks.Length < scratch.BlockCount)
                blocks = new BlockInfo[scratch.BlockCount * 2];
            scratch.CopyBlocks(blocks);
            sections.AddTerm(utf8, scratch, blocks.AsSpan(0, scratch.BlockCount));
                }
    }

    /// <summary>Each distinct term once, ascending, with the parts (in order) that hold it.</summary>
    private static List<(byte[] Utf8, (int Part, TermHandle Term)[] Sources)> MergedTerms(IReadOnlyList<ILexicalPart> parts)
    {
        var cursors = new IEnumerator<(byte[] Utf8, TermHandle Term)>[parts.Count];
        for (int p = 0; p < parts.Count; p++)
            cursors[p] = parts[p].TermsInOrder().GetEnumerator();
        var live = new bool[parts.Count];
        for (int p = 0; p < parts.Count; p++)
            live[p] = cursors[p].MoveNext();
        var merged = new List<(byte[] Utf8, (int Part, TermHandle Term)[] Sources)>();
        var sources = new List<(int Part, TermHandle Term)>();
        while (true)
        {
            byte[]? least = null;
            for (int p = 0; p < parts.Count; p++)
            {
                if (live[p] && (least is null || cursors[p].Current.Utf8.AsSpan().SequenceCompareTo(least) < 0))
                    least = cursors[p].Current.Utf8;
            }
            if (least is null)
                return merged;
            sources.Clear();
            for (int p = 0; p < parts.Count; p++)
            {
                if (live[p] && cursors[p].Current.Utf8.AsSpan().SequenceEqual(least))
                {
                    sources.Add((p, cursors[p].Current.Term));
                    live[p] = cursors[p].MoveNext();
                }
            }
            merged.Add((least, sources.ToArray()));
        }
    }

    /// <summary>
    /// The dictionary, its index, postings and positions of a range of terms, appended term by term. Sized up
    /// front from what the terms' sources hold (<see cref="SizedFor"/>): grown by doubling from a few KB, the
    /// four sections of a bulk seal allocated about four times the payload, most of it on the large object heap,
    /// where it brought forward a full collection in the middle of the seal.
    /// </summary>
    private sealed class Sections(int dictionary, int postings, int positions)
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
        public static Sections SizedFor(List<(byte[] Utf8, (int Part, TermHandle Term)[] Sources)> terms, int from, int to)
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
            return new Sections(Capacity(dictionary), Capacity(postings + postings / 16), Capacity(positions));
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
        /// dictionary-block entries are shifted by the sections before it. Every range but the last must end on
        /// a block boundary (a whole number of <see cref="TermsPerBlock"/> terms), so the next range's first term
        /// opens a block, as it would have in one pass.
        /// </summary>
        [MethodImpl(HotPath.Optimize)]
        public static byte[] Assemble(ReadOnlySpan<Sections> ranges, int documents, ulong[] frames, int[] lengths, FieldStatistics text, FieldStatistics title)
        {
            long index = 0, dictionary = 0, postings = 0, positions = 0, terms = 0;
            for (int r = 0; r < ranges.Length; r++)
            {
                var range = ranges[r];
                if (r < ranges.Length - 1 && range._terms % TermsPerBlock != 0)
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
}
