using System.Runtime.InteropServices;

namespace Capsule.Storage;

/// <summary>
/// A long-lived, read-only view of an immutable byte range of a device (a persisted index), so that
/// hot loops read it through one pointer instead of a device read per access. A file maps the range
/// on its own (the windowed map would copy ranges that cross a window boundary); other devices copy
/// it once into 64-byte aligned native memory. The file is append-only, so the bytes never change
/// while the range is alive.
/// </summary>
public abstract unsafe class MappedRange : IDisposable
{
    protected MappedRange(long length) => Length = length;

    /// <summary>The first byte; its address has the same alignment modulo 4096 as the range's file offset.</summary>
    public abstract byte* Pointer { get; }

    public long Length { get; }

    /// <summary>Copies <paramref name="length"/> bytes at <paramref name="offset"/> of a device into aligned native memory.</summary>
    public static MappedRange Copy(IStorageDevice device, long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, int.MaxValue);
        var copy = new CopiedRange(length, offset);
        device.Read(offset, (int)length).CopyTo(new Span<byte>(copy.Pointer, (int)length));
        return copy;
    }

    public abstract void Dispose();

    private sealed class CopiedRange : MappedRange
    {
        private readonly byte* _memory;
        private readonly byte* _start;
        private bool _disposed;

        public CopiedRange(long length, long fileOffset) : base(length)
        {
            // Keep the file offset's alignment modulo 64, as a mapping of the file would.
            var skew = (nuint)(fileOffset & 63);
            _memory = (byte*)NativeMemory.AlignedAlloc((nuint)length + 64, 64);
            _start = _memory + skew;
        }

        public override byte* Pointer => _start;

        public override void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                NativeMemory.AlignedFree(_memory);
            }
        }
    }
}
