using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Capsule.Crypto;

/// <summary>
/// Seals and opens one record body with ChaCha20-Poly1305 under the capsule's data key. The nonce
/// is derived from the record's file offset and the record header is associated data, so a record
/// moved to another offset, given another header, or cut short fails to open.
/// </summary>
/// <remarks>
/// Sealed body: ciphertext (same length as the plaintext) followed by the 16-byte Poly1305 tag,
/// so a sealed body is <see cref="Overhead"/> bytes longer than the plain one.
/// <para>Nonce (12 bytes):</para>
/// <code>
///   off len field
///     0   4 domain: ASCII "rec1" (record bodies under data-key epoch 1)
///     4   8 the record's file offset, u64 little-endian
/// </code>
/// <para>Why the nonce never repeats under one key: ChaCha20-Poly1305 must never see the same
/// (key, nonce) twice. The capsule file is append-only, so no two records ever start at the same
/// offset under one data key; a compacted or re-encrypted capsule is a new file written with a
/// new random data key, so its offsets restart under a key that has never been used. The domain
/// prefix keeps room for any other use of the data key (which must pick another prefix) without
/// colliding with record nonces.</para>
/// <para>The static methods create a cipher per call. Record bodies are whole segments or tables
/// (kilobytes and up), so the setup is small beside the work, and static calls are safe to make
/// from any number of reader threads at once.</para>
/// </remarks>
internal static class RecordSealer
{
    /// <summary>Bytes a sealed body adds to the plaintext: the Poly1305 tag.</summary>
    public const int Overhead = ChaChaSupport.TagLength;

    public const int NonceLength = ChaChaSupport.NonceLength;
    public const int DomainOffset = 0;
    public const int DomainLength = 4;
    public const int FileOffsetOffset = DomainOffset + DomainLength;
    public const int FileOffsetLength = 8;

    /// <summary>The nonce domain of record bodies: ASCII "rec1" read as a little-endian u32.</summary>
    public const uint RecordDomain = 0x3163_6572;

    /// <summary>Writes the nonce for the record at <paramref name="fileOffset"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="nonce"/> is not 12 bytes.</exception>
    public static void DeriveNonce(long fileOffset, Span<byte> nonce)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileOffset);
        if (nonce.Length != NonceLength)
        {
            throw new ArgumentException($"a nonce is {NonceLength} bytes, got {nonce.Length}", nameof(nonce));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(nonce[DomainOffset..], RecordDomain);
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[FileOffsetOffset..], (ulong)fileOffset);
    }

    /// <summary>
    /// Seals <paramref name="plaintext"/> as the body of the record at <paramref name="fileOffset"/>
    /// whose header is <paramref name="associatedHeader"/>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="output"/> is not exactly <c>plaintext.Length + Overhead</c> bytes, or the key is not 32 bytes.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is negative.</exception>
    public static void Seal(
        ReadOnlySpan<byte> dataKey, long fileOffset, ReadOnlySpan<byte> associatedHeader,
        ReadOnlySpan<byte> plaintext, Span<byte> output)
    {
        if (output.Length != plaintext.Length + Overhead)
        {
            throw new ArgumentException(
                $"a sealed body of {plaintext.Length} plaintext bytes is {plaintext.Length + Overhead} bytes, the output holds {output.Length}",
                nameof(output));
        }

        Span<byte> nonce = stackalloc byte[NonceLength];
        DeriveNonce(fileOffset, nonce);
        using var cipher = ChaChaSupport.Create(dataKey);
        cipher.Encrypt(nonce, plaintext, output[..plaintext.Length], output[plaintext.Length..], associatedHeader);
    }

    /// <summary>
    /// Opens a body sealed by <see cref="Seal"/>. Returns false, with <paramref name="plaintext"/>
    /// zeroed, when the body does not authenticate: a changed byte, another offset, another header,
    /// another key, or a body shorter than the tag. Any of these is corruption to the caller.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="plaintext"/> is not exactly <c>sealedBody.Length - Overhead</c> bytes (when
    /// the body is at least <see cref="Overhead"/> long), or the key is not 32 bytes.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is negative.</exception>
    public static bool TryOpen(
        ReadOnlySpan<byte> dataKey, long fileOffset, ReadOnlySpan<byte> associatedHeader,
        ReadOnlySpan<byte> sealedBody, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        DeriveNonce(fileOffset, nonce);
        if (sealedBody.Length < Overhead)
        {
            // Shorter than a tag: bytes read from a damaged file, not a caller mistake.
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }

        var cipherLength = sealedBody.Length - Overhead;
        if (plaintext.Length != cipherLength)
        {
            throw new ArgumentException(
                $"a sealed body of {sealedBody.Length} bytes opens to {cipherLength} bytes, the output holds {plaintext.Length}",
                nameof(plaintext));
        }

        using var cipher = ChaChaSupport.Create(dataKey);
        try
        {
            cipher.Decrypt(nonce, sealedBody[..cipherLength], sealedBody[cipherLength..], plaintext, associatedHeader);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // Unverified plaintext must never reach the caller; .NET clears it, this makes sure.
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }
}
