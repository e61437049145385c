using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Capsule.Indexing.Vector;

/// <summary>
/// A binary heap of (row, distance), either max-first (the "furthest result" heap W of the HNSW
/// paper, and the bounded top-k of exact search) or min-first (the candidate queue C). Written out
/// instead of <see cref="PriorityQueue{TElement, TPriority}"/> because the search needs peek-and-replace,
/// a tie-break on row, and reuse without reallocating between queries.
/// </summary>
internal sealed class NeighborHeap
{
    private readonly bool _maxFirst;
    private int[] _rows;
    private float[] _distances;

    public NeighborHeap(bool maxFirst, int capacity = 64)
    {
        _maxFirst = maxFirst;
        _rows = new int[Math.Max(capacity, 4)];
        _distances = new float[_rows.Length];
    }

    public int Count { get; private set; }

    public int TopRow => _rows[0];

    public float TopDistance => _distances[0];

    public void Clear() => Count = 0;

    public void Push(int row, float distance)
    {
        if (Count == _rows.Length)
        {
            Array.Resize(ref _rows, Count * 2);
            Array.Resize(ref _distances, Count * 2);
        }
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Before(distance, row, _distances[parent], _rows[parent]))
            {
                break;
            }
            _rows[i] = _rows[parent];
            _distances[i] = _distances[parent];
            i = parent;
        }
        _rows[i] = row;
        _distances[i] = distance;
    }

    public Neighbor Pop()
    {
        var top = new Neighbor(_rows[0], _distances[0]);
        Count--;
        if (Count > 0)
        {
            SiftDown(_rows[Count], _distances[Count]);
        }
        return top;
    }

    /// <summary>Replaces the top with (row, distance): one sift instead of a pop and a push.</summary>
    public void ReplaceTop(int row, float distance) => SiftDown(row, distance);

    /// <summary>Empties the heap into a new array sorted nearest first.</summary>
    public Neighbor[] DrainSorted()
    {
        var result = new Neighbor[Count];
        DrainSorted(result);
        return result;
    }

    /// <summary>Empties the heap into <paramref name="into"/> (cleared first), sorted nearest first, reusing its storage.</summary>
    public void DrainSorted(List<Neighbor> into)
    {
        CollectionsMarshal.SetCount(into, Count);
        DrainSorted(CollectionsMarshal.AsSpan(into));
    }

    // Pops instead of Array.Sort with a comparison delegate: the heap order is already the total
    // order (distance, then row), so popping yields the sorted sequence with no delegate calls; a
    // max-first heap pops furthest first and fills from the back.
    private void DrainSorted(Span<Neighbor> result)
    {
        if (_maxFirst)
        {
            for (var i = result.Length - 1; i >= 0; i--)
            {
                result[i] = Pop();
            }
        }
        else
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = Pop();
            }
        }
    }

    private void SiftDown(int row, float distance)
    {
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= Count)
            {
                break;
            }
            if (child + 1 < Count && Before(_distances[child + 1], _rows[child + 1], _distances[child], _rows[child]))
            {
                child++;
            }
            if (!Before(_distances[child], _rows[child], distance, row))
            {
                break;
            }
            _rows[i] = _rows[child];
            _distances[i] = _distances[child];
            i = child;
        }
        _rows[i] = row;
        _distances[i] = distance;
    }

    // The same order as Neighbor.Compare for every non-NaN distance, written as plain compares:
    // CompareTo's NaN handling cost a measurable share of each sift. Distances are never NaN for
    // finite vectors, and the column stores only what callers append.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Before(float distanceA, int rowA, float distanceB, int rowB) => _maxFirst
        ? distanceA > distanceB || (distanceA == distanceB && rowA > rowB)
        : distanceA < distanceB || (distanceA == distanceB && rowA < rowB);
}
