using System.Runtime.InteropServices;

namespace Capsule.Indexing;

/// <summary>
/// An int array outside the garbage-collected heap, for a build's large temporary arrays. Arrays of 85,000 bytes
/// or more go to the large object heap, and a few megabytes of them set off a full, blocking collection: a med
/// bulk seal allocated about 3.6 MB there, and its first build in a process ran a gen-2 collection of 6-8 ms in
/// the middle of its index build. Memory from here does not count toward that budget. The contents start
/// undefined: the owner writes every element before it reads it.
/// </summary>
internal sealed unsafe class NativeInts : IDisposable
{
    private int* _items;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or above <see cref="Array.MaxLength"/>.</exception>
    public NativeInts(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Array.MaxLength);
        Length = (int)length;
        _items = (int*)NativeMemory.Alloc((nuint)Math.Max(1, length), sizeof(int));
    }

    public int Length { get; }

    /// <summary>The elements (valid until <see cref="Dispose"/>).</summary>
    public Span<int> Span => _items is null ? throw new ObjectDisposedException(nameof(NativeInts)) : new Span<int>(_items, Length);

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~NativeInts() => Free();

    private void Free()
    {
        NativeMemory.Free(_items);
        _items = null;
    }
}
