using Microsoft.Win32.SafeHandles;

namespace Capsule.Codecs;

/// <summary>
/// Owns a native zstd decompression context (ZSTD_DCtx). A SafeHandle rather than a raw pointer because the
/// interop marshaller then keeps it alive (AddRef/Release) for the duration of each call, so a
/// concurrent <see cref="IDisposable.Dispose"/> cannot free it mid-call, and the finalizer frees it
/// if its owner (e.g. a [ThreadStatic] slot of an exited thread) simply drops it.
/// </summary>
internal sealed class ZstdDecompressContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Called by the interop marshaller when a create function returns.</summary>
    public ZstdDecompressContextHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        // The free functions return 0 on success; they only fail for a pointer they did not make.
        return ZstdNative.ZSTD_freeDCtx(handle) == 0;
    }
}
