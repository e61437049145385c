using System.Buffers.Binary;

namespace Capsule.Format;

/// <summary>
/// One of the two fixed superblock slots at the start of the file (FORMAT.md §2). They are the only
/// bytes ever rewritten: commits write them alternately, and the valid slot with the highest
/// generation wins.
/// <code>
///  off  len  field
///    0    8  magic 89 43 41 50 53 0D 0A 1A  ("\x89CAPS\r\n\x1A")
///    8    2  format major version
///   10    2  format minor version
///   12    4  slot size (4096)
///   16    8  incompatible features (a reader must understand every bit set)
///   24    8  compatible features (a reader may ignore bits it does not know)
///   32    8  generation (increases by one with every superblock write)
///   40    8  head commit offset (0 = no commit yet)
///   48    8  head commit sequence (0 = no commit yet)
///   56    8  scan start: file offset just past the head commit record (8192 when empty)
///   64    8  created at, microseconds since 1970-01-01T00:00:00Z
///   72 4020  reserved, zero; with incompatible feature 0x1 (encrypted) it starts with the key block (<see cref="KeyBlock"/>)
/// 4092    4  CRC-32C of bytes [0, 4092)
/// </code>
/// </summary>
internal readonly record struct Superblock(
    ushort Major,
    ushort Minor,
    ulong IncompatibleFeatures,
    ulong CompatibleFeatures,
    ulong Generation,
    long HeadCommitOffset,
    ulong HeadCommitSequence,
    long ScanStart,
    long CreatedAtMicros)
{
    /// <summary>The key block of an encrypted capsule (FORMAT.md §16.1); null for a plain one.</summary>
    public KeyBlock? Key { get; init; }

    public bool IsEncrypted => (IncompatibleFeatures & EncryptedFeature) != 0;

    public const int SlotSize = 4096;
    public const int SlotCount = 2;
    public const long DataStart = SlotSize * SlotCount;

    public const int MagicOffset = 0;
    public const int MagicLength = 8;
    public const int MajorOffset = MagicOffset + MagicLength;
    public const int MinorOffset = MajorOffset + 2;
    public const int SlotSizeOffset = MinorOffset + 2;
    public const int IncompatibleOffset = SlotSizeOffset + 4;
    public const int CompatibleOffset = IncompatibleOffset + 8;
    public const int GenerationOffset = CompatibleOffset + 8;
    public const int HeadCommitOffsetOffset = GenerationOffset + 8;
    public const int HeadSequenceOffset = HeadCommitOffsetOffset + 8;
    public const int ScanStartOffset = HeadSequenceOffset + 8;
    public const int CreatedAtOffset = ScanStartOffset + 8;
    public const int ReservedOffset = CreatedAtOffset + 8;
    public const int CrcOffset = SlotSize - 4;

    /// <summary>Generations stay below 2^63, so adding one never wraps (a writer would need 2^63 commits).</summary>
    public const ulong MaxGeneration = 1UL << 63;

    /// <summary>Format 2 adds index and settings records (FORMAT.md §12); a writer upgrades a format-1 file when it opens it.</summary>
    public const ushort CurrentMajor = 2;
    public const ushort CurrentMinor = 0;

    /// <summary>The oldest major version this reader still opens.</summary>
    public const ushort OldestMajor = 1;

    /// <summary>Incompatible feature 0x1: record bodies are sealed and the slot carries a key block (FORMAT.md §16).</summary>
    public const ulong EncryptedFeature = 0x1;

    /// <summary>Incompatible feature bits this version understands.</summary>
    public const ulong KnownIncompatibleFeatures = EncryptedFeature;

    public static ReadOnlySpan<byte> Magic => [0x89, 0x43, 0x41, 0x50, 0x53, 0x0D, 0x0A, 0x1A];

    public static long SlotOffset(int slot) => (long)slot * SlotSize;

    public void WriteTo(Span<byte> slot)
    {
        slot[..SlotSize].Clear();
        Magic.CopyTo(slot);
        BinaryPrimitives.WriteUInt16LittleEndian(slot[MajorOffset..], Major);
        BinaryPrimitives.WriteUInt16LittleEndian(slot[MinorOffset..], Minor);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[SlotSizeOffset..], SlotSize);
        BinaryPrimitives.WriteUInt64LittleEndian(slot[IncompatibleOffset..], IncompatibleFeatures);
        BinaryPrimitives.WriteUInt64LittleEndian(slot[CompatibleOffset..], CompatibleFeatures);
        BinaryPrimitives.WriteUInt64LittleEndian(slot[GenerationOffset..], Generation);
        BinaryPrimitives.WriteInt64LittleEndian(slot[HeadCommitOffsetOffset..], HeadCommitOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(slot[HeadSequenceOffset..], HeadCommitSequence);
        BinaryPrimitives.WriteInt64LittleEndian(slot[ScanStartOffset..], ScanStart);
        BinaryPrimitives.WriteInt64LittleEndian(slot[CreatedAtOffset..], CreatedAtMicros);
        Key?.WriteTo(slot);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[CrcOffset..], Crc32C.Compute(slot[..CrcOffset]));
    }

    /// <summary>How one slot reads: absent (no magic), damaged (magic but bad checksum or fields), or valid.</summary>
    public enum SlotState { NoMagic, Damaged, Valid }

    public static SlotState TryRead(ReadOnlySpan<byte> slot, out Superblock superblock, out string? problem)
    {
        superblock = default;
        problem = null;
        if (slot.Length < SlotSize || !slot[..MagicLength].SequenceEqual(Magic))
        {
            return SlotState.NoMagic;
        }
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(slot[CrcOffset..]);
        if (crc != Crc32C.Compute(slot[..CrcOffset]))
        {
            problem = "superblock checksum mismatch";
            return SlotState.Damaged;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(slot[SlotSizeOffset..]) != SlotSize)
        {
            problem = "superblock slot size is not 4096";
            return SlotState.Damaged;
        }
        var generation = BinaryPrimitives.ReadUInt64LittleEndian(slot[GenerationOffset..]);
        var created = BinaryPrimitives.ReadInt64LittleEndian(slot[CreatedAtOffset..]);
        if (generation >= MaxGeneration || !Time.IsRepresentable(created))
        {
            // Neither can happen through writing; a slot that says so was damaged (or forged) before its CRC.
            problem = "superblock generation or creation time is out of range";
            return SlotState.Damaged;
        }
        var incompatible = BinaryPrimitives.ReadUInt64LittleEndian(slot[IncompatibleOffset..]);
        KeyBlock? key = null;
        if ((incompatible & EncryptedFeature) != 0)
        {
            key = KeyBlock.TryRead(slot, out problem);
            if (key is null)
            {
                return SlotState.Damaged;
            }
        }
        superblock = new Superblock(
            BinaryPrimitives.ReadUInt16LittleEndian(slot[MajorOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(slot[MinorOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(slot[IncompatibleOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(slot[CompatibleOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(slot[GenerationOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(slot[HeadCommitOffsetOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(slot[HeadSequenceOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(slot[ScanStartOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(slot[CreatedAtOffset..]))
        { Key = key };
        return SlotState.Valid;
    }
}
