using System.Runtime.CompilerServices;
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
    private static readonly Comparer<TermScorer> ByUpperBound = Comparer<TermScorer>.Create(static (x, y) =>
        x.UpperBound != y.UpperBound ? x.UpperBound.CompareTo(y.UpperBound) : x.QueryIndex.CompareTo(y.QueryIndex));

    private TermScorer[] _order = [];
    private PostingsCursor[] _cursors = [];
    private int[] _current = [];
    private double[] _prefix = [];
    private double[] _bounds = [];
    private double[] _contribution = [];

    [MethodImpl(HotPath.Optimize)]
    public void Run(TermScorer[] scorers, int queryTerms, DocIterator? exclusions, DocTable documents, HitHeap heap,
        Func<ulong, bool>? accept, LexicalSearchCounters? counters)
    {
        int n = scorers.Length;
        Prepare(scorers, queryTerms);
        // The arrays in locals: the loops call into cursors and scorers, after which fields of `this`
        // would be reloaded; locals stay in registers. Current documents are mirrored in `current` so
        // the per-candidate loops read one array.
        var order = _order;
        var cursors = _cursors;
        var current = _current;
        var bounds = _bounds;
        var contribution = _contribution;
        for (int i = 0; i < n; i++)
            current[i] = cursors[i].NextDoc();
        int essential = FirstEssential(n, heap.Threshold);
        while (true)
        {
            int doc = DocIterator.Exhausted;
            for (int i = essential; i < n; i++)
                doc = Math.Min(doc, current[i]);
            if (doc == DocIterator.Exhausted)
                return;
            double threshold = heap.Threshold;
            double remaining = 0;
            // Until the heap is full nothing can be pruned (and every term is essential): skip the bounds.
            if (threshold != double.NegativeInfinity)
            {
                // The sum of block bounds holds for every document up to `last`, where a block ends or an
                // essential term that is not at `doc` starts.
                double bound = 0;
                int last = DocIterator.Exhausted - 1;
                for (int i = 0; i < n; i++)
                {
                    var cursor = cursors[i];
                    int block;
                    if (i >= essential)
                    {
                        if (current[i] != doc)
                        {
                            last = Math.Min(last, current[i] - 1);
                            bounds[i] = 0;
                            continue;
                        }
                        block = cursor.Block;
                    }
                    else
                        block = cursor.BlockFor(doc);
                    if (block >= 0)
                    {
                        bounds[i] = order[i].BlockBound(block);
                        last = Math.Min(last, cursor.BlockLastDoc(block));
                    }
                    else
                        bounds[i] = 0;
                    bound += bounds[i];
                    if (i < essential)
                        remaining += bounds[i];
                }
                if (Below(bound, threshold))
                {
                    for (int i = essential; i < n; i++)
                    {
                        if (current[i] == doc)
                            current[i] = cursors[i].Advance(last + 1);
                    }
                    continue;
                }
            }

            Array.Clear(contribution, 0, queryTerms);
            double partial = 0;
            for (int i = essential; i < n; i++)
            {
                if (current[i] == doc)
                    partial += contribution[order[i].QueryIndex] = order[i].Score();
            }
            bool pruned = false;
            for (int i = essential - 1; i >= 0; i--)
            {
                if (Below(partial + remaining, threshold))
                {
                    pruned = true;
                    break;
                }
                remaining -= bounds[i];
                if (bounds[i] > 0 && (current[i] = cursors[i].Advance(doc)) == doc)
                    partial += contribution[order[i].QueryIndex] = order[i].Score();
            }
            if (!pruned)
            {
                double score = 0;
                for (int q = 0; q < queryTerms; q++)
                    score += contribution[q];
                if (score > 0 && Offer(score, doc, exclusions, documents, heap, accept, counters))
                    essential = FirstEssential(n, heap.Threshold);
            }
            for (int i = essential; i < n; i++)
            {
                if (current[i] == doc)
                    current[i] = cursors[i].NextDoc();
            }
        }
    }

    /// <summary>Adds a scored document to the heap if it would enter, is not excluded and is accepted (asked last).</summary>
    [MethodImpl(HotPath.Optimize)]
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

    [MethodImpl(HotPath.Optimize)]
    private void Prepare(TermScorer[] scorers, int queryTerms)
    {
        int n = scorers.Length;
        if (_order.Length < n)
        {
            _order = new TermScorer[n];
            _cursors = new PostingsCursor[n];
            _current = new int[n];
            _prefix = new double[n];
            _bounds = new double[n];
        }
        if (_contribution.Length < queryTerms)
            _contribution = new double[queryTerms];
        scorers.CopyTo(_order, 0);
        Array.Sort(_order, 0, n, ByUpperBound);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            _prefix[i] = sum += _order[i].UpperBound;
            _cursors[i] = _order[i].Cursor;
        }
    }

    [MethodImpl(HotPath.Optimize)]
    private int FirstEssential(int n, double threshold)
    {
        int i = 0;
        while (i < n && Below(_prefix[i], threshold))
            i++;
        return i;
    }
}
