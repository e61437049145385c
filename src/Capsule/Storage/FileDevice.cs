using System.Diagnostics;

namespace Capsule.Storage;

/// <summary>
/// A capsule file: positional writes through the file handle, reads through windowed memory maps
/// (<see cref="MappedFile"/>), fsync as the barrier, and the writer lock on the file itself.
/// Write, Truncate and Refresh are the points where spans from earlier reads may die, so they are
/// where the map releases views.
/// Every handle is opened with FileShare.ReadWrite | Delete so readers in other processes can
/// always map the file while the single writer appends.
/// </summary>
public sealed class FileDevice : IStorageDevice
{
    private readonly FileStream _stream;
    private readonly MappedFile _map;
    private long _length;
    private bool _locked;
    private bool _disposed;

    private FileDevice(string path, FileStream stream, bool readOnly, int windowShift)
    {
        Name = path;
        _stream = stream;
        IsReadOnly = readOnly;
        _length = stream.Length;
        _map = new MappedFile(stream.SafeFileHandle, windowShift);
    }

    public string Name { get; }

    public bool IsReadOnly { get; }

    /// <summary>Memory-map views held now (tests check that appending does not pile them up).</summary>
    internal int LiveViews => _map.LiveViews;

    public long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _length;
        }
    }

    /// <summary>Opens an existing file; throws <see cref="FileNotFoundException"/> when it is absent.</summary>
    public static FileDevice Open(string path, bool readOnly) => Open(path, readOnly, MappedFile.DefaultWindowShift);

    /// <summary>Opens with a chosen window size (tests use tiny windows to cross boundaries often).</summary>
    internal static FileDevice Open(string path, bool readOnly, int windowShift)
    {
        var stream = new FileStream(path, FileMode.Open, readOnly ? FileAccess.Read : FileAccess.ReadWrite,
            FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.RandomAccess);
        return new FileDevice(path, stream, readOnly, windowShift);
    }

    /// <summary>Creates a new file; throws <see cref="IOException"/> when it already exists.</summary>
    public static FileDevice CreateNew(string path) => CreateNew(path, MappedFile.DefaultWindowShift);

    /// <summary>Creates with a chosen window size (tests use tiny windows to cross boundaries often).</summary>
    internal static FileDevice CreateNew(string path, int windowShift)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.RandomAccess);
        return new FileDevice(path, stream, readOnly: false, windowShift);
    }

    public ReadOnlySpan<byte> Read(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || length < 0 || offset > _length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range [{offset}, {offset + length}) is outside the {_length}-byte file {Name}");
        }
        return _map.Read(offset, length, _length);
    }

    public MappedRange MapRange(long offset, long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || length <= 0 || offset > _length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range [{offset}, {offset + length}) is outside the {_length}-byte file {Name}");
        }
        return _map.MapRange(offset, length);
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsReadOnly)
        {
            throw new InvalidOperationException($"{Name} is open read-only");
        }
        _map.Release(_length); // a write ends earlier spans' lifetime: unmap retired tail views now
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
        // Rare (a torn tail or a failed commit), so unmap everything: Windows refuses to shrink a file
        // while any view of it exists, and Linux would raise SIGBUS on a mapped page past the new end.
        _map.ReleaseAll();
        _stream.SetLength(length);
        _length = length;
    }

    public void Refresh()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _length = RandomAccess.GetLength(_stream.SafeFileHandle);
        _map.Release(_length); // drops views past a shorter file (a writer cut a torn tail)
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
