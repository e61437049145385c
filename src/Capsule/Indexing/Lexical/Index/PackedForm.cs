using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// A surface form of at most <see cref="MaxLength"/> ASCII chars held as its bytes in two words, zero-padded:
/// most word tokens of most text (English words are 5 to 6 letters on average). Two forms are equal when their
/// words are, so a memo keyed by them (<see cref="PackedFormMap"/>) compares two integers where a map of spans
/// compares chars in an arena, and needs no hash over the chars. <see cref="None"/> stands for a form that does
/// not pack (longer, or not ASCII).
/// </summary>
/// <remarks>
/// The padding cannot be mistaken for chars: a token never holds U+0000. <see cref="Low"/> is never 0 for a
/// packed form (its first char is a letter or digit), which leaves 0 to mean "no form".
/// </remarks>
internal readonly record struct PackedForm(ulong Low, ulong High)
{
    /// <summary>Chars a form packs at most.</summary>
    public const int MaxLength = 16;

    public static PackedForm None => default;

    public bool IsPacked => Low != 0;

    /// <summary>
    /// Packs <c>text[start..(start + length)]</c>, or returns <see cref="None"/> when it is longer than
    /// <see cref="MaxLength"/>, empty or not all ASCII.
    /// </summary>
    [MethodImpl(HotPath.OptimizeInline)]
    public static PackedForm Of(ReadOnlySpan<char> text, int start, int length)
    {
        if ((uint)(length - 1) >= MaxLength)
            return None;
        if (start + MaxLength <= text.Length)
        {
            // One load of 16 chars from the token on, the chars past it masked off; one test for non-ASCII; one
            // narrowing to bytes. The chars past the token are read but never kept.
            ref ushort first = ref Unsafe.As<char, ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), start));
            var lengths = Vector128.Create((ushort)length);
            var low = Vector128.LoadUnsafe(ref first) & Vector128.LessThan(Vector128<ushort>.Indices, lengths);
            var high = Vector128.LoadUnsafe(ref first, 8) & Vector128.LessThan(Vector128<ushort>.Indices + Vector128.Create((ushort)8), lengths);
            if (((low | high) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
                return None;
            var bytes = Vector128.Narrow(low, high).AsUInt64();
            return new PackedForm(bytes.GetElement(0), bytes.GetElement(1));
        }
        return OfTail(text.Slice(start, length));
    }

    /// <summary><see cref="Of"/> for a form within 16 chars of the end of its text, where a 16-char load would overrun.</summary>
    private static PackedForm OfTail(ReadOnlySpan<char> form)
    {
        Span<byte> bytes = stackalloc byte[MaxLength];
        bytes.Clear();
        for (int i = 0; i < form.Length; i++)
        {
            if (form[i] >= 0x80)
                return None;
            bytes[i] = (byte)form[i];
        }
        return new PackedForm(MemoryMarshal.Read<ulong>(bytes), MemoryMarshal.Read<ulong>(bytes[8..]));
    }
}
