namespace Capsule.Format;

/// <summary>
/// The body of a run record (FORMAT.md §7): what a range of commits (from, to] added, sealed so that
/// opening a capsule reads it through the map instead of replaying those commits.
/// <code>
///  off  len  field
///    0    8  from sequence (exclusive)
///    8    8  to sequence (inclusive)
///   16    8  first frame id          24  8  end frame id (exclusive)
///   32    1  level (0 when sealed from the tail; merging F runs of level L makes level L+1)
///   33    1  index count I (format 2; always 0 in format 1)
///   34    6  reserved, 0
///   40    8  segment count S         48  8  dead count D          56  8  uri count U
///   64  20S  segments: u64 first frame id, u32 frame count, u64 segment record offset (frame order,
///            contiguous from first to end frame id)
///       8D   frame ids that became dead (superseded or deleted) in the range, strictly ascending
///      16U   uri table: u64 uri hash, u64 frame id, ascending by (hash, id): the frames with a uri
///            that the range added and that were still live at its end
///      16I   indexes over the run's frames: u8 index type, 7 reserved zero bytes, u64 index record offset
///            (types distinct, ascending; each record before the run's own)
/// </code>
/// </summary>
internal static class RunLayout
{
    public const int FromOffset = 0;
    public const int ToOffset = 8;
    public const int FirstFrameOffset = 16;
    public const int EndFrameOffset = 24;
    public const int LevelOffset = 32;
    public const int IndexCountOffset = 33;
    public const int ReservedOffset = 34;
    public const int ReservedLength = 6;
    public const int SegmentCountOffset = 40;
    public const int DeadCountOffset = 48;
    public const int UriCountOffset = 56;
    public const int HeaderLength = 64;

    public const int SegmentEntryLength = 20;
    public const int DeadEntryLength = 8;
    public const int UriEntryLength = 16;
    public const int IndexEntryLength = 16;
}
