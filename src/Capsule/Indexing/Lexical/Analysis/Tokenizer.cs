using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
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
            while (_pos < _text.Length && _text[_pos] is var sep && sep < 0x80 && !IsAsciiWordChar(sep))
                _pos++;
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
                    do
                    {
                        i++;
                    }
                    while (i < text.Length && text[i] is var next && next < 0x80 && IsAsciiWordChar(next));
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

            if (end == i && i + 1 < _text.Length)
            {
                Kind next = Classify(i + 1, out int nextLength, out bool nextDigit);
                bool apostrophe = c is '\'' or '\u2019' or '\u02BC';
                if (apostrophe && next == Kind.Word && !nextDigit)
                {
                    i += 1 + nextLength;
                    end = i;
                    prevDigit = false;
                    continue;
                }
                if (c is '.' or ',' && prevDigit && next == Kind.Word && nextDigit)
                {
                    i += 1 + nextLength;
                    end = i;
                    continue;
                }
            }
            break;
        }
        return end;
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
