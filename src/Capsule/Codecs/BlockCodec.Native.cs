using System.Buffers.Binary;

namespace Capsule.Codecs;

// The native half of BlockCodec: pinning, per-thread contexts and the calls into liblz4/libzstd.
// Kept apart from the public surface so that every unsafe block sits in one short file.
internal static partial class BlockCodec
{
    /// <summary>
    /// Pinned in place of an empty span so that no native function is ever handed a null pointer
    /// (lz4 rejects a null source, and zstd's null handling has varied between versions). Its
    /// length is never passed, so nothing reads or writes it.
    /// </summary>
    private static readonly byte[] s_placeholder = new byte[1];

    [ThreadStatic]
    private static ZstdCompressContextHandle? t_compressContext;

    [ThreadStatic]
    private static ZstdDecompressContextHandle? t_decompressContext;

    // Set once each library has been checked; a benign race only repeats the cached check.
    private static volatile bool s_zstdReady;
    private static volatile bool s_lz4Ready;

    private static unsafe int CompressLz4(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written;

        // SAFETY: both spans are pinned for the call and their true lengths are passed, so lz4
        // reads at most source.Length bytes and writes at most destination.Length bytes.
        // destination.Length >= LZ4_compressBound(source.Length) (checked by the caller), and
        // lengths above int.MaxValue cannot occur in a span, so the int cast is exact.
        fixed (byte* src = NonEmpty(source))
        fixed (byte* dst = NonEmpty(destination))
        {
            written = Lz4Native.LZ4_compress_default(src, dst, source.Length, destination.Length);
        }

        if (written <= 0)
        {
            throw new InvalidOperationException($"LZ4_compress_default failed ({written}) despite a destination of the bound's size");
        }

        return written;
    }

    private static unsafe int CompressZstd(ReadOnlySpan<byte> source, Span<byte> destination, int level, ZstdCompressDictionaryHandle? cdict)
    {
        var context = CompressContext();
        nuint written;

        // SAFETY: both spans are pinned for the call and their true lengths are passed; zstd
        // writes at most dstCapacity bytes. The context belongs to this thread only, and the
        // SafeHandle marshaller keeps the context and dictionary alive for the call's duration.
        fixed (byte* src = NonEmpty(source))
        fixed (byte* dst = NonEmpty(destination))
        {
            written = cdict is null
                ? ZstdNative.ZSTD_compressCCtx(context, dst, (nuint)destination.Length, src, (nuint)source.Length, level)
                : ZstdNative.ZSTD_compress_usingCDict(context, dst, (nuint)destination.Length, src, (nuint)source.Length, cdict);
        }

        if (ZstdNative.ZSTD_isError(written) != 0)
        {
            throw new InvalidOperationException($"zstd compression failed: {ZstdNative.ErrorName(written)}");
        }

        return (int)written;
    }

    private static unsafe bool TryDecompressLz4(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        EnsureLz4();

        // Every LZ4 block holds at least one token byte, even for empty input.
        if (source.IsEmpty)
        {
            return false;
        }

        int produced;

        // SAFETY: LZ4_decompress_safe is lz4's decoder for untrusted input: it reads at most
        // compressedSize bytes from src and writes at most dstCapacity bytes to dst, returning a
        // negative value otherwise. Both spans are pinned and their true lengths passed.
        fixed (byte* src = source)
        fixed (byte* dst = NonEmpty(destination))
        {
            produced = Lz4Native.LZ4_decompress_safe(src, dst, source.Length, destination.Length);
        }

        return produced == destination.Length;
    }

