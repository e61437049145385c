namespace Capsule.Format;

/// <summary>
/// How a record body is stored in an encrypted capsule (FORMAT.md §16): the plaintext of n bytes is
/// cut into chunks of <see cref="ChunkLength"/> bytes (the last may be shorter), each encrypted in
/// place, and the chunks' Poly1305 tags follow the ciphertext in chunk order:
/// <code>
///   off        len      field
///     0          n      ciphertext (byte i of the ciphertext encrypts byte i of the plaintext)
///     n       16·C      tag of chunk 0, 1, ..., C-1, where C = max(1, ⌈n / 65536⌉)
/// </code>
/// An empty body is one empty chunk with its tag, so every record, empty or not, is authenticated.
/// The stored body length (the record header's length field) is n + 16·C. Because the tags come
/// after the ciphertext, plaintext byte i sits at the same file offset as ciphertext byte i, so every
/// offset the engine computes inside a body (segment blocks, index payloads) is the same for plain and
/// encrypted capsules.
/// </summary>
internal static class SealedLayout
{
    /// <summary>Plaintext bytes per chunk: reading one frame decrypts at most a 64 KiB chunk or two.</summary>
    public const int ChunkLength = 64 * 1024;

    public const int TagLength = 16;

    /// <summary>The largest plaintext whose stored form still fits the record body limit.</summary>
    public const int MaxLogicalLength = RecordFraming.MaxBodyLength - (RecordFraming.MaxBodyLength / (ChunkLength + TagLength) + 1) * TagLength;

    public static int ChunkCount(int logicalLength) => Math.Max(1, (int)(((long)logicalLength + ChunkLength - 1) / ChunkLength));

    public static int StoredLength(int logicalLength) => logicalLength + ChunkCount(logicalLength) * TagLength;

    /// <summary>
    /// The plaintext length of a stored body, or false when no plaintext length stores as
    /// <paramref name="storedLength"/> (the length field was damaged or forged).
    /// </summary>
    public static bool TryLogicalLength(int storedLength, out int logicalLength)
    {
        var chunks = Math.Max(1, (int)(((long)storedLength + ChunkLength + TagLength - 1) / (ChunkLength + TagLength)));
        logicalLength = storedLength - chunks * TagLength;
        return logicalLength >= 0 && ChunkCount(logicalLength) == chunks;
    }
}
