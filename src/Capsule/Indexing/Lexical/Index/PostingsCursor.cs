using System.Runtime.CompilerServices;
using Capsule.Format;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>Which fields of a posting count as a match for a cursor.</summary>
[Flags]
internal enum FieldMask : byte
{
    Text = 1,
    Title = 2,
    Both = Text | Title,
}

/// <summary>
/// Reads one term's postings of one part, a block of up to <see cref="BlockInfo.Size"/> at a time: the
/// skip entries come first (<see cref="Blocks"/>), a block is decoded only when a document in it is
/// needed, positions only when asked for. Reused across terms and queries (<see cref="Reset"/>), so a
/// search allocates no decode buffers once its cursors exist.
/// </summary>
/// <remarks>
/// Block data, per posting: <c>varint((gap &lt;&lt; 1) | hasTitle)</c>, <c>varint(tfText)</c>, and
/// <c>varint(tfTitle)</c> when hasTitle, where gap = doc − previous doc − 1 (previous is −1 before a
/// term's first posting). Positions, per posting: tfText text positions then tfTitle title positions,
/// each run as ascending deltas from 0. Every decoded value is checked (ordinals ascending and below the
/// part's document count, blocks ending where their skip entry says), so corrupt bytes raise
/// <see cref="FormatViolation"/>.
/// </remarks>
internal sealed class PostingsCursor
{
    /// <summary><see cref="Doc"/> after the last posting.</summary>
    public const int Exhausted = int.MaxValue;

    /// <summary>Largest term frequency accepted from bytes (far above any real document).</summary>
    public const int MaxFrequency = 1 << 26;

    private readonly int[] _docs = new int[BlockInfo.Size];
    private readonly int[] _tfText = new int[BlockInfo.Size];
    private readonly int[] _tfTitle = new int[BlockInfo.Size];
    private BlockInfo[] _blocks = new BlockInfo[4];
    private int _blockCount;
    private int _documentFrequency;
    private int _partDocuments;
    private ByteSource _postings;
    private ByteSource _positions;
    private FieldMask _mask;
    private int _block;
    private int _index;
    private int _count;
    private int _shallow;
    private int _positionIndex;
    private int _positionOffset;

    /// <summary>The current document ordinal: −1 before the first <see cref="NextDoc"/>, <see cref="Exhausted"/> after the last.</summary>
    public int Doc { get; private set; }

    public int DocumentFrequency => _documentFrequency;

    public ReadOnlySpan<BlockInfo> Blocks => _blocks.AsSpan(0, _blockCount);

    /// <summary>Text-field frequency of the current posting.</summary>
    public int TfText => _tfText[_index];

    /// <summary>Title-field frequency of the current posting.</summary>
    public int TfTitle => _tfTitle[_index];

    /// <summary>The last document of block <paramref name="block"/> (0 ≤ block &lt; the block count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BlockLastDoc(int block) => _blocks[block].LastDoc;

    /// <summary>The block the current posting is in.</summary>
    public int Block => _block;

    /// <summary>Room for <paramref name="count"/> skip entries, which the part fills before <see cref="Reset"/>.</summary>
    public Span<BlockInfo> PrepareBlocks(int count)
    {
        if (_blocks.Length < count)
            _blocks = new BlockInfo[Math.Max(count, _blocks.Length * 2)];
        _blockCount = count;
        return _blocks.AsSpan(0, count);
    }

    /// <summary>Starts reading a term whose skip entries were written by <see cref="PrepareBlocks"/>.</summary>
    /// <exception cref="FormatViolation">The skip entries contradict the term's statistics or byte lengths.</exception>
    [MethodImpl(HotPath.Optimize)]
    public void Reset(int documentFrequency, int partDocuments, ByteSource postings, ByteSource positions, FieldMask mask)
    {
        _documentFrequency = documentFrequency;
        _partDocuments = partDocuments;
        _postings = postings;
        _positions = positions;
        _mask = mask;
        _block = -1;
        _index = 0;
        _count = 0;
        _shallow = 0;
        Doc = -1;
        Validate();
    }

    [MethodImpl(HotPath.Optimize)]
    private void Validate()
    {
        if (_documentFrequency <= 0 || _documentFrequency > _partDocuments || _blockCount != BlockInfo.CountFor(_documentFrequency))
            FormatViolation.Throw($"lexical index: a term with {_documentFrequency} documents of {_partDocuments} has {_blockCount} blocks");
        int lastDoc = -1, postingsEnd = 0, positionsEnd = 0;
        for (int b = 0; b < _blockCount; b++)
        {
            ref readonly var block = ref _blocks[b];
            int docs = b == _blockCount - 1 ? _documentFrequency - b * BlockInfo.Size : BlockInfo.Size;
            // Ordinals rise by at least one per posting, so a block of n ends n − 1 or more past its start.
            if (block.LastDoc < lastDoc + docs || block.LastDoc >= _partDocuments
                || block.PostingsEnd <= postingsEnd || block.PositionsEnd < positionsEnd
                || (uint)block.MaxTfText > MaxFrequency || (uint)block.MaxTfTitle > MaxFrequency
                || block.MinLenText < 0 || block.MinLenTitle < 0)
                FormatViolation.Throw($"lexical index: skip entry {b} of a term is inconsistent with the previous one ({block})");
            (lastDoc, postingsEnd, positionsEnd) = (block.LastDoc, block.PostingsEnd, block.PositionsEnd);
        }
        if (postingsEnd != _postings.Length)
            FormatViolation.Throw($"lexical index: a term's blocks end at byte {postingsEnd} of its {_postings.Length} postings bytes");
        if (_positions.Length != 0 && positionsEnd != _positions.Length)
            FormatViolation.Throw($"lexical index: a term's blocks end at byte {positionsEnd} of its {_positions.Length} positions bytes");
    }

