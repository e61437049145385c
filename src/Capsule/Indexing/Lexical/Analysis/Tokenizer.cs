using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>
/// Unicode-aware word tokenizer over a span, pull-style and allocation-free.
/// </summary>
/// <remarks>
/// Decisions (each one is something a BM25 index either matches or misses):
/// <list type="bullet">
/// <item>A word is a run of letters (L*), digits (Nd) and other numbers (Nl, No) in any script,
/// decoded as <see cref="Rune"/>s so surrogate pairs (𝐀, CJK Extension B) are one character.
/// Combining marks (M*) and format characters (Cf: soft hyphen, ZWJ/ZWNJ in Indic and Persian)
/// continue a word but never start one.</item>
/// <item>An apostrophe (' U+2019 U+02BC) between a letter or digit and a letter stays inside the
/// word: "don't", "user's", "o'clock" are single tokens; the analyzer then drops the possessive
/// "'s" (as Lucene's EnglishPossessiveFilter). Leading or trailing quotes are not part of a word.</item>
/// <item>A '.' or ',' between two digits stays inside: "3.14", "1,000", "192.168.0.1" are one token,
/// so numbers, versions and addresses are searchable as written.</item>
/// <item>Everything else separates: URLs and e-mail addresses split into their parts
/// ("bob@example.com" → bob, example, com). Parts are what people type as queries, and
/// consecutive positions still let a phrase query match the whole address. Underscores split too
/// ("user_id" → user, id). Emoji and other symbols are not indexed.</item>
/// <item>Han, Hiragana, Katakana and Hangul (<see cref="CjkScript"/>) become overlapping bigrams
/// ("東京都" → 東京, 京都; a lone character is a unigram), each with its own position, as
/// Lucene's CJKBigramFilter; or unigrams when bigrams are off. A script change ends a word.</item>
/// <item>Thai, Lao, Khmer and Myanmar are not segmented: a space-free run is one token (a known limit).</item>
/// </list>
/// </remarks>
public ref struct Tokenizer
{
    private readonly ReadOnlySpan<char> _text;
    private readonly bool _cjkBigrams;
    private int _pos;
    private int _position;
    // Open CJK run: the previous character's source range, and whether it already produced a bigram.
    private int _cjkPrevStart;
    private int _cjkPrevEnd;
    private bool _cjkRunEmitted;

    public Tokenizer(ReadOnlySpan<char> text, bool cjkBigrams = true)
    {
        _text = text;
        _cjkBigrams = cjkBigrams;
        _cjkPrevStart = -1;
    }

    private enum Kind : byte { Other, Word, Mark, Format, Cjk }

    /// <summary>Advances to the next token; false at the end of the text.</summary>
    [MethodImpl(HotPath.Optimize)]
    public bool MoveNext(out TokenSpan token)
    {
        while (true)
        {
            if (_cjkPrevStart >= 0)
            {
                if (_pos < _text.Length && Classify(_pos, out int n, out _) == Kind.Cjk)
                {
                    token = new TokenSpan(_cjkPrevStart, _pos + n, _position++, IsCjk: true);
                    _cjkPrevStart = _pos;
                    _cjkPrevEnd = _pos + n;
                    _cjkRunEmitted = true;
                    _pos += n;
                    return true;
                }
                int start = _cjkPrevStart, end = _cjkPrevEnd;
                bool emitted = _cjkRunEmitted;
                _cjkPrevStart = -1;
                if (!emitted)
                {
                    token = new TokenSpan(start, end, _position++, IsCjk: true);
                    return true;
                }
                continue;
            }

            // ASCII separators (spaces, punctuation) are skipped without classifying them one by one.
            _pos = SkipAsciiSeparators(_text, _pos);
            if (_pos >= _text.Length)
            {
                token = default;
                return false;
            }

            Kind kind = Classify(_pos, out int length, out _);
            if (kind == Kind.Cjk)
            {
                if (!_cjkBigrams)
                {
                    token = new TokenSpan(_pos, _pos + length, _position++, IsCjk: true);
                    _pos += length;
                    return true;
                }
                _cjkPrevStart = _pos;
                _cjkPrevEnd = _pos + length;
                _cjkRunEmitted = false;
                _pos += length;
                continue;
            }
            if (kind == Kind.Word)
            {
                int start = _pos;
                _pos = ScanWord(_pos);
                token = new TokenSpan(start, _pos, _position++, IsCjk: false);
                return true;
            }
            _pos += length;
        }
    }

    /// <summary>Returns the end of the word that starts at <paramref name="i"/> (a word character).</summary>
    [MethodImpl(HotPath.Optimize)]
    private readonly int ScanWord(int i)
    {
        ReadOnlySpan<char> text = _text; // a local, so the loop below keeps it in registers
        int end = i;
        bool prevDigit = false;
        while (i < text.Length)
        {
            char c = text[i];
            if (c < 0x80)
            {
                // ASCII fast path (most of English text): what Classify would say, without its switch;
                // a run of ASCII letters and digits is consumed in one tight loop.
                if (IsAsciiWordChar(c))
                {
                    i = EndOfAsciiWordRun(text, i + 1);
                    end = i;
                    prevDigit = text[i - 1] <= '9';
                    continue;
                }
            }
            else
            {
                Kind kind = Classify(i, out int n, out bool isDigit);
                if (kind is Kind.Word)
                {
                    i += n;
                    end = i;
                    prevDigit = isDigit;
                    continue;
                }
                if (kind is Kind.Mark)
                {
                    i += n;
                    end = i;
                    continue;
                }
                if (kind is Kind.Format)
                {
                    i += n; // kept only if a word character follows (end is not advanced)
                    continue;
                }
            }

            // Only an apostrophe, or a '.' or ',' after a digit, can join what follows it; any other char ends the
            // word without the next one being classified.
            bool apostrophe = c is '\'' or '\u2019' or '\u02BC';
            if ((apostrophe || prevDigit && c is '.' or ',') && end == i && i + 1 < _text.Length)
            {
                Kind next = Classify(i + 1, out int nextLength, out bool nextDigit);
                if (next == Kind.Word && nextDigit != apostrophe)
                {
                    i += 1 + nextLength;
                    end = i;
                    prevDigit = nextDigit;
                    continue;
                }
            }
            break;
        }
        return end;
    }

    /// <summary>
    /// The end of the run of ASCII letters and digits from <paramref name="i"/> on. Eight chars are tested at a time
    /// (<see cref="AsciiWordChars"/>): a word then ends at a bit found in a mask, not at a branch taken after a char
    /// by char loop, whose exit at every word's end the processor mispredicts.
    /// </summary>
    [MethodImpl(HotPath.OptimizeInline)]
    private static int EndOfAsciiWordRun(ReadOnlySpan<char> text, int i)
    {
        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        for (; i + Vector128<ushort>.Count <= text.Length; i += Vector128<ushort>.Count)
        {
            uint others = ~AsciiWordChars(Vector128.LoadUnsafe(ref chars, (nuint)i)) & 0xFF;
            if (others != 0)
                return i + BitOperations.TrailingZeroCount(others);
        }
        while (i < text.Length && text[i] is var c && c < 0x80 && IsAsciiWordChar(c))
            i++;
        return i;
    }

    /// <summary>The first char from <paramref name="i"/> on that is not an ASCII separator (a letter, a digit or not ASCII), eight chars at a time.</summary>
    [MethodImpl(HotPath.OptimizeInline)]
    private static int SkipAsciiSeparators(ReadOnlySpan<char> text, int i)
    {
        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        for (; i + Vector128<ushort>.Count <= text.Length; i += Vector128<ushort>.Count)
        {
            var block = Vector128.LoadUnsafe(ref chars, (nuint)i);
            uint stops = AsciiWordChars(block) | Vector128.GreaterThanOrEqual(block, Vector128.Create((ushort)0x80)).ExtractMostSignificantBits();
            if (stops != 0)
                return i + BitOperations.TrailingZeroCount(stops);
        }
        while (i < text.Length && text[i] is var c && c < 0x80 && !IsAsciiWordChar(c))
            i++;
        return i;
    }

    /// <summary>A bit per char of <paramref name="block"/> (lowest for the first) set for an ASCII letter or digit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint AsciiWordChars(Vector128<ushort> block)
    {
        // (c | 0x20) − 'a' ≤ 25 holds for ASCII letters alone: a char above 0x7F keeps its high byte through both.
        var letters = Vector128.LessThanOrEqual((block | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));
        var digits = Vector128.LessThanOrEqual(block - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9));
        return (letters | digits).ExtractMostSignificantBits();
    }

    /// <summary>An ASCII letter or digit: the ASCII chars <see cref="Classify"/> calls <see cref="Kind.Word"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAsciiWordChar(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;

    [MethodImpl(HotPath.OptimizeInline)]
    private readonly Kind Classify(int i, out int length, out bool isDigit)
    {
        isDigit = false;
        char c = _text[i];
        if (c < 0x80)
        {
            // ASCII fast path.
            length = 1;
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z') return Kind.Word;
            if (c is >= '0' and <= '9')
            {
                isDigit = true;
                return Kind.Word;
            }
            return Kind.Other;
        }

        if (Rune.DecodeFromUtf16(_text[i..], out Rune rune, out length) != OperationStatus.Done)
            return Kind.Other; // a lone surrogate separates like any symbol
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
                return CjkScript.IsCjk(rune.Value) ? Kind.Cjk : Kind.Word;
            case UnicodeCategory.DecimalDigitNumber:
                isDigit = true;
                return Kind.Word;
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
                return Kind.Mark;
            case UnicodeCategory.Format:
                return Kind.Format;
            default:
                return Kind.Other;
        }
    }
}
