using System.Buffers.Binary;
using System.Text;

namespace Capsule.Format;

/// <summary>
/// A bounds-checked little-endian reader over untrusted bytes. Every read checks the remaining length
/// first; a failed check throws <see cref="FormatViolation"/>, which the caller converts into a
/// <see cref="CorruptCapsuleException"/> that names the file offset.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public int Position => _position;

    public int Remaining => _data.Length - _position;

    public bool AtEnd => _position == _data.Length;

    public ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)Remaining)
        {
            FormatViolation.Throw($"needs {count} bytes at body position {_position} but only {Remaining} remain");
        }
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public float F32() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));
    public double F64() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public ulong VarU64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = U8();
            if (shift == 63 && b > 1)
            {
                break;
            }
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        FormatViolation.Throw($"variable-length integer overflows 64 bits before body position {_position}");
        return 0;
    }

    /// <summary>A LEB128 length checked against the bytes that remain and a hard maximum before any slice.</summary>
    public int Length(int maximum)
    {
        var value = VarU64();
        if (value > (ulong)Math.Min(maximum, Remaining))
        {
            FormatViolation.Throw($"length {value} at body position {_position} exceeds the {Math.Min(maximum, Remaining)} bytes allowed");
        }
        return (int)value;
    }

    public ReadOnlySpan<byte> LengthPrefixed(int maximum) => Take(Length(maximum));

    public string String(int maximumBytes) => Utf8(LengthPrefixed(maximumBytes));

    /// <summary>
    /// A length-prefixed string that is usually one of <paramref name="common"/>: a match returns the
    /// shared instance (its bytes are known-valid UTF-8), anything else is decoded and checked as usual.
    /// </summary>
    public string CommonString(int maximumBytes, (byte[] Utf8, string Value)[] common)
    {
        var bytes = LengthPrefixed(maximumBytes);
        if (bytes.IsEmpty)
        {
            return "";
        }
        foreach (var (utf8, value) in common)
        {
            if (bytes.SequenceEqual(utf8))
            {
                return value;
            }
        }
        return Utf8(bytes);
    }

    /// <summary>Decodes bytes this reader has just taken as strict UTF-8 (invalid UTF-8 is corruption).</summary>
    public readonly string Utf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return "";
        }
        try
        {
            return UTF8Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            FormatViolation.Throw($"string before body position {_position} is not valid UTF-8");
            return "";
        }
    }

    public void ExpectEnd(string what)
    {
        if (!AtEnd)
        {
            FormatViolation.Throw($"{Remaining} unread bytes after the {what}");
        }
    }

    private static readonly UTF8Encoding UTF8Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
