using System.Runtime.InteropServices;
using Capsule.Format;

namespace Capsule.Indexing.Storage;

/// <summary>
/// The bytes of one persisted index (the payload of an index record, FORMAT.md §13), read in place:
/// through a dedicated memory map of the record when the capsule is a file, or from an array. The
/// payload is cut into 4 KiB pages, each with its own CRC-32C; a page is checked the first time any
/// read touches it, so opening a 150 MB vector index touches nothing, and a query pays for checking
/// only the pages it reads (once). A failed check throws <see cref="FormatViolation"/>, which the
/// engine reports as corruption naming the record.
/// </summary>
/// <remarks>
/// Thread-safe: concurrent readers may verify the same page twice, never skip one. The base address
/// of a file-backed payload is 64-byte aligned (the writer pads the record so), which vector columns
/// rely on for aligned SIMD loads.
/// </remarks>
public sealed unsafe class IndexPayload : IDisposable
{
    /// <summary>Bytes per checked page (4 KiB).</summary>
    public const int PageSize = 4096;

    private readonly byte* _base;
    private readonly uint[]? _pageCrcs;
    private readonly ulong[] _verified;
    private readonly IDisposable? _owner;
    private readonly GCHandle _pin;
    private bool _disposed;

    private IndexPayload(byte* pointer, long length, uint[]? pageCrcs, IDisposable? owner, GCHandle pin)
    {
        _base = pointer;
        Length = length;
        _pageCrcs = pageCrcs;
        _owner = owner;
        _pin = pin;
        _verified = new ulong[(PageCount(length) + 63) / 64];
    }

    /// <summary>The payload's length in bytes.</summary>
    public long Length { get; }

    /// <summary>
    /// The first byte. Valid until <see cref="Dispose"/>; a caller that reads through it must first call
    /// <see cref="EnsureVerified"/> for the range it reads (hot loops verify once, then read freely).
    /// </summary>
    public byte* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _base;
        }
    }

    /// <summary>Number of 4 KiB pages (the last may be short) in a payload of <paramref name="length"/> bytes.</summary>
    public static long PageCount(long length) => (length + PageSize - 1) / PageSize;

    /// <summary>
    /// A payload held in an array with no page checksums (the writer's own output, an in-memory index,
    /// tests). The array is pinned until disposal.
    /// </summary>
    public static IndexPayload FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var pin = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        return new IndexPayload((byte*)pin.AddrOfPinnedObject(), bytes.Length, null, null, pin);
    }

    /// <summary>
    /// A payload at <paramref name="pointer"/> whose pages are checked against <paramref name="pageCrcs"/>;
    /// <paramref name="owner"/> (the mapping) is disposed with it.
    /// </summary>
    internal static IndexPayload FromMapped(byte* pointer, long length, uint[] pageCrcs, IDisposable? owner)
    {
        if (pageCrcs.Length != PageCount(length))
        {
            throw new ArgumentException($"{pageCrcs.Length} page checksums for {PageCount(length)} pages", nameof(pageCrcs));
        }
        return new IndexPayload(pointer, length, pageCrcs, owner, default);
    }

    /// <summary>Returns <paramref name="length"/> checked bytes at <paramref name="offset"/>.</summary>
    /// <exception cref="FormatViolation">The range is outside the payload, or a page it touches fails its checksum.</exception>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        EnsureVerified(offset, length);
        return new ReadOnlySpan<byte>(_base + offset, length);
    }

    /// <summary>Checks every page that [<paramref name="offset"/>, +<paramref name="length"/>) touches (each page once per payload).</summary>
    /// <exception cref="FormatViolation">The range is outside the payload, or a page fails its checksum.</exception>
    public void EnsureVerified(long offset, long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            FormatViolation.Throw($"index read [{offset}, {offset + length}) is outside the {Length}-byte payload");
        }
        if (_pageCrcs is null || length == 0)
        {
            return;
        }
        var first = offset / PageSize;
        var last = (offset + length - 1) / PageSize;
        for (var page = first; page <= last; page++)
        {
            ref var word = ref _verified[page >> 6];
            var bit = 1UL << (int)(page & 63);
            if ((Volatile.Read(ref word) & bit) != 0)
            {
                continue;
            }
            VerifyPage(page);
            Interlocked.Or(ref word, bit);
        }
    }

    /// <summary>Checks every page now (what <c>capsule verify</c> does); returns the first bad page, or -1.</summary>
    public long FirstBadPage()
    {
        for (var page = 0L; page < PageCount(Length); page++)
        {
            if (_pageCrcs is not null && PageCrc(page) != _pageCrcs[page])
            {
                return page;
            }
        }
        return -1;
    }

    /// <summary>The page checksums a writer stores for <paramref name="payload"/> (FORMAT.md §13).</summary>
    public static uint[] ComputePageCrcs(ReadOnlySpan<byte> payload)
    {
        var crcs = new uint[PageCount(payload.Length)];
        for (var page = 0; page < crcs.Length; page++)
        {
            var start = page * PageSize;
            crcs[page] = Crc32C.Compute(payload.Slice(start, Math.Min(PageSize, payload.Length - start)));
        }
        return crcs;
    }

    private void VerifyPage(long page)
    {
        if (PageCrc(page) != _pageCrcs![page])
        {
            FormatViolation.Throw($"index page {page} (payload bytes {page * PageSize} to {Math.Min(Length, (page + 1) * PageSize)}) fails its checksum");
        }
    }

    private uint PageCrc(long page)
    {
        var start = page * PageSize;
        var count = (int)Math.Min(PageSize, Length - start);
        return Crc32C.Compute(new ReadOnlySpan<byte>(_base + start, count));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _owner?.Dispose();
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }
}
