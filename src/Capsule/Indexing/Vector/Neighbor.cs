namespace Capsule.Indexing.Vector;

/// <summary>One search result: a row of the <see cref="VectorColumn"/> and its distance to the query (smaller is nearer).</summary>
public readonly record struct Neighbor(int Row, float Distance)
{
    /// <summary>
    /// Orders by distance, then by row, so equal distances rank the same way in exact search,
    /// HNSW and any naive reference: results are reproducible, not heap-order dependent.
    /// </summary>
    internal static int Compare(float distanceA, int rowA, float distanceB, int rowB)
    {
        var byDistance = distanceA.CompareTo(distanceB);
        return byDistance != 0 ? byDistance : rowA.CompareTo(rowB);
    }
}
