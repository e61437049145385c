using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Capsule.Format;
using Capsule.Indexing.Lexical.Index;
using static Capsule.Indexing.Lexical.Persisted.LexicalPayloadLayout;

namespace Capsule.Indexing.Lexical.Persisted;

public sealed unsafe partial class PersistedLexicalPart
{
    /// <summary>Binary search over the blocks' first terms, then a scan of at most
    /// <see cref="LexicalPayloadLayout.TermsPerBlock"/> front-coded entries. The key and term buffers are
    /// written before they are read, so they skip zero-initialization (4 KiB per lookup).</summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    [MethodImpl(HotPath.Optimize)]
    TermHandle ILexicalPart.FindTerm(string term)
    {
        if (TermCount == 0 || term.Length > MaxTermBytes)
            return default;
        Span<byte> key = stackalloc byte[3 * MaxTermBytes];
        int keyLength = Encoding.UTF8.GetBytes(term, key);
        if (keyLength > MaxTermBytes)
            return default;
        key = key[..keyLength];

        int low = 0, high = _blockCount - 1;
        Span<byte> scratch = stackalloc byte[MaxTermBytes];
        while (low < high)
        {
            int middle = (low + high + 1) >>> 1;
            var reader = BlockReader(middle, scratch);
            reader.MoveNext();
            if (reader.Term.SequenceCompareTo(key) <= 0)
                low = middle;
            else
                high = middle - 1;
        }
        var block = BlockReader(low, scratch);
        while (block.MoveNext())
        {
            int order = block.Term.SequenceCompareTo(key);
            if (order == 0)
                return block.Handle;
            if (order > 0)
                break;
        }
        return default;
    }

    IEnumerable<(byte[] Utf8, TermHandle Term)> ILexicalPart.TermsInOrder()
    {
        var terms = new List<(byte[], TermHandle)>(TermsPerBlock);
        byte[] previous = [];
        for (int b = 0; b < _blockCount; b++)
        {
            CollectBlock(b, terms, ref previous);
            foreach (var entry in terms)
                yield return entry;
        }
    }

    private void CollectBlock(int block, List<(byte[], TermHandle)> into, ref byte[] previous)
    {
        into.Clear();
        var reader = BlockReader(block, stackalloc byte[MaxTermBytes]);
        while (reader.MoveNext())
        {
            if (reader.Term.SequenceCompareTo(previous) <= 0 && (block > 0 || into.Count > 0))
                FormatViolation.Throw($"lexical index: dictionary terms are not in ascending order in block {block}");
            previous = reader.Term.ToArray();
            into.Add((previous, reader.Handle));
        }
        reader.CheckEnd();
    }

    [MethodImpl(HotPath.Optimize)]
    private DictionaryBlockReader BlockReader(int block, Span<byte> scratch)
    {
        var entry = _payload.Span(_indexOffset + (long)IndexEntrySize * block, IndexEntrySize);
        long start = BinaryPrimitives.ReadUInt32LittleEndian(entry[IndexDictionaryOffset..]);
        long end = block + 1 < _blockCount
            ? BinaryPrimitives.ReadUInt32LittleEndian(_payload.Span(_indexOffset + (long)IndexEntrySize * (block + 1), 4))
            : _dictionaryLength;
        ulong postings = BinaryPrimitives.ReadUInt64LittleEndian(entry[IndexPostingsOffset..]);
        ulong positions = BinaryPrimitives.ReadUInt64LittleEndian(entry[IndexPositionsOffset..]);
        if (start >= end || end > _dictionaryLength || postings >= (ulong)_postingsLength || positions >= (ulong)_positionsLength)
            FormatViolation.Throw($"lexical index: dictionary index entry {block} points outside its sections");
        int count = Math.Min(TermsPerBlock, TermCount - block * TermsPerBlock);
        return new DictionaryBlockReader(_payload.Span(_dictionaryOffset + start, (int)(end - start)), scratch, count,
            (long)postings, (long)positions, _postingsLength, _positionsLength, DocumentCount);
    }

    /// <summary>Decodes the front-coded entries of one dictionary block, accumulating postings and positions offsets.</summary>
    private ref struct DictionaryBlockReader(ReadOnlySpan<byte> bytes, Span<byte> term, int count, long postings, long positions,
        long postingsLimit, long positionsLimit, int documents)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private readonly Span<byte> _term = term;
        private int _at;
        private int _length;
        private int _read;
        private long _postings = postings;
        private long _positions = positions;

        public readonly ReadOnlySpan<byte> Term => _term[.._length];

        public TermHandle Handle { get; private set; }

        [MethodImpl(HotPath.Optimize)]
        public bool MoveNext()
        {
            if (_read == count)
                return false;
            int prefix = Varint.ReadBounded(_bytes, ref _at, _read == 0 ? 0 : _length, "dictionary prefix length");
            int suffix = Varint.ReadBounded(_bytes, ref _at, Math.Min(MaxTermBytes - prefix, _bytes.Length - _at), "dictionary suffix length");
            _bytes.Slice(_at, suffix).CopyTo(_term[prefix..]);
            _at += suffix;
            _length = prefix + suffix;
            int df = Varint.ReadBounded(_bytes, ref _at, documents, "document frequency");
            int skip = Varint.ReadBounded(_bytes, ref _at, int.MaxValue, "skip length");
            int postingsLength = Varint.ReadBounded(_bytes, ref _at, int.MaxValue, "postings length");
            int positionsLength = Varint.ReadBounded(_bytes, ref _at, int.MaxValue, "positions length");
            if (df == 0 || skip == 0 || skip >= postingsLength || positionsLength == 0
                || postingsLength > postingsLimit - _postings || positionsLength > positionsLimit - _positions)
                FormatViolation.Throw($"lexical index: dictionary entry {_read} of a block is inconsistent (df {df}, postings {postingsLength} bytes at {_postings})");
            Handle = new TermHandle(df, null, _postings, skip, postingsLength, _positions, positionsLength);
            _postings += postingsLength;
            _positions += positionsLength;
            _read++;
            return true;
        }

        public readonly void CheckEnd()
        {
            if (_at != _bytes.Length)
                FormatViolation.Throw($"lexical index: a dictionary block has {_bytes.Length - _at} bytes after its last entry");
        }
    }
}
