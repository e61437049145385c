using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Capsule.Indexing.Vector;

/// <summary>
/// A binary heap of (row, distance), either max-first (<see cref="FurthestFirst"/>: the "furthest
/// result" heap W of the HNSW paper, and the bounded top-k of exact search) or min-first
/// (<see cref="NearestFirst"/>: the candidate queue C). Written out instead of
/// <see cref="PriorityQueue{TElement, TPriority}"/> because the search needs peek-and-replace, a
/// tie-break on row, and reuse without reallocating between queries. The order is a type argument,
/// not a field, so each heap's comparisons compile to straight compares: with a bool field every
/// sift step branched on it, and the heaps were a sixth of an HNSW build's time.
/// </summary>
internal sealed class NeighborHeap<TOrder>
    where TOrder : struct, IHeapOrder
{
    private int[] _rows;
    private float[] _distances;

    public NeighborHeap(int capacity = 64)
    {
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
        if (TOrder.MaxFirst)
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(float distanceA, int rowA, float distanceB, int rowB) => TOrder.Before(distanceA, rowA, distanceB, rowB);
}

/// <summary>Which of two (distance, row) pairs a <see cref="NeighborHeap{TOrder}"/> keeps on top.</summary>
internal interface IHeapOrder
{
    static abstract bool MaxFirst { get; }

    static abstract bool Before(float distanceA, int rowA, float distanceB, int rowB);
}

// The same order as Neighbor.Compare for every non-NaN distance, written as plain compares:
// CompareTo's NaN handling cost a measurable share of each sift. Distances are never NaN for
// finite vectors, and the column stores only what callers append.

/// <summary>Furthest on top (max-first): the result heap W, and exact search's bounded top-k.</summary>
internal readonly struct FurthestFirst : IHeapOrder
{
    public static bool MaxFirst => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Before(float distanceA, int rowA, float distanceB, int rowB) =>
        distanceA > distanceB || (distanceA == distanceB && rowA > rowB);
}

/// <summary>Nearest on top (min-first): the candidate queue C.</summary>
internal readonly struct NearestFirst : IHeapOrder
{
    public static bool MaxFirst => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Before(float distanceA, int rowA, float distanceB, int rowB) =>
        distanceA < distanceB || (distanceA == distanceB && rowA < rowB);
}
