using Capsule.Indexing.Lexical.Index;

namespace Capsule.Indexing.Lexical.Search;

/// <summary>
/// Ranked OR of terms over one part with dynamic pruning: MaxScore (Turtle &amp; Flood, "Query
/// evaluation: strategies and optimizations", IP&amp;M 1995) refined with block-max bounds (Ding &amp;
/// Suel, "Faster top-k document retrieval using block-max indexes", SIGIR 2011).
/// </summary>
/// <remarks>
/// Terms are ordered by their upper bound; the lowest ones whose bounds together cannot beat the
/// current k-th score are non-essential: a document that has none of the other (essential) terms
/// cannot enter the top k, so only essential postings are iterated. Each candidate is first checked
/// against the sum of its blocks' bounds (skipping to the end of the shortest block when that fails),
/// then scored term by term, non-essential terms last and only while the partial score plus their
/// remaining block bounds can still beat the threshold. A candidate that survives is summed again in
/// query order, so its score equals the exhaustive scorer's to the last bit. Comparisons with the
/// threshold keep a relative slack of 1e-9 (<see cref="Below"/>) so rounding never prunes a document
/// that would have entered; a document equal to the threshold loses the tie anyway, because documents
/// arrive in ascending frame-id order and the tie goes to the smaller frame id.
/// </remarks>
internal sealed class MaxScoreSearch
{
    private TermScorer[] _order = [];
    private double[] _prefix = [];
    private double[] _bounds = [];
    private double[] _contribution = [];

    public void Run(TermScorer[] scorers, int queryTerms, DocIterator? exclusions, DocTable documents, HitHeap heap,
        Func<ulong, bool>? accept, LexicalSearchCounters? counters)
    {
        int n = scorers.Length;
        Prepare(scorers, queryTerms);
        foreach (var scorer in scorers)
            scorer.Cursor.NextDoc();
        int essential = FirstEssential(n, heap.Threshold);
        while (true)
        {
            int doc = DocIterator.Exhausted;
            for (int i = essential; i < n; i++)
                doc = Math.Min(doc, _order[i].Cursor.Doc);
            if (doc == DocIterator.Exhausted)
                return;
            double threshold = heap.Threshold;

            // The sum of block bounds holds for every document up to `last`, where a block ends or an
            // essential term that is not at `doc` starts.
            double bound = 0, remaining = 0;
            int last = DocIterator.Exhausted - 1;
            for (int i = 0; i < n; i++)
            {
                var cursor = _order[i].Cursor;
                int block = i >= essential ? (cursor.Doc == doc ? cursor.Block : -1) : cursor.BlockFor(doc);
                if (i >= essential && cursor.Doc != doc)
                    last = Math.Min(last, cursor.Doc - 1);
                _bounds[i] = block >= 0 ? _order[i].BlockBound(block) : 0;
                if (block >= 0)
                    last = Math.Min(last, cursor.Blocks[block].LastDoc);
                bound += _bounds[i];
                if (i < essential)
                    remaining += _bounds[i];
            }
            if (Below(bound, threshold))
            {
                for (int i = essential; i < n; i++)
                {
                    if (_order[i].Cursor.Doc == doc)
                        _order[i].Cursor.Advance(last + 1);
                }
                continue;
            }

            Array.Clear(_contribution, 0, queryTerms);
            double partial = 0;
            for (int i = essential; i < n; i++)
            {
                if (_order[i].Cursor.Doc == doc)
                    partial += _contribution[_order[i].QueryIndex] = _order[i].Score();
            }
            bool pruned = false;
            for (int i = essential - 1; i >= 0; i--)
            {
                if (Below(partial + remaining, threshold))
                {
                    pruned = true;
                    break;
                }
                remaining -= _bounds[i];
                if (_bounds[i] > 0 && _order[i].Cursor.Advance(doc) == doc)
                    partial += _contribution[_order[i].QueryIndex] = _order[i].Score();
            }
            if (!pruned)
            {
                double score = 0;
                for (int q = 0; q < queryTerms; q++)
                    score += _contribution[q];
                if (score > 0 && Offer(score, doc, exclusions, documents, heap, accept, counters))
                    essential = FirstEssential(n, heap.Threshold);
            }
            for (int i = essential; i < n; i++)
            {
                if (_order[i].Cursor.Doc == doc)
                    _order[i].Cursor.NextDoc();
            }
        }
    }

    /// <summary>Adds a scored document to the heap if it would enter, is not excluded and is accepted (asked last).</summary>
    public static bool Offer(double score, int doc, DocIterator? exclusions, DocTable documents, HitHeap heap,
        Func<ulong, bool>? accept, LexicalSearchCounters? counters)
    {
        ulong frame = documents.FrameId(doc);
        if (!heap.WouldEnter(score, frame) || (exclusions is not null && exclusions.Advance(doc) == doc))
            return false;
        if (accept is not null)
        {
            if (counters is not null)
                counters.AcceptCalls++;
            if (!accept(frame))
                return false;
        }
        heap.Add(score, frame);
        return true;
    }

    /// <summary>Whether a score bounded by <paramref name="bound"/> cannot beat <paramref name="threshold"/>.</summary>
    public static bool Below(double bound, double threshold) => bound * (1 + 1e-9) <= threshold;

    private void Prepare(TermScorer[] scorers, int queryTerms)
    {
        int n = scorers.Length;
        if (_order.Length < n)
        {
            _order = new TermScorer[n];
            _prefix = new double[n];
            _bounds = new double[n];
        }
        if (_contribution.Length < queryTerms)
            _contribution = new double[queryTerms];
        scorers.CopyTo(_order, 0);
        Array.Sort(_order, 0, n, Comparer<TermScorer>.Create(static (x, y) =>
            x.UpperBound != y.UpperBound ? x.UpperBound.CompareTo(y.UpperBound) : x.QueryIndex.CompareTo(y.QueryIndex)));
        double sum = 0;
        for (int i = 0; i < n; i++)
            _prefix[i] = sum += _order[i].UpperBound;
    }

    private int FirstEssential(int n, double threshold)
    {
        int i = 0;
        while (i < n && Below(_prefix[i], threshold))
            i++;
        return i;
    }
}
