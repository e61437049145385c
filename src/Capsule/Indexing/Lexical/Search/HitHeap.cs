using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Search;

/// <summary>
/// The k best hits so far in a bounded min-heap, worst at the root. Better means a higher score, or an
/// equal score and a smaller frame id, so results do not depend on the order parts are searched in.
/// </summary>
internal sealed class HitHeap(int k)
{
    private readonly LexicalHit[] _heap = new LexicalHit[k];
    private int _count;

    /// <summary>The score a hit must beat once the heap is full; −∞ before.</summary>
    public double Threshold
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _count == _heap.Length && _count > 0 ? _heap[0].Score : double.NegativeInfinity;
    }

    /// <summary>Whether a hit would enter (checked before the caller's accept filter runs).</summary>
    [MethodImpl(HotPath.OptimizeInline)]
    public bool WouldEnter(double score, ulong frame) =>
        _heap.Length > 0 && (_count < _heap.Length || Better(new LexicalHit(frame, score), _heap[0]));

    [MethodImpl(HotPath.Optimize)]
    public void Add(double score, ulong frame)
    {
        var hit = new LexicalHit(frame, score);
        if (_count < _heap.Length)
        {
            _heap[_count] = hit;
            SiftUp(_count++);
        }
        else
        {
            _heap[0] = hit;
            SiftDown(0);
        }
    }

    /// <summary>The hits, best first; empties the heap. Popping the root (the worst hit) k times is a heap
    /// sort: no comparer delegate, and the order is <see cref="Better"/>'s, a total order on distinct frames.</summary>
    [MethodImpl(HotPath.Optimize)]
    public LexicalHit[] ToSortedArray()
    {
        var result = new LexicalHit[_count];
        for (int i = _count - 1; i >= 0; i--)
        {
            result[i] = _heap[0];
            _heap[0] = _heap[--_count];
            SiftDown(0);
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Better(LexicalHit x, LexicalHit y) =>
        x.Score > y.Score || (x.Score == y.Score && x.FrameId < y.FrameId);

    [MethodImpl(HotPath.Optimize)]
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

    [MethodImpl(HotPath.Optimize)]
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
