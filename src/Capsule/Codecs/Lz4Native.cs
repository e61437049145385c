using System.Runtime.InteropServices;

namespace Capsule.Codecs;

/// <summary>
/// Source-generated bindings to the system liblz4 block API (lz4.h / lz4hc.h of LZ4 1.9),
/// resolved by <see cref="NativeLibraries"/>. The block API takes <c>int</c> sizes, so every
/// block is limited to <see cref="MaxInputSize"/> bytes.
/// </summary>
/// <remarks>
/// Callers must call <c>NativeLibraries.EnsureLoaded(NativeLibraries.Lz4)</c> first so that a
/// missing library is a <see cref="NativeLibraryMissingException"/>. Only
/// <see cref="LZ4_decompress_safe"/> may be given untrusted bytes: it never reads or writes outside
/// the two buffers and returns a negative number for malformed input.
/// </remarks>
internal static unsafe partial class Lz4Native
{
    private const string Lib = NativeLibraries.Lz4;

    /// <summary>LZ4_MAX_INPUT_SIZE from lz4.h: the largest block the block API accepts.</summary>
    internal const int MaxInputSize = 0x7E000000;

    /// <summary>Worst-case compressed size, or 0 when <paramref name="inputSize"/> exceeds <see cref="MaxInputSize"/>.</summary>
    [LibraryImport(Lib)]
    internal static partial int LZ4_compressBound(int inputSize);

    /// <summary>Returns the compressed size, or 0 if <paramref name="dstCapacity"/> was too small.</summary>
    [LibraryImport(Lib)]
    internal static partial int LZ4_compress_default(byte* src, byte* dst, int srcSize, int dstCapacity);

    /// <summary>
    /// The high-compression variant (slower to write, same format and decode speed), for cold
    /// data; levels 1..12 (LZ4HC_CLEVEL_MAX), 9 being lz4's default.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int LZ4_compress_HC(byte* src, byte* dst, int srcSize, int dstCapacity, int compressionLevel);

    /// <summary>Returns the decompressed size, or a negative number for malformed input or too small a destination.</summary>
    [LibraryImport(Lib)]
    internal static partial int LZ4_decompress_safe(byte* src, byte* dst, int compressedSize, int dstCapacity);
}
