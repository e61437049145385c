using System.Buffers.Binary;

namespace Capsule.Format;

/// <summary>
/// The key block of an encrypted capsule, kept in the superblock's reserved area (FORMAT.md §16.1) so
/// that it is covered by the slot CRC and rewritten, like the rest of the slot, without touching any
/// record. Present exactly when the superblock's incompatible feature bit 0x1 is set.
/// <code>
///  slot off  len  field
///        72    1  key block version (1)
///        73    1  reserved, 0
///        74    2  seal epoch: the writer session's number, in every record header it writes (§16.2)
///        76    4  Argon2id iterations (libsodium opslimit)
///        80    8  Argon2id memory in bytes (libsodium memlimit)
///        88   16  Argon2id salt
///       104   61  wrapped data key (KeyWrap layout: version, nonce, ciphertext, tag)
///       165       rest of the reserved area, zero
/// </code>
/// </summary>
internal sealed record KeyBlock(ushort SealEpoch, uint Iterations, ulong MemoryBytes, byte[] Salt, byte[] WrappedKey)
{
    public const byte CurrentVersion = 1;
    public const int SaltLength = 16;
    public const int WrappedKeyLength = 61;

    public const int VersionOffset = Superblock.ReservedOffset;
    public const int EpochOffset = VersionOffset + 2;
    public const int IterationsOffset = EpochOffset + 2;
    public const int MemoryOffset = IterationsOffset + 4;
    public const int SaltOffset = MemoryOffset + 8;
    public const int WrappedKeyOffset = SaltOffset + SaltLength;
    public const int End = WrappedKeyOffset + WrappedKeyLength;

    public void WriteTo(Span<byte> slot)
    {
        slot[VersionOffset] = CurrentVersion;
        BinaryPrimitives.WriteUInt16LittleEndian(slot[EpochOffset..], SealEpoch);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[IterationsOffset..], Iterations);
        BinaryPrimitives.WriteUInt64LittleEndian(slot[MemoryOffset..], MemoryBytes);
        Salt.CopyTo(slot[SaltOffset..]);
        WrappedKey.CopyTo(slot[WrappedKeyOffset..]);
    }

    /// <summary>Reads the key block of a slot whose CRC already matched; null with a problem when its fields cannot be.</summary>
    public static KeyBlock? TryRead(ReadOnlySpan<byte> slot, out string? problem)
    {
        problem = null;
        if (slot[VersionOffset] != CurrentVersion || slot[VersionOffset + 1] != 0)
        {
            problem = $"key block version {slot[VersionOffset]} is not supported";
            return null;
        }
        if (slot[End..Superblock.CrcOffset].ContainsAnyExcept((byte)0))
        {
            problem = "bytes after the key block are not zero";
            return null;
        }
        return new KeyBlock(
            BinaryPrimitives.ReadUInt16LittleEndian(slot[EpochOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(slot[IterationsOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(slot[MemoryOffset..]),
            slot.Slice(SaltOffset, SaltLength).ToArray(),
            slot.Slice(WrappedKeyOffset, WrappedKeyLength).ToArray());
    }
}
