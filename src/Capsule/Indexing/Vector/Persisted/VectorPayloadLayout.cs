namespace Capsule.Indexing.Vector.Persisted;

/// <summary>
/// The byte layout of a persisted vector index payload (PAYLOAD.md is the prose; this file is the law).
/// All integers little-endian. The header is fixed-size; every section starts 64-byte aligned, in the
/// order of <see cref="Section"/>, and its length is implied by the header fields (checked on open).
/// <code>
///  0   magic "CPSVECIX" (8)      8  version u32       12 header length u32 (= 256)
/// 16   dimension u32            20  metric u8  21 storage u8  22 flags u8  23 reserved u8 (0)
/// 24   count u32                28  M u32            32 efConstruction u32   36 efSearch u32
/// 40   entry point i32 (-1)     44  max level i32 (-1)  48 seed u64
/// 56   upper link ints u64      64  reserved (0) to 80
/// 80   section table: 11 × (offset u64, length u64) = 176 bytes, to 256
/// 256  sections, each at a multiple of 64, zero padding between them
/// </code>
/// </summary>
internal static class VectorPayloadLayout
{
    public const ulong Magic = 0x5849434556535043; // "CPSVECIX" read as a little-endian u64
    public const uint FormatVersion = 1;
    public const int Alignment = 64;

    public const int MagicOffset = 0;
    public const int MagicLength = 8;
    public const int VersionOffset = MagicOffset + MagicLength;
    public const int HeaderLengthOffset = VersionOffset + sizeof(uint);
    public const int DimensionOffset = HeaderLengthOffset + sizeof(uint);
    public const int MetricOffset = DimensionOffset + sizeof(uint);
    public const int StorageOffset = MetricOffset + 1;
    public const int FlagsOffset = StorageOffset + 1;
    public const int ReservedByteOffset = FlagsOffset + 1;
    public const int CountOffset = ReservedByteOffset + 1;
    public const int MOffset = CountOffset + sizeof(uint);
    public const int EfConstructionOffset = MOffset + sizeof(uint);
    public const int EfSearchOffset = EfConstructionOffset + sizeof(uint);
    public const int EntryPointOffset = EfSearchOffset + sizeof(uint);
    public const int MaxLevelOffset = EntryPointOffset + sizeof(int);
    public const int SeedOffset = MaxLevelOffset + sizeof(int);
    public const int UpperLinkIntsOffset = SeedOffset + sizeof(ulong);
    public const int ReservedOffset = UpperLinkIntsOffset + sizeof(ulong);
    public const int ReservedLength = 16;
    public const int SectionTableOffset = ReservedOffset + ReservedLength;
    public const int SectionEntryLength = 2 * sizeof(ulong);
    public const int SectionCount = 11;
    public const int HeaderLength = SectionTableOffset + (SectionCount * SectionEntryLength);

    /// <summary>Flag bit: the payload holds an HNSW graph (without it the index answers exactly).</summary>
    public const byte FlagHasGraph = 1;

    /// <summary>Highest layer a node may be on (the builder caps levels at 32).</summary>
    public const int MaxLevel = 32;

    /// <summary>Largest M accepted on open: far above any useful setting, small enough to bound list sizes.</summary>
    public const int MaxM = Format.SettingsRecord.MaxHnswM;

    /// <summary>The sections, in payload order.</summary>
    public enum Section
    {
        /// <summary>count × u64: frame id of each row, strictly ascending.</summary>
        FrameIds = 0,
        /// <summary>count × u8: each node's top layer (0 for most). Empty without a graph.</summary>
        Levels = 1,
        /// <summary>count × u32: index (in u32 units) of the node's layer-1 list in <see cref="UpperLinks"/>; 0 for level-0 nodes.</summary>
        UpperOffsets = 2,
        /// <summary>count × (1 + 2M) × u32: per node |link count|2M link slots|, unused slots 0.</summary>
        Layer0 = 3,
        /// <summary>upper link ints × u32: per node with level L ≥ 1, L lists of |count|M slots| for layers 1..L.</summary>
        UpperLinks = 4,
        /// <summary>count × stride32: float32 rows, each padded with zeros to a multiple of 64 bytes.</summary>
        Vectors = 5,
        /// <summary>F16: count × stride16 binary16 rows (64-byte padded). Empty for F32.</summary>
        HalfCodes = 6,
        /// <summary>Int8: count × stride8 code rows (64-byte padded). Empty otherwise.</summary>
        ByteCodes = 7,
        /// <summary>Int8: dimension × f32 minimum per dimension. Empty otherwise.</summary>
        QuantMin = 8,
        /// <summary>Int8: dimension × f32 scale per dimension (value = min + scale · code). Empty otherwise.</summary>
        QuantScale = 9,
        /// <summary>Reserved for a future section; always empty in version 1.</summary>
        Reserved = 10,
    }

    public static int SectionEntryOffset(Section section) => SectionTableOffset + ((int)section * SectionEntryLength);

    /// <summary>Rounds <paramref name="value"/> up to a multiple of <see cref="Alignment"/>.</summary>
    public static long Align(long value) => (value + Alignment - 1) & ~(long)(Alignment - 1);

    /// <summary>Bytes between row starts for <paramref name="dimension"/> values of <paramref name="valueBytes"/> each.</summary>
    public static long RowStride(int dimension, int valueBytes) => Align((long)dimension * valueBytes);

    /// <summary>
    /// The length of every section, as the header fields imply them: the writer lays sections out by
    /// these and the reader accepts nothing else, so the two cannot disagree.
    /// </summary>
    public static long[] SectionLengths(long count, int dimension, VectorStorage storage, bool hasGraph, int m, long upperInts)
    {
        var lengths = new long[SectionCount];
        lengths[(int)Section.FrameIds] = count * sizeof(ulong);
        if (hasGraph)
        {
            lengths[(int)Section.Levels] = count;
            lengths[(int)Section.UpperOffsets] = count * sizeof(uint);
            lengths[(int)Section.Layer0] = count * Layer0Ints(m) * sizeof(uint);
            lengths[(int)Section.UpperLinks] = upperInts * sizeof(uint);
        }
        lengths[(int)Section.Vectors] = count * RowStride(dimension, sizeof(float));
        if (storage == VectorStorage.F16)
        {
            lengths[(int)Section.HalfCodes] = count * RowStride(dimension, 2);
        }
        if (storage == VectorStorage.Int8)
        {
            lengths[(int)Section.ByteCodes] = count * RowStride(dimension, 1);
            lengths[(int)Section.QuantMin] = (long)dimension * sizeof(float);
            lengths[(int)Section.QuantScale] = (long)dimension * sizeof(float);
        }
        return lengths;
    }

    /// <summary>u32 slots per layer-0 list: the count and 2M links.</summary>
    public static int Layer0Ints(int m) => 1 + (2 * m);

    /// <summary>u32 slots per upper-layer list: the count and M links.</summary>
    public static int UpperInts(int m) => 1 + m;
}
