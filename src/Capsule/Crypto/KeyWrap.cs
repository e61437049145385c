using System.Security.Cryptography;

namespace Capsule.Crypto;

/// <summary>
/// Wraps the capsule's random 32-byte data key under a key-encryption key (derived from the
/// password by <see cref="KeyDerivation"/>) with ChaCha20-Poly1305, so that changing the password
/// rewrites only these 61 bytes and never the data.
/// </summary>
/// <remarks>
/// Wrapped-key layout (61 bytes):
/// <code>
///   off len field
///     0   1 version: 1
///     1  12 nonce: random (the KEK changes with every password or salt, but a random nonce
///           keeps each wrap safe even if a caller ever reuses a KEK)
///    13  32 ciphertext of the data key
///    45  16 Poly1305 tag
/// </code>
/// Associated data is the version byte followed by the caller's context (e.g. the capsule's file
/// id and "capsule key v1"), so a wrapped key copied into another capsule, or relabelled with
/// another version, fails to unwrap.
/// </remarks>
internal static class KeyWrap
{
    /// <summary>The only wrapped-key version this code writes and reads.</summary>
    public const byte Version = 1;

    public const int VersionOffset = 0;
    public const int VersionLength = 1;
    public const int NonceOffset = VersionOffset + VersionLength;
    public const int NonceLength = ChaChaSupport.NonceLength;
    public const int CiphertextOffset = NonceOffset + NonceLength;
    public const int CiphertextLength = DataKeyLength;
    public const int TagOffset = CiphertextOffset + CiphertextLength;
    public const int TagLength = ChaChaSupport.TagLength;

    /// <summary>Total length of a wrapped key: 61 bytes.</summary>
    public const int WrappedLength = TagOffset + TagLength;

    /// <summary>Length of a data key: a ChaCha20-Poly1305 key.</summary>
    public const int DataKeyLength = ChaChaSupport.KeyLength;

    /// <summary>A fresh random data key from the operating system's CSPRNG.</summary>
    public static byte[] CreateDataKey() => RandomNumberGenerator.GetBytes(DataKeyLength);

    /// <summary>Wraps <paramref name="dataKey"/> under <paramref name="keyEncryptionKey"/>.</summary>
    /// <returns>A new <see cref="WrappedLength"/>-byte array laid out as in the remarks.</returns>
    /// <exception cref="ArgumentException">A key is not 32 bytes.</exception>
    public static byte[] Wrap(ReadOnlySpan<byte> keyEncryptionKey, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> context) =>
        Wrap(keyEncryptionKey, dataKey, context, RandomNumberGenerator.GetBytes(NonceLength));

    /// <summary>Wraps with a given nonce: golden-file recipes pass a fixed one so their bytes reproduce.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> keyEncryptionKey, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> context, ReadOnlySpan<byte> nonce)
    {
        if (dataKey.Length != DataKeyLength)
        {
            throw new ArgumentException($"a data key is {DataKeyLength} bytes, got {dataKey.Length}", nameof(dataKey));
        }

        var wrapped = new byte[WrappedLength];
        wrapped[VersionOffset] = Version;
        nonce[..NonceLength].CopyTo(wrapped.AsSpan(NonceOffset, NonceLength));
        var associated = AssociatedData(context);
        using var cipher = ChaChaSupport.Create(keyEncryptionKey);
        cipher.Encrypt(
            wrapped.AsSpan(NonceOffset, NonceLength), dataKey,
            wrapped.AsSpan(CiphertextOffset, CiphertextLength), wrapped.AsSpan(TagOffset, TagLength), associated);
        return wrapped;
    }

    /// <summary>Recovers the data key from <paramref name="wrapped"/>.</summary>
    /// <returns>A new 32-byte array; the caller owns it and should zero it after use.</returns>
    /// <exception cref="ArgumentException"><paramref name="wrapped"/> is not 61 bytes, or the KEK is not 32 bytes.</exception>
    /// <exception cref="UnsupportedFormatException">The version byte is not <see cref="Version"/>.</exception>
    /// <exception cref="WrongPasswordException">
    /// The tag does not verify: the KEK (so the password) is wrong, the context differs, or the
    /// wrapped bytes were changed; the cipher cannot tell these apart.
    /// </exception>
    public static byte[] Unwrap(ReadOnlySpan<byte> keyEncryptionKey, ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> context)
    {
        if (wrapped.Length != WrappedLength)
        {
            throw new ArgumentException($"a wrapped key is {WrappedLength} bytes, got {wrapped.Length}", nameof(wrapped));
        }

        if (wrapped[VersionOffset] != Version)
        {
            throw new UnsupportedFormatException(
                $"wrapped key version {wrapped[VersionOffset]} is not supported (this reader knows version {Version})", null, VersionOffset);
        }

        var dataKey = new byte[DataKeyLength];
        var associated = AssociatedData(context);
        using var cipher = ChaChaSupport.Create(keyEncryptionKey);
        try
        {
            cipher.Decrypt(
                wrapped.Slice(NonceOffset, NonceLength), wrapped.Slice(CiphertextOffset, CiphertextLength),
                wrapped.Slice(TagOffset, TagLength), dataKey, associated);
        }
        catch (AuthenticationTagMismatchException e)
        {
            // .NET already clears the destination on a tag mismatch; zeroing again costs nothing
            // and does not depend on that implementation detail.
            CryptographicOperations.ZeroMemory(dataKey);
            throw new WrongPasswordException(inner: e);
        }

        return dataKey;
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> context)
    {
        var associated = new byte[VersionLength + context.Length];
        associated[0] = Version;
        context.CopyTo(associated.AsSpan(VersionLength));
        return associated;
    }
}
