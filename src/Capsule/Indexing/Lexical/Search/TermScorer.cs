using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Index;

namespace Capsule.Indexing.Lexical.Search;

/// <summary>
/// One query term over one part: its cursor, its weight (idf over the whole collection), its fields,
/// and the score bound of each of its blocks under this search's statistics.
/// </summary>
internal sealed class TermScorer
{
    private double[] _blockBounds = new double[4];
    private Bm25FWeights _weights = null!;
    private DocTable _documents;
    private LexicalSearchCounters? _counters;

    public PostingsCursor Cursor { get; } = new();

    public double Idf { get; private set; }

    public FieldMask Mask { get; private set; }

    /// <summary>The largest block bound: no document scores more for this term.</summary>
    public double UpperBound { get; private set; }

    /// <summary>The index of the term in the query (scores are summed in query order).</summary>
    public int QueryIndex { get; set; }

    [MethodImpl(HotPath.Optimize)]
    public void Reset(ILexicalPart part, in TermHandle term, double idf, FieldMask mask, bool positions, Bm25FWeights weights,
        LexicalSearchCounters? counters)
    {
        part.Open(term, Cursor, positions);
        Idf = idf;
        Mask = mask;
        _weights = weights;
        _documents = part.Documents;
        _counters = counters;
        var blocks = Cursor.Blocks;
        if (_blockBounds.Length < blocks.Length)
            _blockBounds = new double[Math.Max(blocks.Length, _blockBounds.Length * 2)];
        double upper = 0;
        for (int b = 0; b < blocks.Length; b++)
            upper = Math.Max(upper, _blockBounds[b] = weights.BlockBound(idf, mask, blocks[b]));
        UpperBound = upper;
        Cursor.SetMask(mask);
    }

    public double BlockBound(int block) => _blockBounds[block];

    /// <summary>BM25F of the term in the cursor's current document.</summary>
    [MethodImpl(HotPath.Optimize)]
    public double Score()
    {
        if (_counters is not null)
            _counters.ScoredPostings++;
        int doc = Cursor.Doc;
        return _weights.Saturate(Idf, _weights.Frequency(Mask, Cursor.TfText, _documents.TextLength(doc), Cursor.TfTitle, _documents.TitleLength(doc)));
    }
}
