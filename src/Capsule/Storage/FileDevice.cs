using System.Diagnostics;

namespace Capsule.Storage;

/// <summary>
/// A capsule file: positional writes through the file handle, reads through one memory map that is
/// extended on demand, fsync as the barrier, and the writer lock on the file itself.
/// Every handle is opened with FileShare.ReadWrite | Delete so readers in other processes can
/// always map the file while the single writer appends.
/// </summary>
public sealed class FileDevice : IStorageDevice
{
    private readonly FileStream _stream;
    private readonly MappedFile _map = new();
    private long _length;
    private bool _locked;
    private bool _disposed;

    private FileDevice(string path, FileStream stream, bool readOnly)
    {
        Name = path;
        _stream = stream;
        IsReadOnly = readOnly;
        _length = stream.Length;
    }

    public string Name { get; }

    public bool IsReadOnly { get; }

    public long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _length;
        }
    }

    /// <summary>Opens an existing file; throws <see cref="FileNotFoundException"/> when it is absent.</summary>
    public static FileDevice Open(string path, bool readOnly)
    {
        var stream = new FileStream(path, FileMode.Open, readOnly ? FileAccess.Read : FileAccess.ReadWrite,
            FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.RandomAccess);
        return new FileDevice(path, stream, readOnly);
    }

    /// <summary>Creates a new file; throws <see cref="IOException"/> when it already exists.</summary>
    public static FileDevice CreateNew(string path)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.RandomAccess);
        return new FileDevice(path, stream, readOnly: false);
    }

    public ReadOnlySpan<byte> Read(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || length < 0 || offset + length > _length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range [{offset}, {offset + length}) is outside the {_length}-byte file {Name}");
        }
        if (offset + length > _map.MappedLength)
        {
            // Map the whole current file, not just the request, so a scan of the tail maps once.
            _map.Remap(_stream.SafeFileHandle, _length);
        }
        return _map.Span(offset, length);
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsReadOnly)
        {
            throw new InvalidOperationException($"{Name} is open read-only");
        }
        RandomAccess.Write(_stream.SafeFileHandle, data, offset);
        _length = Math.Max(_length, offset + data.Length);
    }

    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!IsReadOnly)
        {
            _stream.Flush(flushToDisk: true);
        }
    }

    public void Truncate(long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (length < _map.MappedLength)
        {
            _map.Remap(_stream.SafeFileHandle, 0);
        }
        _stream.SetLength(length);
        _length = length;
    }

    public void Refresh()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _length = RandomAccess.GetLength(_stream.SafeFileHandle);
        if (_length < _map.MappedLength)
        {
            _map.Remap(_stream.SafeFileHandle, 0);
        }
    }

    public void AcquireWriterLock(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_locked)
        {
            return;
        }
        var clock = Stopwatch.StartNew();
        while (!FileLock.TryLock(_stream.SafeFileHandle, _stream))
        {
            if (clock.Elapsed >= timeout)
            {
                var holder = FileLock.Holder(_stream.SafeFileHandle);
                var who = holder is int pid ? $"process {pid}" : "another writer";
                throw new CapsuleLockedException($"capsule is locked by {who}; open it read-only, or wait with a lock timeout", Name, holder);
            }
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(20, Math.Max(1, (timeout - clock.Elapsed).TotalMilliseconds))));
        }
        _locked = true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _map.Dispose();
        _stream.Dispose(); // closing the handle releases the OFD and POSIX locks
    }
}
