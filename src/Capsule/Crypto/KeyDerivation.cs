using System.Security.Cryptography;

namespace Capsule.Crypto;

/// <summary>
/// Turns a password into a 32-byte key-encryption key with Argon2id (libsodium's
/// <c>crypto_pwhash</c>, algorithm <c>crypto_pwhash_alg_argon2id13()</c>).
/// </summary>
/// <remarks>
/// Empty passwords are rejected: a capsule "encrypted" under the empty string opens for anyone,
/// which is worse than an unencrypted capsule because it looks protected. Argon2id itself accepts
/// them (and <see cref="DeriveRaw"/> does, for known-answer tests), so the policy lives here.
/// </remarks>
internal static class KeyDerivation
{
    /// <summary>Length of a derived key: a ChaCha20-Poly1305 key.</summary>
    public const int KeyLength = 32;

    /// <summary>Derives the key-encryption key for <paramref name="passwordUtf8"/>.</summary>
    /// <returns>A new 32-byte array; the caller owns it and should zero it after use.</returns>
    /// <exception cref="ArgumentException">The password is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parameters"/> are out of range.</exception>
    /// <exception cref="CryptographicException">libsodium failed (usually: the memory could not be allocated).</exception>
    public static byte[] DeriveKey(ReadOnlySpan<byte> passwordUtf8, in Argon2idParameters parameters)
    {
        if (passwordUtf8.IsEmpty)
        {
            throw new ArgumentException("the password must not be empty", nameof(passwordUtf8));
        }

        parameters.Validate();
        Span<byte> salt = stackalloc byte[Argon2idSalt.Length];
        parameters.Salt.CopyTo(salt);
        var key = new byte[KeyLength];
        DeriveRaw(passwordUtf8, salt, parameters.Iterations, parameters.MemoryBytes, key);
        return key;
    }

    /// <summary>
    /// Raw <c>crypto_pwhash</c> with Argon2id and any output length, no policy checks beyond
    /// libsodium's own. Used by <see cref="DeriveKey"/> and by known-answer tests whose vectors
    /// have other output lengths or an empty password.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="salt"/> is not 16 bytes.</exception>
    /// <exception cref="CryptographicException">libsodium rejected the inputs or could not allocate the memory.</exception>
    internal static unsafe void DeriveRaw(
        ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, ulong iterations, ulong memoryBytes, Span<byte> output)
    {
        SodiumNative.EnsureInitialized();
        if (salt.Length != (int)SodiumNative.crypto_pwhash_saltbytes())
        {
            throw new ArgumentException($"an Argon2id salt is {SodiumNative.crypto_pwhash_saltbytes()} bytes, got {salt.Length}", nameof(salt));
        }

        if (memoryBytes > nuint.MaxValue)
        {
            throw new CryptographicException($"Argon2id memory of {memoryBytes} bytes does not fit this process's address space");
        }

        int result;
        // SAFETY: every span is pinned for the duration of the call, and libsodium reads exactly
        // password.Length and crypto_pwhash_saltbytes() bytes and writes exactly output.Length
        // bytes. A fixed on an empty span yields null, which libsodium accepts when the length is 0.
        fixed (byte* outPtr = output, passwordPtr = password, saltPtr = salt)
        {
            result = SodiumNative.crypto_pwhash(
                outPtr, (ulong)output.Length, passwordPtr, (ulong)password.Length, saltPtr,
                iterations, (nuint)memoryBytes, SodiumNative.crypto_pwhash_alg_argon2id13());
        }

        if (result != 0)
        {
            // Nothing half-derived may survive a failure.
            SodiumNative.MemZero(output);
            throw new CryptographicException(
                $"Argon2id key derivation failed (crypto_pwhash returned {result}) with {iterations} iterations " +
                $"and {memoryBytes} bytes of memory: the parameters are out of libsodium's range or the memory could not be allocated");
        }
    }
}
