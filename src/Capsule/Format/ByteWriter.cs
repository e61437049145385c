using System.Buffers.Binary;
using System.Text;

namespace Capsule.Format;

/// <summary>
/// A growable little-endian buffer used to build record bodies before they are framed and appended.
/// All multi-byte integers are little-endian (FORMAT.md §1); variable-length integers are LEB128.
/// </summary>
internal sealed class ByteWriter
{
    private byte[] _buffer;
    private int _length;

    public ByteWriter(int capacity = 256) => _buffer = new byte[Math.Max(16, capacity)];

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public void Clear() => _length = 0;

    public Span<byte> Reserve(int count)
    {
        Ensure(count);
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    /// <summary>
    /// At least <paramref name="count"/> bytes of free space after the written ones, to be filled in place
    /// (a codec writing its output) and then kept with <see cref="Advance"/>.
    /// </summary>
    public Span<byte> Free(int count)
    {
        Ensure(count);
        return _buffer.AsSpan(_length);
    }

    /// <summary>Keeps <paramref name="count"/> bytes written into <see cref="Free"/>'s span.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)(_buffer.Length - _length), nameof(count));
        _length += count;
    }

    /// <summary>Returns a writable view of already-written bytes, for back-patching lengths and offsets.</summary>
    public Span<byte> At(int position, int count) => _buffer.AsSpan(position, count);

    public void U8(byte value) => Reserve(1)[0] = value;

    public void U16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    public void U32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void U64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void I64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void F32(float value) => BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
    public void F64(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);

    public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    public void VarU64(ulong value)
    {
        while (value >= 0x80)
        {
            U8((byte)(value | 0x80));
            value >>= 7;
        }
        U8((byte)value);
    }

    /// <summary>A length-prefixed (LEB128) byte string.</summary>
    public void LengthPrefixed(ReadOnlySpan<byte> value)
    {
        VarU64((ulong)value.Length);
        Bytes(value);
    }

    /// <summary>A length-prefixed UTF-8 string.</summary>
    public void String(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        VarU64((ulong)count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    public void PadTo(int alignment)
    {
        var pad = (alignment - (_length % alignment)) % alignment;
        Reserve(pad).Clear();
    }

    public byte[] ToArray() => WrittenSpan.ToArray();

    private void Ensure(int count)
    {
        if ((uint)(_length + count) > (uint)_buffer.Length)
        {
            var size = Math.Max(_buffer.Length * 2L, (long)_length + count);
            if (size > Array.MaxLength)
            {
                size = Array.MaxLength;
            }
            if (_length + (long)count > size)
            {
                throw new InvalidOperationException($"a record body cannot exceed {Array.MaxLength} bytes");
            }
            Array.Resize(ref _buffer, (int)size);
        }
    }
}
