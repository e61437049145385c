namespace Capsule.Format;

/// <summary>
/// The body of a segment record (FORMAT.md §6): the frames one commit added, cut into blocks that are
/// compressed independently with the codec chosen for this segment, so reading one frame
/// decompresses one block.
/// <code>
///  off  len  field
///    0    8  first frame id
///    8    4  frame count (≥ 1)
///   12    1  codec (0 raw, 1 LZ4, 2 Zstandard, 3 Zstandard with the dictionary below)
///   13    3  reserved, 0
///   16    4  block count (1 ≤ blocks ≤ frames)
///   20    4  dictionary length d (0 unless codec 3)
///   24    8  raw bytes (sum of the blocks' raw lengths)
///   32    d  dictionary (zstd format, trained on this segment's frames)
///         24 × blocks  block table: u64 stored offset (from the data area), u32 stored length,
///                      u32 raw length, u32 index of the block's first frame, u32 CRC-32C of stored bytes
///         28 × frames  frame directory: u32 offset in the raw block, u32 length, u64 uri hash,
///                      u64 superseded frame id (all ones = none), u8 frame kind, u8 flags (bit0 has uri),
///                      u16 reserved 0
///          4  CRC-32C of the body bytes before it (header, dictionary and tables)
///         ..  data area: the blocks' stored bytes in order
/// </code>
/// </summary>
internal static class SegmentLayout
{
    public const int FirstFrameOffset = 0;
    public const int FrameCountOffset = FirstFrameOffset + 8;
    public const int CodecOffset = FrameCountOffset + 4;
    public const int ReservedOffset = CodecOffset + 1;
    public const int BlockCountOffset = ReservedOffset + 3;
    public const int DictionaryLengthOffset = BlockCountOffset + 4;
    public const int RawBytesOffset = DictionaryLengthOffset + 4;
    public const int HeaderLength = RawBytesOffset + 8;

    public const int BlockEntryLength = 8 + 4 + 4 + 4 + 4;
    public const int DirectoryEntryLength = 4 + 4 + 8 + 8 + 1 + 1 + 2;
    public const int TablesCrcLength = 4;

    public const byte FlagHasUri = 1;
    public const ulong NoSupersedes = ulong.MaxValue;

    /// <summary>A dictionary larger than this is never written (zstd dictionaries stay small to pay off).</summary>
    public const int MaxDictionaryLength = 1 << 20;

    public static int TablesLength(int dictionaryLength, int blocks, int frames) =>
        HeaderLength + dictionaryLength + blocks * BlockEntryLength + frames * DirectoryEntryLength;
}
