using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// The documents a build has taken so far, by ordinal: frame id, field lengths in terms, and the field
/// statistics summed over them. Frame ids must ascend (a part covers ascending frames).
/// </summary>
internal sealed class DocumentList
{
    private ulong[] _frames = new ulong[64];
    private int[] _lengths = new int[128];

    public int Count { get; private set; }

    public FieldStatistics Text { get; private set; }

    public FieldStatistics Title { get; private set; }

    public ulong FrameId(int doc) => _frames[doc];

    public int TextLength(int doc) => _lengths[2 * doc];

    public int TitleLength(int doc) => _lengths[2 * doc + 1];

    public DocTable Table => new(_frames, _lengths, Count);

    /// <summary>Throws unless a document for <paramref name="frameId"/> may come next. Call before analyzing it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameId"/> is not greater than the last added one.</exception>
    public void CheckNext(ulong frameId)
    {
        if (Count > 0 && frameId <= _frames[Count - 1])
            throw new ArgumentOutOfRangeException(nameof(frameId), frameId, $"Frame ids must ascend: the last added is {_frames[Count - 1]}.");
        if (Count == int.MaxValue / 2 - 1)
            throw new InvalidOperationException("A lexical index part holds at most 2^30 − 2 documents.");
    }

    /// <summary>Adds the next document (checked with <see cref="CheckNext"/>) and returns its ordinal.</summary>
    public int Add(ulong frameId, int textLength, int titleLength)
    {
        int doc = Count;
        if (doc == _frames.Length)
        {
            Array.Resize(ref _frames, doc * 2);
            Array.Resize(ref _lengths, doc * 4);
        }
        _frames[doc] = frameId;
        _lengths[2 * doc] = textLength;
        _lengths[2 * doc + 1] = titleLength;
        if (textLength > 0)
            Text += new FieldStatistics(1, textLength);
        if (titleLength > 0)
            Title += new FieldStatistics(1, titleLength);
        Count = doc + 1;
        return doc;
    }
}
