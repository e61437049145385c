namespace Capsule.Indexing.Vector;

/// <summary>
/// "Have I seen this node in this search?" in O(1) without clearing an array per query: each slot
/// holds the generation that last marked it, and starting a new search just bumps the generation
/// (as hnswlib's VisitedListPool does). The array is zeroed only when the generation wraps.
/// </summary>
internal sealed class VisitedSet
{
    private int[] _stamps = [];
    private int _generation;

    /// <summary>Starts a new search over nodes [0, count).</summary>
    public void Reset(int count)
    {
        if (_stamps.Length < count)
        {
            _stamps = new int[Math.Max(count, _stamps.Length * 2)];
            _generation = 0;
        }
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamps);
            _generation = 1;
        }
    }

    /// <summary>Marks <paramref name="node"/>; returns false when it was already marked in this search.</summary>
    public bool TryVisit(int node)
    {
        if (_stamps[node] == _generation)
        {
            return false;
        }
        _stamps[node] = _generation;
        return true;
    }
}