    private static unsafe bool TryDecompressZstd(ReadOnlySpan<byte> source, Span<byte> destination, ZstdDecompressDictionaryHandle? ddict)
    {
        EnsureZstd();

        // A block is exactly one zstd frame, and even empty input compresses to a frame header.
        // zstd itself would accept an empty source (zero frames, zero bytes), skippable frames and
        // several frames back to back; none of those can come from Compress, so they are damage.
        if (source.IsEmpty || !IsSingleZstdFrame(source))
        {
            return false;
        }

        var context = DecompressContext();
        nuint produced;

        // SAFETY: both spans are pinned and their true lengths passed. zstd's one-shot decoder
        // validates frame headers and block sizes against srcSize and never writes past
        // dstCapacity (a frame declaring more content fails with dstSize_tooSmall). It decodes
        // straight into dst, so a hostile window size cannot make it allocate. The context is
        // this thread's alone; one-shot calls reset it, so a failed call leaves nothing behind.
        fixed (byte* src = NonEmpty(source))
        fixed (byte* dst = NonEmpty(destination))
        {
            produced = ddict is null
                ? ZstdNative.ZSTD_decompressDCtx(context, dst, (nuint)destination.Length, src, (nuint)source.Length)
                : ZstdNative.ZSTD_decompress_usingDDict(context, dst, (nuint)destination.Length, src, (nuint)source.Length, ddict);
        }

        return ZstdNative.ZSTD_isError(produced) == 0 && produced == (nuint)destination.Length;
    }

    private static unsafe bool IsSingleZstdFrame(ReadOnlySpan<byte> source)
    {
        nuint frameLength;

        // SAFETY: the source is pinned and non-empty, and its true length is passed; the function
        // only reads headers within srcSize and reports an error if a frame would run past it.
        fixed (byte* src = source)
        {
            frameLength = ZstdNative.ZSTD_findFrameCompressedSize(src, (nuint)source.Length);
        }

        if (ZstdNative.ZSTD_isError(frameLength) != 0 || frameLength != (nuint)source.Length)
        {
            return false;
        }

        // Skippable frames (magic 0x184D2A5?) have a length but hold no content.
        return source.Length >= 4 && (BinaryPrimitives.ReadUInt32LittleEndian(source) & 0xFFFFFFF0u) != 0x184D2A50u;
    }

    private static ZstdCompressContextHandle CompressContext()
    {
        EnsureZstd();
        var context = t_compressContext;
        if (context is null)
        {
            context = ZstdNative.ZSTD_createCCtx();
            if (context.IsInvalid)
            {
                context.Dispose();
                throw new OutOfMemoryException("ZSTD_createCCtx returned NULL");
            }

            t_compressContext = context;
        }

        return context;
    }

    private static ZstdDecompressContextHandle DecompressContext()
    {
        var context = t_decompressContext;
        if (context is null)
        {
            context = ZstdNative.ZSTD_createDCtx();
            if (context.IsInvalid)
            {
                context.Dispose();
                throw new OutOfMemoryException("ZSTD_createDCtx returned NULL");
            }

            t_decompressContext = context;
        }

        return context;
    }

    private static void CheckLevel(int level)
    {
        // zstd would clamp silently; rejecting keeps "the same calls give the same bytes" honest
        // and bounds the number of digested dictionaries a ZstdDictionary can accumulate.
        ArgumentOutOfRangeException.ThrowIfLessThan(level, ZstdNative.ZSTD_minCLevel());
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, ZstdNative.ZSTD_maxCLevel());
    }

    private static void EnsureZstd()
    {
        if (!s_zstdReady)
        {
            NativeLibraries.EnsureLoaded(NativeLibraries.Zstd);
            s_zstdReady = true;
        }
    }

    private static void EnsureLz4()
    {
        if (!s_lz4Ready)
        {
            NativeLibraries.EnsureLoaded(NativeLibraries.Lz4);
            s_lz4Ready = true;
        }
    }

    private static ReadOnlySpan<byte> NonEmpty(ReadOnlySpan<byte> span) => span.IsEmpty ? s_placeholder : span;

    private static Span<byte> NonEmpty(Span<byte> span) => span.IsEmpty ? s_placeholder : span;
}
