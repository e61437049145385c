using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// The first half of a build split across threads (<see cref="TermSplitInversion"/>): a contiguous range of
/// documents analyzed into term ids, ready to be inverted. Threads analyze ranges side by side, each with its
/// own <paramref name="collector"/> (memo of surface forms) made by <see cref="SharedTermIds.NewCollector"/>, so
/// the ids of every range come from one table.
/// </summary>
/// <remarks>
/// A field is kept as a stream of ints: a term id (≥ 0) takes the next position, and a negative value −n skips
/// n positions (the stop words the analyzer dropped), so a token costs 4 bytes and positions cost nothing.
/// The text field of a document comes first, then its title.
/// </remarks>
internal sealed class AnalyzedDocuments(TokenCollector collector, int expectedTextBytes = 0)
{
    private readonly SharedTermIds _terms = collector.Terms as SharedTermIds
        ?? throw new ArgumentException("The collector must intern into a shared term table.", nameof(collector));
    private readonly TokenList _field = new();
    // Sized for the text expected: English prose takes about one int (token or skip) per 7 bytes of UTF-8 (cran,
    // med and scifact: 7.2-7.3), so a stream sized at one per 6 rarely grows; grown by doubling from a small start,
    // the streams of a bulk seal allocated about twice their final size.
    private int[] _stream = new int[Math.Clamp(expectedTextBytes / 6, 256, 1 << 24)];
    private int _streamLength;
    private int[] _starts = new int[129]; // per document: where its text starts, where its title starts; then the end
    private readonly DocumentList _documents = new();

    /// <summary>The table the ids come from.</summary>
    public SharedTermIds Terms => _terms;

    /// <summary>The collector the documents were analyzed with (its memo is warm for the next range of this thread).</summary>
    public TokenCollector Collector => collector;

    public int DocumentCount => _documents.Count;

    public FieldStatistics TextStatistics => _documents.Text;

    public FieldStatistics TitleStatistics => _documents.Title;

    public ulong FrameId(int doc) => _documents.FrameId(doc);

    public int TextLength(int doc) => _documents.TextLength(doc);

    public int TitleLength(int doc) => _documents.TitleLength(doc);

    /// <summary>The text field's stream of document <paramref name="doc"/>.</summary>
    public ReadOnlySpan<int> Text(int doc) => _stream.AsSpan(_starts[2 * doc], _starts[2 * doc + 1] - _starts[2 * doc]);

    /// <summary>The title field's stream of document <paramref name="doc"/>.</summary>
    public ReadOnlySpan<int> Title(int doc) => _stream.AsSpan(_starts[2 * doc + 1], _starts[2 * doc + 2] - _starts[2 * doc + 1]);

    /// <summary>Analyzes one document as <see cref="LexicalIndexBuilder.Add(ulong, string?, ReadOnlySpan{char})"/> would.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameId"/> is not greater than the last added one.</exception>
    [MethodImpl(HotPath.Optimize)]
    public void Add(ulong frameId, string? title, ReadOnlySpan<char> text)
    {
        _documents.CheckNext(frameId);
        int doc = _documents.Count;
        if (2 * doc + 2 >= _starts.Length)
            Array.Resize(ref _starts, 4 * doc + 3);
        _starts[2 * doc] = _streamLength;
        int textLength = Append(text);
        _starts[2 * doc + 1] = _streamLength;
        int titleLength = title is null ? 0 : Append(title);
        _starts[2 * doc + 2] = _streamLength;
        _documents.Add(frameId, textLength, titleLength);
    }

    /// <summary>Analyzes one field onto the stream; returns its kept tokens.</summary>
    [MethodImpl(HotPath.Optimize)]
    private int Append(ReadOnlySpan<char> field)
    {
        _field.Clear();
        collector.Collect(field, _field);
        ReadOnlySpan<int> ids = _field.Terms, positions = _field.Positions;
        // At most one skip before each token.
        if (_stream.Length - _streamLength < 2 * ids.Length)
            Array.Resize(ref _stream, Math.Max(_stream.Length * 2, _streamLength + 2 * ids.Length));
        int[] stream = _stream;
        int at = _streamLength, next = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            if (positions[i] > next)
                stream[at++] = next - positions[i];
            stream[at++] = ids[i];
            next = positions[i] + 1;
        }
        _streamLength = at;
        return ids.Length;
    }
}
