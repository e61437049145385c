using Capsule.Indexing.Lexical.Index;

namespace Capsule.Indexing.Lexical.Search;

/// <summary>
/// An exact phrase: documents holding every term, in one field, at the query's relative positions
/// (stop-word gaps included). Scored as Lucene scores a phrase: BM25F of the phrase's frequency in each
/// field with the sum of its terms' idf as weight.
/// </summary>
internal sealed class PhraseIterator : DocIterator
{
    private readonly TermScorer[] _terms;
    private readonly int[] _slotTerm;
    private readonly int[] _slotOffset;
    private readonly int[][] _text;
    private readonly int[][] _title;
    private readonly double _idf;
    private readonly FieldMask _mask;
    private readonly Bm25FWeights _weights;
    private readonly DocTable _documents;
    private int _doc = -1;
    private int _textFrequency;
    private int _titleFrequency;

    /// <param name="terms">One scorer per distinct term, opened with positions.</param>
    /// <param name="slotTerm">For each phrase position slot, the index of its term in <paramref name="terms"/>.</param>
    /// <param name="slotOffset">For each slot, its position relative to the first slot.</param>
    /// <param name="idf">Sum of the terms' idf.</param>
    /// <param name="mask">The fields the phrase may match in.</param>
    /// <param name="weights">The search's BM25F weights.</param>
    /// <param name="documents">The part's document table.</param>
    public PhraseIterator(TermScorer[] terms, int[] slotTerm, int[] slotOffset, double idf, FieldMask mask, Bm25FWeights weights, DocTable documents)
    {
        (_terms, _slotTerm, _slotOffset, _idf, _mask, _weights, _documents) = (terms, slotTerm, slotOffset, idf, mask, weights, documents);
        _text = new int[terms.Length][];
        _title = new int[terms.Length][];
        for (int i = 0; i < terms.Length; i++)
            (_text[i], _title[i]) = (new int[8], new int[8]);
    }

    public override int Doc => _doc;

    public override int Advance(int target)
    {
        if (target <= _doc)
            return _doc;
        while (true)
        {
            int candidate = Conjunction(target);
            if (candidate == Exhausted || Matches())
                return _doc = candidate;
            target = candidate + 1;
        }
    }

    public override double Score() =>
        _weights.Saturate(_idf, _weights.Frequency(_mask, _textFrequency, _documents.TextLength(_doc), _titleFrequency, _documents.TitleLength(_doc)));

    private int Conjunction(int target)
    {
        int agreed = 0;
        for (int i = 0; agreed < _terms.Length; i = (i + 1) % _terms.Length)
        {
            int doc = _terms[i].Cursor.Advance(target);
            if (doc == Exhausted)
                return Exhausted;
            if (doc == target)
                agreed++;
            else
            {
                target = doc;
                agreed = 1;
            }
        }
        return target;
    }

    private bool Matches()
    {
        for (int i = 0; i < _terms.Length; i++)
        {
            var cursor = _terms[i].Cursor;
            if (_text[i].Length < cursor.TfText)
                _text[i] = new int[cursor.TfText * 2];
            if (_title[i].Length < cursor.TfTitle)
                _title[i] = new int[cursor.TfTitle * 2];
            cursor.ReadPositions(_text[i], _title[i]);
        }
        _textFrequency = (_mask & FieldMask.Text) != 0 ? Count(_text, static c => c.TfText) : 0;
        _titleFrequency = (_mask & FieldMask.Title) != 0 ? Count(_title, static c => c.TfTitle) : 0;
        return _textFrequency + _titleFrequency > 0;
    }

    /// <summary>Occurrences of the phrase in one field: start positions of the first slot's term where every
    /// other slot's term sits at its offset.</summary>
    private int Count(int[][] positions, Func<PostingsCursor, int> frequency)
    {
        int first = _slotTerm[0];
        var starts = positions[first].AsSpan(0, frequency(_terms[first].Cursor));
        int count = 0;
        foreach (int start in starts)
        {
            bool all = true;
            for (int slot = 1; slot < _slotTerm.Length && all; slot++)
            {
                int term = _slotTerm[slot];
                all = positions[term].AsSpan(0, frequency(_terms[term].Cursor)).BinarySearch(start + _slotOffset[slot]) >= 0;
            }
            if (all)
                count++;
        }
        return count;
    }
}
