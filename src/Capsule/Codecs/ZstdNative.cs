using System.Runtime.InteropServices;

namespace Capsule.Codecs;

/// <summary>
/// Source-generated bindings to the system libzstd (resolved by <see cref="NativeLibraries"/>).
/// Signatures follow zstd.h / zdict.h of zstd 1.5: <c>size_t</c> is <see cref="nuint"/>,
/// <c>unsigned</c> is <see cref="uint"/>, and every size-returning function encodes errors in the
/// same value, to be tested with <see cref="ZSTD_isError"/> (or <see cref="ZDICT_isError"/>).
/// </summary>
/// <remarks>
/// Callers must call <c>NativeLibraries.EnsureLoaded(NativeLibraries.Zstd)</c> first so that a
/// missing library is a <see cref="NativeLibraryMissingException"/>. The pointer parameters are
/// raw so that callers pin spans once with <c>fixed</c> and pass lengths explicitly.
/// Contexts and dictionaries come back as <see cref="SafeHandle"/>s so that a handle dropped by a
/// dead thread or a forgotten dispose is still freed by the finalizer, never leaked or freed twice.
/// </remarks>
internal static unsafe partial class ZstdNative
{
    private const string Lib = NativeLibraries.Zstd;

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_compressBound(nuint srcSize);

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_compress(byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int compressionLevel);

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_decompress(byte* dst, nuint dstCapacity, byte* src, nuint compressedSize);

    [LibraryImport(Lib)]
    internal static partial uint ZSTD_isError(nuint code);

    /// <summary>Returns a pointer to a static, NUL-terminated ASCII string owned by libzstd (never freed).</summary>
    [LibraryImport(Lib)]
    internal static partial nint ZSTD_getErrorName(nuint code);

    /// <summary>
    /// The length of the first frame (zstd or skippable) starting at <paramref name="src"/>, or an
    /// error code if no complete frame fits in <paramref name="srcSize"/>. Walks block headers only.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_findFrameCompressedSize(byte* src, nuint srcSize);

    /// <summary>The decompressed size a zstd frame header declares; ulong.MaxValue = unknown, ulong.MaxValue - 1 = error.</summary>
    [LibraryImport(NativeLibraries.Zstd)]
    internal static partial ulong ZSTD_getFrameContentSize(byte* src, nuint srcSize);

    [LibraryImport(Lib)]
    internal static partial int ZSTD_minCLevel();

    [LibraryImport(Lib)]
    internal static partial int ZSTD_maxCLevel();

    [LibraryImport(Lib)]
    internal static partial ZstdCompressContextHandle ZSTD_createCCtx();

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_freeCCtx(nint cctx);

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_compressCCtx(ZstdCompressContextHandle cctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int compressionLevel);

    [LibraryImport(Lib)]
    internal static partial ZstdDecompressContextHandle ZSTD_createDCtx();

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_freeDCtx(nint dctx);

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_decompressDCtx(ZstdDecompressContextHandle dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    /// <summary>Digests a dictionary once (copying its bytes) for repeated compression at one level.</summary>
    [LibraryImport(Lib)]
    internal static partial ZstdCompressDictionaryHandle ZSTD_createCDict(byte* dictBuffer, nuint dictSize, int compressionLevel);

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_freeCDict(nint cdict);

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_compress_usingCDict(ZstdCompressContextHandle cctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize, ZstdCompressDictionaryHandle cdict);

    /// <summary>Digests a dictionary once (copying its bytes) for repeated decompression.</summary>
    [LibraryImport(Lib)]
    internal static partial ZstdDecompressDictionaryHandle ZSTD_createDDict(byte* dictBuffer, nuint dictSize);

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_freeDDict(nint ddict);

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_decompress_usingDDict(ZstdDecompressContextHandle dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize, ZstdDecompressDictionaryHandle ddict);

    /// <summary>
    /// Trains a dictionary from samples laid end to end in <paramref name="samplesBuffer"/>, with
    /// their lengths in <paramref name="samplesSizes"/>. Returns the dictionary size or an error
    /// code (test with <see cref="ZDICT_isError"/>), e.g. when there are too few or too small samples.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial nuint ZDICT_trainFromBuffer(byte* dictBuffer, nuint dictBufferCapacity, byte* samplesBuffer, nuint* samplesSizes, uint nbSamples);

    /// <summary>
    /// ZDICT_fastCover_params_t from zdict.h (zstd 1.5): one fastCover pass with fixed k and d,
    /// instead of the parameter search ZDICT_trainFromBuffer runs (which costs ~20x more).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct FastCoverParameters
    {
        public uint K;
        public uint D;
        public uint F;
        public uint Steps;
        public uint Threads;
        public double SplitPoint;
        public uint Accel;
        public uint ShrinkDict;
        public uint ShrinkDictMaxRegression;
        public int CompressionLevel;
        public uint NotificationLevel;
        public uint DictId;
    }

    /// <summary>Trains with fixed fastCover parameters; returns the dictionary size or an error code.</summary>
    [LibraryImport(NativeLibraries.Zstd)]
    internal static partial nuint ZDICT_trainFromBuffer_fastCover(byte* dictBuffer, nuint dictBufferCapacity, byte* samplesBuffer, nuint* samplesSizes, uint nbSamples, FastCoverParameters parameters);

    [LibraryImport(Lib)]
    internal static partial uint ZDICT_isError(nuint errorCode);

    /// <summary>Returns a pointer to a static, NUL-terminated ASCII string owned by libzstd (never freed).</summary>
    [LibraryImport(Lib)]
    internal static partial nint ZDICT_getErrorName(nuint errorCode);

    /// <summary>The dictionary id stored in a zstd-format dictionary's header, or 0 for raw-content dictionaries.</summary>
    [LibraryImport(Lib)]
    internal static partial uint ZSTD_getDictID_fromDict(byte* dict, nuint dictSize);

    /// <summary>libzstd's name for a size_t error code, for exception messages.</summary>
    internal static string ErrorName(nuint code) =>
        Marshal.PtrToStringAnsi(ZSTD_getErrorName(code)) ?? $"zstd error {code}";

    /// <summary>libzstd's name for a ZDICT error code, for diagnostics.</summary>
    internal static string DictionaryErrorName(nuint code) =>
        Marshal.PtrToStringAnsi(ZDICT_getErrorName(code)) ?? $"zdict error {code}";
}
