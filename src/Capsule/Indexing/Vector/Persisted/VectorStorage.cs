namespace Capsule.Indexing.Vector.Persisted;

/// <summary>
/// How a persisted vector index stores the vectors its graph walks compare against. Every storage
/// also keeps the float32 rows, which exact search and the re-ranking of the compact kinds read
/// (see PAYLOAD.md, "Why f32 is always kept").
/// </summary>
public enum VectorStorage : byte
{
    /// <summary>Float32 rows only; the walk and the final distances use them.</summary>
    F32 = 0,

    /// <summary>IEEE 754 binary16 codes for the walk (half the bytes), re-ranked with the float32 rows.</summary>
    F16 = 1,

    /// <summary>
    /// One byte per value, scalar-quantized per dimension (<c>x ≈ min[d] + scale[d] · code</c>), for
    /// the walk (a quarter of the bytes), re-ranked with the float32 rows.
    /// </summary>
    Int8 = 2,
}
