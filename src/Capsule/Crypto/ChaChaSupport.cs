using System.Security.Cryptography;

namespace Capsule.Crypto;

/// <summary>
/// One place that checks <see cref="ChaCha20Poly1305.IsSupported"/> and creates the cipher, so
/// an operating system without it (e.g. an OpenSSL build lacking ChaCha20) gets one clear error.
/// </summary>
internal static class ChaChaSupport
{
    /// <summary>Key length of ChaCha20-Poly1305 (RFC 8439 §2.8).</summary>
    public const int KeyLength = 32;

    /// <summary>Nonce length of the IETF variant (RFC 8439 §2.8).</summary>
    public const int NonceLength = 12;

    /// <summary>Poly1305 tag length (RFC 8439 §2.8).</summary>
    public const int TagLength = 16;

    /// <summary>Creates the cipher for <paramref name="key"/>; dispose it after use.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 32 bytes.</exception>
    /// <exception cref="PlatformNotSupportedException">The platform has no ChaCha20-Poly1305.</exception>
    public static ChaCha20Poly1305 Create(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"a ChaCha20-Poly1305 key is {KeyLength} bytes, got {key.Length}", nameof(key));
        }

        if (!ChaCha20Poly1305.IsSupported)
        {
            throw new PlatformNotSupportedException(
                "ChaCha20-Poly1305 is not available on this platform (on Linux it needs OpenSSL 1.1 or later); encrypted capsules cannot be used");
        }

        return new ChaCha20Poly1305(key);
    }
}
