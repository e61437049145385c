namespace Capsule.Codecs;

/// <summary>
/// How a block's bytes are encoded. The numeric values are written to disk (one byte per
/// segment block), so they are fixed forever: never renumber, only append.
/// </summary>
public enum CodecId : byte
{
    /// <summary>Stored as is. Chosen when no codec shrinks the bytes (already compressed or random data).</summary>
    Raw = 0,

    /// <summary>An LZ4 block (not an LZ4 frame): no header or checksum of its own, the raw length is stored by the caller.</summary>
    Lz4 = 1,

    /// <summary>A single Zstandard frame, without a dictionary.</summary>
    Zstd = 2,

    /// <summary>
    /// A Zstandard frame compressed with a dictionary. The dictionary itself is stored elsewhere in
    /// the capsule; it is required to decode the block.
    /// </summary>
    ZstdDictionary = 3,
}
