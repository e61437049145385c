namespace Capsule.Storage;

/// <summary>
/// A capsule held in memory. Useful on its own (scratch capsules, fuzzing) and as the base that the
/// power-loss simulator in the tests builds on. Flush is a no-op: nothing here survives the process.
/// </summary>
public class MemoryDevice : IStorageDevice
{
    private byte[] _bytes;
    private long _length;

    public MemoryDevice(string name = "memory", ReadOnlySpan<byte> initial = default, bool readOnly = false)
    {
        Name = name;
        IsReadOnly = readOnly;
        _bytes = initial.ToArray();
        _length = initial.Length;
    }

    public string Name { get; }

    public bool IsReadOnly { get; }

    public long Length => _length;

    /// <summary>A copy of the current contents.</summary>
    public byte[] ToArray() => _bytes.AsSpan(0, (int)_length).ToArray();

    public ReadOnlySpan<byte> Read(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > _length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range [{offset}, {offset + length}) is outside the {_length}-byte device {Name}");
        }
        return _bytes.AsSpan((int)offset, length);
    }

    public virtual void Write(long offset, ReadOnlySpan<byte> data)
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException($"{Name} is read-only");
        }
        var end = offset + data.Length;
        if (end > _bytes.Length)
        {
            Array.Resize(ref _bytes, (int)Math.Max(end, Math.Min(Array.MaxLength, _bytes.Length * 2L)));
        }
        if (offset > _length)
        {
            _bytes.AsSpan((int)_length, (int)(offset - _length)).Clear();
        }
        data.CopyTo(_bytes.AsSpan((int)offset));
        _length = Math.Max(_length, end);
    }

    public virtual void Flush()
    {
    }

    public virtual void Truncate(long length)
    {
        if (length < _length)
        {
            _bytes.AsSpan((int)length, (int)(_length - length)).Clear();
        }
        _length = length;
    }

    public void Refresh()
    {
    }

    public void AcquireWriterLock(TimeSpan timeout)
    {
    }

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }
}
