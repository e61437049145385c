using System.Runtime.InteropServices;
using Capsule.Codecs;

namespace Capsule.Crypto;

/// <summary>
/// Source-generated bindings to the system libsodium (resolved by <see cref="NativeLibraries"/>),
/// limited to what Capsule uses: Argon2id through the generic <c>crypto_pwhash</c> API, its
/// limits, and <c>sodium_memzero</c>. Signatures follow <c>crypto_pwhash.h</c> of libsodium
/// 1.0.18 (<c>libsodium.so.23</c>): <c>size_t</c> is <see cref="nuint"/>,
/// <c>unsigned long long</c> is <see cref="ulong"/>.
/// </summary>
/// <remarks>
/// Callers go through <see cref="EnsureInitialized"/> first: it turns a missing library into a
/// <see cref="NativeLibraryMissingException"/> and runs <c>sodium_init</c>, which libsodium
/// requires before any other call (it picks CPU-specific implementations and seeds its RNG).
/// The limits are read from functions, not copied from the header, so that a libsodium built with
/// other limits is obeyed rather than second-guessed.
/// </remarks>
internal static unsafe partial class SodiumNative
{
    private const string Lib = NativeLibraries.Sodium;

    // Written once after a successful sodium_init. A race between two first callers is harmless:
    // sodium_init is thread-safe and idempotent (it returns 1 when already initialised).
    private static volatile bool s_initialized;

    /// <summary>Returns 0 on first success, 1 if already initialised, -1 on failure.</summary>
    [LibraryImport(Lib)]
    internal static partial int sodium_init();

    /// <summary>
    /// Derives <paramref name="outlen"/> bytes from a password. Returns 0 on success, -1 when the
    /// parameters are out of range or the memory cannot be allocated. Parallelism is fixed to 1.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int crypto_pwhash(
        byte* @out, ulong outlen, byte* passwd, ulong passwdlen, byte* salt, ulong opslimit, nuint memlimit, int alg);

    /// <summary>The algorithm id of Argon2id version 1.3 (2 in libsodium 1.0.18).</summary>
    [LibraryImport(Lib)]
    internal static partial int crypto_pwhash_alg_argon2id13();

    [LibraryImport(Lib)]
    internal static partial nuint crypto_pwhash_saltbytes();

    [LibraryImport(Lib)]
    internal static partial nuint crypto_pwhash_bytes_min();

    [LibraryImport(Lib)]
    internal static partial nuint crypto_pwhash_opslimit_min();

    [LibraryImport(Lib)]
    internal static partial nuint crypto_pwhash_opslimit_moderate();

    [LibraryImport(Lib)]
    internal static partial nuint crypto_pwhash_opslimit_max();

    [LibraryImport(Lib)]
    internal static partial nuint crypto_pwhash_memlimit_min();

    [LibraryImport(Lib)]
    internal static partial nuint crypto_pwhash_memlimit_moderate();

    [LibraryImport(Lib)]
    internal static partial nuint crypto_pwhash_memlimit_max();

    /// <summary>Zeroes memory in a way the C compiler may not optimise away.</summary>
    [LibraryImport(Lib)]
    internal static partial void sodium_memzero(void* pnt, nuint len);

    /// <summary>Loads libsodium and runs <c>sodium_init</c> once per process.</summary>
    /// <exception cref="NativeLibraryMissingException">libsodium could not be loaded.</exception>
    /// <exception cref="InvalidOperationException">sodium_init reported failure.</exception>
    internal static void EnsureInitialized()
    {
        if (s_initialized)
        {
            return;
        }

        NativeLibraries.EnsureLoaded(NativeLibraries.Sodium);
        if (sodium_init() < 0)
        {
            throw new InvalidOperationException("libsodium failed to initialise (sodium_init returned -1)");
        }

        s_initialized = true;
    }

    /// <summary>
    /// Zeroes <paramref name="buffer"/> through <c>sodium_memzero</c>, which the C compiler cannot
    /// elide. (<see cref="System.Security.Cryptography.CryptographicOperations.ZeroMemory"/> would
    /// also do; this keeps secrets handled by libsodium on libsodium's own primitive.)
    /// </summary>
    internal static void MemZero(Span<byte> buffer)
    {
        EnsureInitialized();
        // SAFETY: the span is pinned for the duration of the call and its exact length is passed.
        fixed (byte* p = buffer)
        {
            sodium_memzero(p, (nuint)buffer.Length);
        }
    }
}
