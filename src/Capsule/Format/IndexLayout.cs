namespace Capsule.Format;

/// <summary>
/// The body of an index record (FORMAT.md §13): one persisted index over one run's frames. The payload
/// is read in place through a mapping of the record; its 4 KiB pages carry their own checksums, so a
/// reader checks only what it touches instead of the whole record on open.
/// <code>
///  off  len  field
///    0    1  index type (IndexType: 1 full-text, 2 vector, 3 temporal)
///    1    1  payload layout version of that type
///    2    6  reserved, 0
///    8    8  first frame id covered          16  8  end frame id (exclusive)
///   24    8  payload length P
///   32    4  page count G = ceil(P / 4096)
///   36   4G  CRC-32C of each 4 KiB page of the payload (the last page may be short)
///       4    header CRC: CRC-32C of body bytes [0, 36 + 4G)
///       pad  0..63 zero bytes: the payload starts at a file offset that is a multiple of 64
///        P   payload
/// </code>
/// </summary>
internal static class IndexLayout
{
    public const int TypeOffset = 0;
    public const int VersionOffset = 1;
    public const int ReservedOffset = 2;
    public const int ReservedLength = 6;
    public const int FirstFrameOffset = 8;
    public const int EndFrameOffset = 16;
    public const int PayloadLengthOffset = 24;
    public const int PageCountOffset = 32;
    public const int PageCrcsOffset = 36;

    /// <summary>The payload's file offset is a multiple of this (vector rows are read with aligned SIMD loads).</summary>
    public const int PayloadAlignment = 64;

    /// <summary>Length of the header including the page CRCs and the header CRC.</summary>
    public static long HeaderLength(long pageCount) => PageCrcsOffset + 4 * pageCount + 4;

    /// <summary>Zero bytes between the header and the payload of a record whose body starts at <paramref name="bodyFileOffset"/>.</summary>
    public static int Padding(long bodyFileOffset, long pageCount)
    {
        var end = bodyFileOffset + HeaderLength(pageCount);
        return (int)((PayloadAlignment - end % PayloadAlignment) % PayloadAlignment);
    }
}
