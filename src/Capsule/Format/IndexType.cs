namespace Capsule.Format;

/// <summary>What an index record holds (FORMAT.md §13).</summary>
internal enum IndexType : byte
{
    /// <summary>BM25 inverted index: term dictionary, postings with positions, document lengths.</summary>
    FullText = 1,

    /// <summary>Vector column and HNSW graph over the frames' embeddings.</summary>
    Vector = 2,

    /// <summary>Ingestion and event times to frame ids, sorted.</summary>
    Temporal = 3,
}

internal static class IndexTypes
{
    /// <summary>
    /// Whether <paramref name="value"/> names an <see cref="IndexType"/>. Spelled out rather than
    /// <c>Enum.IsDefined</c>, which reads the enum's values by reflection the first time, in every process,
    /// on the first run record parsed (a test keeps the two in agreement).
    /// </summary>
    public static bool IsDefined(byte value) => value is >= (byte)IndexType.FullText and <= (byte)IndexType.Temporal;
}