    /// <summary>Restricts matches to postings with the term in a field of <paramref name="mask"/> (before the first move).</summary>
    public void SetMask(FieldMask mask) => _mask = mask;

    /// <summary>Moves to the next posting that has the term in a field of the mask.</summary>
    [MethodImpl(HotPath.Optimize)]
    public int NextDoc()
    {
        while (true)
        {
            if (++_index >= _count)
            {
                if (_block + 1 >= _blockCount)
                    return Doc = Exhausted;
                Decode(_block + 1);
            }
            if (Matches())
                return Doc = _docs[_index];
        }
    }

    /// <summary>Moves to the first matching posting at or after <paramref name="target"/>.</summary>
    [MethodImpl(HotPath.Optimize)]
    public int Advance(int target)
    {
        if (target <= Doc)
            return Doc;
        int block = Math.Max(_block, 0);
        while (block < _blockCount && _blocks[block].LastDoc < target)
            block++;
        if (block == _blockCount)
            return Doc = Exhausted;
        if (block != _block)
            Decode(block);
        else
            _index++;
        while (_docs[_index] < target)
            _index++; // the block's last doc is ≥ target, so this stops inside the block
        _index--;
        return NextDoc();
    }

    /// <summary>The block that would hold <paramref name="target"/>, without decoding it; −1 past the last.
    /// Targets must not decrease between <see cref="Reset"/>s.</summary>
    [MethodImpl(HotPath.Optimize)]
    public int BlockFor(int target)
    {
        while (_shallow < _blockCount && _blocks[_shallow].LastDoc < target)
            _shallow++;
        return _shallow < _blockCount ? _shallow : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Matches() => _mask switch
    {
        FieldMask.Both => true,
        FieldMask.Text => _tfText[_index] > 0,
        _ => _tfTitle[_index] > 0,
    };

    [MethodImpl(HotPath.Optimize)]
    private void Decode(int block)
    {
        int start = block == 0 ? 0 : _blocks[block - 1].PostingsEnd;
        ReadOnlySpan<byte> bytes = _postings.Span[start.._blocks[block].PostingsEnd];
        int count = block == _blockCount - 1 ? _documentFrequency - block * BlockInfo.Size : BlockInfo.Size;
        int previous = block == 0 ? -1 : _blocks[block - 1].LastDoc;
        int last = _blocks[block].LastDoc;
        int position = 0;
        for (int i = 0; i < count; i++)
        {
            uint head = Varint.Read(bytes, ref position);
            uint gap = head >> 1;
            if (gap >= (uint)(last - previous))
                FormatViolation.Throw($"lexical index: posting {i} of block {block} jumps past the block's last document {last}");
            previous += (int)gap + 1;
            _docs[i] = previous;
            int text = Varint.ReadBounded(bytes, ref position, MaxFrequency, "term frequency");
            int title = (head & 1) != 0 ? Varint.ReadBounded(bytes, ref position, MaxFrequency, "title term frequency") : 0;
            if (text + title == 0 || ((head & 1) != 0 && title == 0))
                FormatViolation.Throw($"lexical index: posting {i} of block {block} has no occurrence");
            _tfText[i] = text;
            _tfTitle[i] = title;
        }
        if (previous != last || position != bytes.Length)
            FormatViolation.Throw($"lexical index: block {block} of a term does not end as its skip entry says");
        _block = block;
        _count = count;
        _index = 0;
        _positionIndex = 0;
        _positionOffset = block == 0 ? 0 : _blocks[block - 1].PositionsEnd;
    }

    /// <summary>The encoded positions of the current posting (for copying while merging).</summary>
    public ReadOnlySpan<byte> CurrentPositionBytes()
    {
        SeekPositions();
        ReadOnlySpan<byte> positions = _positions.Span;
        int start = _positionOffset, end = start;
        for (int i = TfText + TfTitle; i > 0; i--)
            Varint.Skip(positions, ref end);
        return positions[start..end];
    }

    /// <summary>Decodes the current posting's positions into <paramref name="text"/> (TfText values) and
    /// <paramref name="title"/> (TfTitle values).</summary>
    public void ReadPositions(Span<int> text, Span<int> title)
    {
        SeekPositions();
        ReadOnlySpan<byte> positions = _positions.Span;
        int offset = _positionOffset;
        ReadRun(positions, ref offset, text[..TfText]);
        ReadRun(positions, ref offset, title[..TfTitle]);
    }

    private static void ReadRun(ReadOnlySpan<byte> positions, ref int offset, Span<int> into)
    {
        long value = 0;
        for (int i = 0; i < into.Length; i++)
        {
            value += Varint.Read(positions, ref offset);
            if (value > int.MaxValue)
                FormatViolation.Throw("lexical index: a position exceeds 2^31");
            into[i] = (int)value;
        }
    }

    /// <summary>Moves the positions offset to the current posting, skipping earlier postings of the block.</summary>
    private void SeekPositions()
    {
        if (_positions.Length == 0)
            FormatViolation.Throw("lexical index: positions were not opened for this term");
        ReadOnlySpan<byte> positions = _positions.Span;
        int blockEnd = _blocks[_block].PositionsEnd;
        while (_positionIndex < _index)
        {
            for (int i = _tfText[_positionIndex] + _tfTitle[_positionIndex]; i > 0; i--)
                Varint.Skip(positions[..blockEnd], ref _positionOffset);
            _positionIndex++;
        }
    }
}
