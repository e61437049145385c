using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Storage;

/// <summary>
/// The one memory-map wrapper: reads a file through fixed-size, aligned, read-only windows that are
/// mapped lazily, so no span is over 2 GiB, offsets are 64-bit, and growth of the file costs a remap
/// of the window holding the old end (bounded by <see cref="DefaultWindowShift"/>), not of the whole
/// file. The empty file maps nothing: <see cref="MemoryMappedFile.CreateFromFile(string)"/> throws on
/// length 0. A range that crosses a window boundary is copied with <see cref="RandomAccess"/>.
/// </summary>
/// <remarks>
/// Span lifetime follows <see cref="IStorageDevice.Read"/>: a span stays valid until the owner calls
/// <see cref="Release"/> or <see cref="ReleaseAll"/> (which it does on write, truncate and refresh).
/// So a view is never unmapped inside <see cref="Read"/>: a tail window that must grow is mapped
/// anew and the old view is retired until the next release, and the cap on live windows is applied
/// at release time too. Between releases the number of views is bounded by the file length divided
/// by the window size, plus the retired tail views.
/// </remarks>
internal sealed unsafe class MappedFile : IDisposable
{
    /// <summary>
    /// 64 MiB windows (2^26). Records and segment tables are kilobytes to a few megabytes, so almost
    /// every read falls inside one window and gets a zero-copy span; remapping the tail window after
    /// an append touches at most 64 MiB of page tables; and 64 MiB is a multiple of every page size
    /// and of the 64 KiB Windows allocation granularity. A 1 TiB file needs 16,384 views, well under
    /// Linux's default vm.max_map_count of 65,530. (Lucene's MMapDirectory uses 1 GiB chunks on 64-bit
    /// JVMs to save views; we trade more views for a cheaper tail remap because we append constantly.)
    /// </summary>
    public const int DefaultWindowShift = 26;

    /// <summary>
    /// At most 1,024 windows (64 GiB of address space at the default size) stay mapped after a release;
    /// the least recently used beyond that are unmapped, leaving room in vm.max_map_count for the rest
    /// of the process (the runtime, native codecs, other capsules).
    /// </summary>
    public const int DefaultMaxWindows = 1024;

    private readonly SafeFileHandle _handle;
    private readonly int _shift;
    private readonly int _maxWindows;
    private readonly Dictionary<long, Window> _windows = [];
    private readonly List<Window> _retired = [];
    private Window? _last; // the window of the previous read: sequential parsing hits it without a lookup
    private long _mappedEnd; // the largest end of any live window, so a release that only grows is O(1)
    private long _tick;
    private bool _disposed;

