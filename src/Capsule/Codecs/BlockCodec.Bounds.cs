namespace Capsule.Codecs;

internal static partial class BlockCodec
{
    /// <summary>
    /// LZ4 cannot expand input by more than about 255x (each extra length byte adds at most 255),
    /// so a claimed raw length beyond that is a lie and must not be allocated.
    /// </summary>
    private const long Lz4MaxExpansion = 255;

    /// <summary>
    /// Whether <paramref name="rawLength"/> is a length the compressed bytes can really decode to,
    /// checked before the caller allocates that many bytes: a damaged or hostile block table must not
    /// make a reader allocate a gigabyte for a few kilobytes of input. Zstandard frames written by
    /// Capsule declare their content size, which must match exactly.
    /// </summary>
    public static unsafe bool IsPlausibleRawLength(CodecId codec, ReadOnlySpan<byte> source, int rawLength)
    {
        switch (codec)
        {
            case CodecId.Raw:
                return source.Length == rawLength;
            case CodecId.Lz4:
                return rawLength <= source.Length * Lz4MaxExpansion + 16;
            case CodecId.Zstd:
            case CodecId.ZstdDictionary:
                if (source.IsEmpty)
                {
                    return false;
                }
                EnsureZstd();
                // SAFETY: the span is pinned for the call and its exact length is passed.
                fixed (byte* src = source)
                {
                    return ZstdNative.ZSTD_getFrameContentSize(src, (nuint)source.Length) == (ulong)rawLength;
                }
            default:
                return false;
        }
    }
}
