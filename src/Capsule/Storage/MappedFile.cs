using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Storage;

/// <summary>
/// The one memory-map wrapper: maps the whole file read-only, acquires the base pointer once, and
/// hands out bounded spans (each under 2 GiB, at any 64-bit offset, so files over 2 GiB work). The
/// empty file is special-cased because <see cref="MemoryMappedFile.CreateFromFile(string)"/> throws on
/// length 0. Growth is handled by mapping again over the new length.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private byte* _pointer;
    private long _mappedLength;
    private bool _disposed;

    public long MappedLength => _mappedLength;

    /// <summary>Maps <paramref name="length"/> bytes of the file (0 unmaps).</summary>
    public void Remap(SafeFileHandle handle, long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Unmap();
        if (length == 0)
        {
            return;
        }
        // Capacity 0 maps the file at its current size: another process may have appended since the
        // caller read the length, and .NET refuses a capacity smaller than the file. The view covers
        // only the bytes the caller knows about.
        _map = MemoryMappedFile.CreateFromFile(handle, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        // SAFETY: the view may start before the requested offset on page boundaries; PointerOffset
        // corrects for that. The pointer stays valid until Unmap releases it.
        _pointer = pointer + _view.PointerOffset;
        _mappedLength = length;
    }

    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || length < 0 || offset + length > _mappedLength)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range [{offset}, {offset + length}) is outside the {_mappedLength} mapped bytes");
        }
        // SAFETY: the range was checked against the mapped length above; the span is read-only.
        return length == 0 ? ReadOnlySpan<byte>.Empty : new ReadOnlySpan<byte>(_pointer + offset, length);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            Unmap();
            _disposed = true;
        }
    }

    private void Unmap()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _view = null;
        }
        _map?.Dispose();
        _map = null;
        _pointer = null;
        _mappedLength = 0;
    }
}