    /// <param name="handle">The file; it must outlive this object.</param>
    /// <param name="windowShift">log2 of the window size; tests pass 12 (4 KiB) to cross boundaries often.</param>
    /// <param name="maxWindows">The number of windows kept mapped after a release.</param>
    public MappedFile(SafeFileHandle handle, int windowShift = DefaultWindowShift, int maxWindows = DefaultMaxWindows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowShift, 12); // at least a 4 KiB page
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windowShift, 30); // keeps every window span under 2 GiB
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWindows, 1);
        _handle = handle;
        _shift = windowShift;
        _maxWindows = maxWindows;
    }

    public long WindowSize => 1L << _shift;

    /// <summary>Maps [<paramref name="offset"/>, +<paramref name="length"/>) on its own, for as long as the caller keeps it.</summary>
    public MappedRange MapRange(long offset, long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new WindowRange(Window.Map(_handle, offset, length), length);
    }

    private sealed class WindowRange(Window window, long length) : MappedRange(length)
    {
        private int _disposed;

        public override byte* Pointer => window.Pointer;

        public override void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                window.Dispose();
            }
        }
    }

    /// <summary>Views currently mapped, retired ones included (tests check the cap with this).</summary>
    public int LiveViews => _windows.Count + _retired.Count;

    /// <summary>
    /// Returns bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>)
    /// of a file the caller knows to be <paramref name="fileLength"/> bytes long.
    /// </summary>
    public ReadOnlySpan<byte> Read(long offset, int length, long fileLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || length < 0 || offset > fileLength - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range [{offset}, {offset + length}) is outside the {fileLength}-byte file");
        }
        if (length == 0)
        {
            return ReadOnlySpan<byte>.Empty; // also the whole story for the empty file: nothing is mapped
        }
        var end = offset + length;
        var window = _last;
        if (window is null || offset < window.Start || end > window.End)
        {
            var index = offset >> _shift;
            if ((end - 1) >> _shift != index)
            {
                return Copy(offset, length);
            }
            window = Find(index, end, fileLength);
        }
        window.LastUsed = ++_tick;
        // SAFETY: [offset, end) lies inside the window's mapped range (checked above or by Find), the
        // view stays mapped until the next release, and the span is read-only.
        return new ReadOnlySpan<byte>(window.Pointer + (offset - window.Start), length);
    }

    /// <summary>
    /// Ends the lifetime of earlier spans: unmaps retired views, views reaching past
    /// <paramref name="fileLength"/> (the file shrank: touching a mapped page past the end of a file
    /// raises SIGBUS), and the least recently used views beyond the cap.
    /// </summary>
    public void Release(long fileLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var view in _retired)
        {
            view.Dispose();
        }
        _retired.Clear();
        if (fileLength < _mappedEnd)
        {
            RemoveWhere(w => w.End > fileLength);
        }
        if (_windows.Count > _maxWindows)
        {
            var cutoff = _windows.Values.Select(w => w.LastUsed).OrderDescending().ElementAt(_maxWindows - 1);
            RemoveWhere(w => w.LastUsed < cutoff);
        }
    }

    /// <summary>Unmaps everything (before a truncation: Windows refuses to shrink a mapped file).</summary>
    public void ReleaseAll()
    {
        Release(0);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            ReleaseAll();
            _disposed = true;
        }
    }

    private Window Find(long index, long end, long fileLength)
    {
        if (_windows.TryGetValue(index, out var window))
        {
            if (end <= window.End)
            {
                _last = window;
                return window;
            }
            // The file grew past the end of what this window maps (it held the old end of file).
            // Earlier spans may still point into the old view, so retire it instead of unmapping.
            _retired.Add(window);
        }
        var start = index << _shift;
        window = Window.Map(_handle, start, Math.Min(WindowSize, fileLength - start));
        _windows[index] = window;
        _mappedEnd = Math.Max(_mappedEnd, window.End);
        _last = window;
        return window;
    }

    private void RemoveWhere(Func<Window, bool> doomed)
    {
        // Plain loops, not LINQ: this runs at every commit, and LINQ's operators over this key type are
        // generic code the runtime compiles at the first commit of every process.
        List<long>? removed = null;
        foreach (var (index, window) in _windows)
        {
            if (doomed(window))
            {
                (removed ??= []).Add(index);
            }
        }
        foreach (var index in removed ?? [])
        {
            _windows.Remove(index, out var window);
            window!.Dispose();
        }
        _mappedEnd = 0;
        foreach (var window in _windows.Values)
        {
            _mappedEnd = Math.Max(_mappedEnd, window.End);
        }
        _last = null;
    }

    /// <summary>
    /// A range across a window boundary is rare (records are far smaller than a window), so it is read
    /// into a fresh array rather than a reused buffer: a reused buffer would break the lifetime promise
    /// for a caller that holds one span while it reads another.
    /// </summary>
    private byte[] Copy(long offset, int length)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(length);
        var done = 0;
        while (done < length)
        {
            var read = RandomAccess.Read(_handle, buffer.AsSpan(done), offset + done);
            if (read == 0)
            {
                throw new EndOfStreamException($"the file ended at {offset + done} while reading [{offset}, {offset + length}); another process truncated it");
            }
            done += read;
        }
        return buffer;
    }

    /// <summary>One read-only view of [Start, End) with its base pointer acquired once.</summary>
    private sealed class Window : IDisposable
    {
        private readonly MemoryMappedFile _map;
        private readonly MemoryMappedViewAccessor _view;

        private Window(MemoryMappedFile map, MemoryMappedViewAccessor view, byte* pointer, long start, long length)
        {
            _map = map;
            _view = view;
            Pointer = pointer;
            Start = start;
            End = start + length;
        }

        public byte* Pointer { get; }

        public long Start { get; }

        public long End { get; }

        public long LastUsed { get; set; }

        public static Window Map(SafeFileHandle handle, long start, long length)
        {
            // Capacity 0 maps the file at its current size: another process may have appended since the
            // caller read the length, and .NET refuses a capacity smaller than the file. The view covers
            // only the bytes the caller knows about.
            var map = MemoryMappedFile.CreateFromFile(handle, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            MemoryMappedViewAccessor? view = null;
            try
            {
                view = map.CreateViewAccessor(start, length, MemoryMappedFileAccess.Read);
                byte* pointer = null;
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
                // SAFETY: the view may start before the requested offset on page (or allocation
                // granularity) boundaries; PointerOffset corrects for that. The pointer stays valid
                // until Dispose releases it.
                return new Window(map, view, pointer + view.PointerOffset, start, length);
            }
            catch
            {
                view?.Dispose();
                map.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
        }
    }
}
