using System.Runtime.CompilerServices;
using Capsule.Format;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// LEB128 unsigned 32-bit integers, the only variable-length encoding of the lexical index: 7 bits
/// per byte, least significant group first, high bit set on every byte but the last. Reads check
/// the bound before each byte and refuse a sixth byte or bits beyond 32, so a corrupt stream ends
/// in <see cref="FormatViolation"/>, never an out-of-range read.
/// </summary>
internal static class Varint
{
    /// <summary>Most bytes one value takes.</summary>
    public const int MaxBytes = 5;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Read(ReadOnlySpan<byte> source, ref int position)
    {
        if ((uint)position >= (uint)source.Length)
            Truncated(position);
        uint b = source[position++];
        return b < 0x80 ? b : ReadRest(source, ref position, b);
    }

    /// <summary>Reads a value that must be at most <paramref name="maximum"/>; <paramref name="what"/> names it in the error.</summary>
    [MethodImpl(HotPath.OptimizeInline)]
    public static int ReadBounded(ReadOnlySpan<byte> source, ref int position, int maximum, string what)
    {
        uint value = Read(source, ref position);
        if (value > (uint)maximum)
            FormatViolation.Throw($"lexical index: {what} {value} exceeds {maximum}");
        return (int)value;
    }

    /// <summary>Skips one value without decoding it.</summary>
    [MethodImpl(HotPath.OptimizeInline)]
    public static void Skip(ReadOnlySpan<byte> source, ref int position)
    {
        for (int i = 0; i < MaxBytes; i++)
        {
            if ((uint)position >= (uint)source.Length)
                Truncated(position);
            if (source[position++] < 0x80)
                return;
        }
        FormatViolation.Throw($"lexical index: variable-length integer longer than {MaxBytes} bytes before byte {position}");
    }

    [MethodImpl(HotPath.Optimize)]
    private static uint ReadRest(ReadOnlySpan<byte> source, ref int position, uint first)
    {
        uint result = first & 0x7F;
        for (int shift = 7; shift <= 28; shift += 7)
        {
            if ((uint)position >= (uint)source.Length)
                Truncated(position);
            uint b = source[position++];
            if (shift == 28 && b > 0x0F)
                break;
            result |= (b & 0x7F) << shift;
            if (b < 0x80)
                return result;
        }
        FormatViolation.Throw($"lexical index: variable-length integer overflows 32 bits before byte {position}");
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Append(ref byte[] buffer, ref int length, uint value)
    {
        if (length > buffer.Length - MaxBytes)
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, 16));
        while (value >= 0x80)
        {
            buffer[length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[length++] = (byte)value;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Truncated(int position) =>
        FormatViolation.Throw($"lexical index: variable-length integer runs past the end of its section at byte {position}");
}
