namespace Capsule.Codecs;

/// <summary>
/// Encodes and decodes one block with a <see cref="CodecId"/>. A block carries no header of its
/// own: the caller stores the codec id and the raw length next to it (the segment record does),
/// so decoding knows exactly how many bytes must come out.
/// </summary>
/// <remarks>
/// Decoding runs on bytes read from files, which may be damaged or hostile, so
/// <see cref="TryDecompress"/> reports every failure as <c>false</c>: LZ4 decodes with
/// LZ4_decompress_safe (bounds-checked on both buffers), zstd with its one-shot API into a
/// destination of fixed capacity, and both results must equal the expected length exactly.
/// Native contexts are cached per thread: creating a ZSTD_CCtx allocates and zeroes hundreds of
/// kilobytes, which would dominate the cost of compressing a small block.
/// </remarks>
internal static partial class BlockCodec
{
    /// <summary>The largest number of bytes <see cref="Compress"/> may write for <paramref name="rawLength"/> input bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The codec is unknown, or the length is negative or too large for the codec.</exception>
    /// <exception cref="NativeLibraryMissingException">The codec's native library cannot be loaded.</exception>
    public static int MaxCompressedLength(CodecId codec, int rawLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rawLength);
        switch (codec)
        {
            case CodecId.Raw:
                return rawLength;
            case CodecId.Lz4:
                ArgumentOutOfRangeException.ThrowIfGreaterThan(rawLength, Lz4Native.MaxInputSize);
                EnsureLz4();
                return Lz4Native.LZ4_compressBound(rawLength);
            case CodecId.Zstd:
            case CodecId.ZstdDictionary:
                EnsureZstd();
                var bound = ZstdNative.ZSTD_compressBound((nuint)rawLength);
                if (ZstdNative.ZSTD_isError(bound) != 0 || bound > int.MaxValue)
                {
                    throw new ArgumentOutOfRangeException(nameof(rawLength), rawLength, "too large for one zstd block");
                }

                return (int)bound;
            default:
                throw new ArgumentOutOfRangeException(nameof(codec), codec, "unknown codec");
        }
    }

    /// <summary>
    /// Compresses <paramref name="source"/> into <paramref name="destination"/> and returns the
    /// number of bytes written. <paramref name="destination"/> must hold at least
    /// <see cref="MaxCompressedLength"/> bytes, so compression cannot fail for lack of room.
    /// <paramref name="zstdLevel"/> is used by the zstd codecs only (0 means zstd's default, 3);
    /// for <see cref="CodecId.ZstdDictionary"/> it selects the digested dictionary to use.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is shorter than the bound or overlaps the source, or
    /// <see cref="CodecId.ZstdDictionary"/> is asked for without a dictionary (or with one libzstd rejects).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The codec is unknown, or the level is outside zstd's range.</exception>
    /// <exception cref="NativeLibraryMissingException">The codec's native library cannot be loaded.</exception>
    public static int Compress(CodecId codec, ReadOnlySpan<byte> source, Span<byte> destination, int zstdLevel, ZstdDictionary? dictionary)
    {
        var bound = MaxCompressedLength(codec, source.Length);
        if (destination.Length < bound)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; {codec} needs {bound} for {source.Length} input bytes", nameof(destination));
        }

        if (source.Overlaps(destination))
        {
            throw new ArgumentException("source and destination overlap", nameof(destination));
        }

        switch (codec)
        {
            case CodecId.Raw:
                source.CopyTo(destination);
                return source.Length;
            case CodecId.Lz4:
                return CompressLz4(source, destination);
            case CodecId.Zstd:
                CheckLevel(zstdLevel);
                return CompressZstd(source, destination, zstdLevel, cdict: null);
            default: // CodecId.ZstdDictionary; MaxCompressedLength has rejected unknown ids.
                if (dictionary is null)
                {
                    throw new ArgumentException("the ZstdDictionary codec needs a dictionary", nameof(dictionary));
                }

                CheckLevel(zstdLevel);
                return CompressZstd(source, destination, zstdLevel, dictionary.GetCompressionDictionary(zstdLevel));
        }
    }

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/>, whose length is the
    /// exact raw length expected. Returns false, without throwing and without touching memory
    /// outside the two spans, when the bytes are malformed, decode to any other length, need a
    /// dictionary that is absent or unusable, or name an unknown codec. On false the contents of
    /// <paramref name="destination"/> are unspecified.
    /// </summary>
    /// <exception cref="NativeLibraryMissingException">The codec's native library cannot be loaded.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="dictionary"/> was disposed.</exception>
    public static bool TryDecompress(CodecId codec, ReadOnlySpan<byte> source, Span<byte> destination, ZstdDictionary? dictionary)
    {
        switch (codec)
        {
            case CodecId.Raw:
                if (source.Length != destination.Length)
                {
                    return false;
                }

                source.CopyTo(destination);
                return true;
            case CodecId.Lz4:
                return TryDecompressLz4(source, destination);
            case CodecId.Zstd:
                return TryDecompressZstd(source, destination, ddict: null);
            case CodecId.ZstdDictionary:
                // A block that needs a dictionary the capsule does not have (or has damaged) is
                // bad data like any other, so it is a false, not an exception.
                var ddict = dictionary?.TryGetDecompressionDictionary();
                return ddict is not null && TryDecompressZstd(source, destination, ddict);
            default:
                return false;
        }
    }
}
