namespace Capsule;

/// <summary>How a k-nearest-neighbour search runs.</summary>
public sealed record VectorSearchOptions
{
    public int K { get; init; } = 10;

    /// <summary>HNSW walk width (0: the capsule's default efSearch); larger is slower with better recall.</summary>
    public int Ef { get; init; }

    /// <summary>Scan every vector instead of walking the graphs (exact results).</summary>
    public bool Exact { get; init; }

    public SearchFilter Filter { get; init; } = SearchFilter.None;
}
