namespace Capsule.Indexing.Lexical.Ranking;

/// <summary>
/// The k best (score, document) pairs seen so far, kept in a bounded min-heap: offering n candidates
/// costs O(n log k) time and O(k) memory. Ties in score go to the document that
/// <paramref name="tieBreak"/> orders first, so results do not depend on the order candidates arrive in.
/// </summary>
internal sealed class TopK(int k, Comparison<int> tieBreak)
{
    private readonly (double Score, int Doc)[] _heap = new (double, int)[k];
    private int _count;

    /// <summary>The score a candidate must beat to enter once the heap is full; −∞ before.</summary>
    public double Threshold => _count == _heap.Length && _count > 0 ? _heap[0].Score : double.NegativeInfinity;

    public void Offer(double score, int doc)
    {
        if (_heap.Length == 0)
            return;
        if (_count < _heap.Length)
        {
            _heap[_count] = (score, doc);
            SiftUp(_count++);
        }
        else if (Better((score, doc), _heap[0]))
        {
            _heap[0] = (score, doc);
            SiftDown(0);
        }
    }

    /// <summary>The kept pairs, best first.</summary>
    public (double Score, int Doc)[] ToSortedArray()
    {
        var result = _heap[.._count];
        Array.Sort(result, (x, y) => Better(x, y) ? -1 : Better(y, x) ? 1 : 0);
        return result;
    }

    private bool Better((double Score, int Doc) x, (double Score, int Doc) y) =>
        x.Score > y.Score || (x.Score == y.Score && tieBreak(x.Doc, y.Doc) < 0);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Better(_heap[parent], _heap[i]))
                break;
            (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int left = 2 * i + 1, worst = i;
            if (left < _count && Better(_heap[worst], _heap[left]))
                worst = left;
            if (left + 1 < _count && Better(_heap[worst], _heap[left + 1]))
                worst = left + 1;
            if (worst == i)
                return;
            (_heap[worst], _heap[i]) = (_heap[i], _heap[worst]);
            i = worst;
        }
    }
}
