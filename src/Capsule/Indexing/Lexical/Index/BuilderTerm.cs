using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// One term of a <see cref="LexicalIndexBuilder"/>: its postings and positions already encoded as a
/// <see cref="PostingsCursor"/> reads them, and the skip entries of its finished blocks. The open
/// (last, partial) block's entry is derived on demand, so appending costs a few varint writes.
/// </summary>
internal sealed class BuilderTerm
{
    private byte[] _postings = new byte[8];
    private byte[] _positions = new byte[8];
    private BlockInfo[] _blocks = [];
    private int _postingsLength;
    private int _positionsLength;
    private int _finishedBlocks;
    private int _lastDoc = -1;
    private int _blockDocs;
    private int _maxTfText, _minLenText = int.MaxValue, _maxTfTitle, _minLenTitle = int.MaxValue;

    public BuilderTerm(string term) => Term = term;

    /// <summary>The term (empty for the writer's scratch instance).</summary>
    public string Term { get; }

    public int DocumentFrequency { get; private set; }

    public ByteSource Postings => new(_postings, _postingsLength);

    public ByteSource Positions => new(_positions, _positionsLength);

    public int BlockCount => _finishedBlocks + (_blockDocs > 0 ? 1 : 0);

    /// <summary>Appends document <paramref name="doc"/> (greater than every earlier one) with its positions.</summary>
    [MethodImpl(HotPath.Optimize)]
    public void Append(int doc, ReadOnlySpan<int> textPositions, ReadOnlySpan<int> titlePositions, int textLength, int titleLength)
    {
        AppendPosting(doc, textPositions.Length, titlePositions.Length, textLength, titleLength);
        AppendRun(textPositions);
        AppendRun(titlePositions);
        EndPosting();
    }

    /// <summary>Appends a posting whose positions are already encoded (merging).</summary>
    [MethodImpl(HotPath.Optimize)]
    public void Append(int doc, int tfText, int tfTitle, ReadOnlySpan<byte> encodedPositions, int textLength, int titleLength)
    {
        AppendPosting(doc, tfText, tfTitle, textLength, titleLength);
        if (_positionsLength > _positions.Length - encodedPositions.Length)
            Array.Resize(ref _positions, Math.Max(_positions.Length * 2, _positionsLength + encodedPositions.Length));
        encodedPositions.CopyTo(_positions.AsSpan(_positionsLength));
        _positionsLength += encodedPositions.Length;
        EndPosting();
    }

    /// <summary>
    /// Makes this term equal to <paramref name="source"/>: its encoded postings, positions, finished blocks and
    /// open block, so appending more postings continues exactly where the source stopped (a merge starts a term
    /// from the first part's postings this way instead of decoding and re-appending them).
    /// </summary>
    public void CopyFrom(BuilderTerm source)
    {
        EnsureCapacity(ref _postings, source._postingsLength);
        EnsureCapacity(ref _positions, source._positionsLength);
        source._postings.AsSpan(0, source._postingsLength).CopyTo(_postings);
        source._positions.AsSpan(0, source._positionsLength).CopyTo(_positions);
        if (_blocks.Length < source._finishedBlocks)
            _blocks = new BlockInfo[source._blocks.Length];
        source._blocks.AsSpan(0, source._finishedBlocks).CopyTo(_blocks);
        (_postingsLength, _positionsLength, _finishedBlocks) = (source._postingsLength, source._positionsLength, source._finishedBlocks);
        (_lastDoc, _blockDocs, DocumentFrequency) = (source._lastDoc, source._blockDocs, source.DocumentFrequency);
        (_maxTfText, _minLenText, _maxTfTitle, _minLenTitle) = (source._maxTfText, source._minLenText, source._maxTfTitle, source._minLenTitle);
    }

    private static void EnsureCapacity(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
    }

    /// <summary>Empties the term for reuse (the writer encodes every term through one instance).</summary>
    public void Clear()
    {
        _postingsLength = _positionsLength = _finishedBlocks = _blockDocs = 0;
        _lastDoc = -1;
        DocumentFrequency = 0;
        ResetBlockStatistics();
    }

    [MethodImpl(HotPath.Optimize)]
    private void AppendPosting(int doc, int tfText, int tfTitle, int textLength, int titleLength)
    {
        uint gap = (uint)(doc - _lastDoc - 1);
        Varint.Append(ref _postings, ref _postingsLength, (gap << 1) | (tfTitle > 0 ? 1u : 0u));
        Varint.Append(ref _postings, ref _postingsLength, (uint)tfText);
        if (tfTitle > 0)
            Varint.Append(ref _postings, ref _postingsLength, (uint)tfTitle);
        if (tfText > 0)
        {
            _maxTfText = Math.Max(_maxTfText, tfText);
            _minLenText = Math.Min(_minLenText, textLength);
        }
        if (tfTitle > 0)
        {
            _maxTfTitle = Math.Max(_maxTfTitle, tfTitle);
            _minLenTitle = Math.Min(_minLenTitle, titleLength);
        }
        _lastDoc = doc;
        DocumentFrequency++;
    }

    /// <summary>Closes the block once it is full, after the posting's positions are written.</summary>
    private void EndPosting()
    {
        if (++_blockDocs == BlockInfo.Size)
        {
            if (_finishedBlocks == _blocks.Length)
                Array.Resize(ref _blocks, Math.Max(4, _blocks.Length * 2));
            _blocks[_finishedBlocks++] = OpenBlock();
            _blockDocs = 0;
            ResetBlockStatistics();
        }
    }

    private void ResetBlockStatistics()
    {
        _maxTfText = _maxTfTitle = 0;
        _minLenText = _minLenTitle = int.MaxValue;
    }

    /// <summary>Copies the skip entries (finished blocks and the open one) into <paramref name="into"/> (<see cref="BlockCount"/> long).</summary>
    public void CopyBlocks(Span<BlockInfo> into)
    {
        _blocks.AsSpan(0, _finishedBlocks).CopyTo(into);
        if (_blockDocs > 0)
            into[_finishedBlocks] = OpenBlock();
    }

    private BlockInfo OpenBlock() => new(_lastDoc, _postingsLength, _positionsLength,
        _maxTfText, _maxTfText > 0 ? _minLenText : 0, _maxTfTitle, _maxTfTitle > 0 ? _minLenTitle : 0);

    [MethodImpl(HotPath.Optimize)]
    private void AppendRun(ReadOnlySpan<int> positions)
    {
        int previous = 0;
        foreach (int position in positions)
        {
            Varint.Append(ref _positions, ref _positionsLength, (uint)(position - previous));
            previous = position;
        }
    }
}
