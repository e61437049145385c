using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Capsule.Crypto;

/// <summary>
/// The 16-byte Argon2id salt (libsodium's <c>crypto_pwhash_SALTBYTES</c>). Held as two
/// little-endian 64-bit halves so that the type is immutable and compares by value, which an array
/// field inside a record struct would not.
/// </summary>
internal readonly record struct Argon2idSalt
{
    /// <summary>Salt length in bytes; fixed by libsodium's crypto_pwhash.</summary>
    public const int Length = 16;

    private readonly ulong _low;
    private readonly ulong _high;

    private Argon2idSalt(ulong low, ulong high)
    {
        _low = low;
        _high = high;
    }

    /// <summary>Reads a salt from exactly <see cref="Length"/> bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 16 bytes long.</exception>
    public static Argon2idSalt FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"an Argon2id salt is {Length} bytes, got {bytes.Length}", nameof(bytes));
        }

        return new Argon2idSalt(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
    }

    /// <summary>A fresh salt from the operating system's CSPRNG.</summary>
    public static Argon2idSalt CreateRandom()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return FromBytes(bytes);
    }

    /// <summary>Writes the 16 salt bytes to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 16 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, a salt needs {Length}", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64LittleEndian(destination, _low);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _high);
    }

    /// <summary>The salt as a new 16-byte array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }
}
