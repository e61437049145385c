using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>
/// Case and diacritic folding of one token: "Café" → "cafe", "Straße" → "strasse", "İstanbul" → "istanbul".
/// </summary>
/// <remarks>
/// Why not <c>string.Normalize(NormalizationForm.FormD)</c>: this project builds with
/// <c>InvariantGlobalization=true</c>, where .NET's normalization does not decompose (measured:
/// "Café".Normalize(FormD) keeps 4 chars). The decomposition is therefore shipped as data,
/// <see cref="DiacriticFoldingTable"/>, generated from Unicode's NFD by gen_folding_table.py, with
/// the same effect: decompose, drop nonspacing marks, map letters that do not decompose.
///
/// Scope: folding applies to Latin and Greek, as Lucene's ASCIIFoldingFilter does for Latin. Marks
/// in other scripts are kept, because there they are not decoration: Devanagari vowel signs or the
/// Japanese dakuten (か/が) distinguish words. A standalone combining mark (U+0300–U+036F, from
/// already-decomposed input) is dropped after a Latin or Greek letter for the same reason.
///
/// Case: <see cref="Rune.ToLowerInvariant"/> (culture-free simple lower-casing, so results never
/// depend on the machine's locale). Invariant casing leaves U+0130 'İ' as is, so it is mapped to
/// 'i' here, and dotless 'ı' folds to 'i' too: a Turkish and a non-Turkish writer of "Istanbul"
/// find each other. Final sigma 'ς' folds to 'σ' (Unicode case folding does the same).
/// Format characters (Cf: soft hyphen, zero-width joiners) are removed.
/// </remarks>
public static class TextNormalizer
{
    /// <summary>Folds <paramref name="source"/> into <paramref name="destination"/>; returns the length
    /// written. The destination needs at most <see cref="MaxExpansion"/> chars per source char.</summary>
    [MethodImpl(HotPath.Optimize)]
    public static int Fold(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (destination.Length < source.Length * MaxExpansion)
            throw new ArgumentException("Destination must hold MaxExpansion chars per source char.", nameof(destination));

        int n = 0;
        bool lastFoldable = false;
        int i = 0;
        while (i < source.Length)
        {
            char c = source[i];
            if (c < 0x80)
            {
                // ASCII fast path: the common case for English text, no decoding, no tables.
                destination[n++] = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
                lastFoldable = true;
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf16(source[i..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
                rune = Rune.ReplacementChar;
            i += consumed;

            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Format)
                continue;
            if (category == UnicodeCategory.NonSpacingMark)
            {
                if (lastFoldable && rune.Value is >= 0x0300 and <= 0x036F)
                    continue;
                n += rune.EncodeToUtf16(destination[n..]);
                continue;
            }

            int value = rune.Value == 0x0130 ? 'i' : Rune.ToLowerInvariant(rune).Value;
            lastFoldable = value < 0x0530 || value is >= 0x1E00 and <= 0x1FFF;
            n += AppendFolded(value, destination[n..]);
        }
        return n;
    }

    /// <summary>The most chars one source char can fold to ("ß" → "ss").</summary>
    public const int MaxExpansion = 2;

    /// <summary>Folds a whole string (convenience for tests and query-side callers).</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<char> buffer = text.Length <= 128 ? stackalloc char[256] : new char[text.Length * MaxExpansion];
        int n = Fold(text, buffer);
        return new string(buffer[..n]);
    }

    private static int AppendFolded(int value, Span<char> destination)
    {
        // Letters that fold to two letters; they have no canonical decomposition (ß, æ, œ, þ) or
        // only a compatibility one (ĳ, ǆ, ǉ, ǌ, ǳ), which NFD would not apply either.
        string? two = value switch
        {
            0x00DF or 0x1E9E => "ss",
            0x00E6 => "ae",
            0x0153 => "oe",
            0x00FE => "th",
            0x0133 => "ij",
            0x01C6 or 0x01C5 or 0x01F3 or 0x01F2 => "dz",
            0x01C9 or 0x01C8 => "lj",
            0x01CC or 0x01CB => "nj",
            _ => null,
        };
        if (two is not null)
        {
            destination[0] = two[0];
            destination[1] = two[1];
            return 2;
        }

        char folded = value switch
        {
            >= DiacriticFoldingTable.Start00C0 and <= DiacriticFoldingTable.End00C0 => DiacriticFoldingTable.Map00C0[value - DiacriticFoldingTable.Start00C0],
            >= DiacriticFoldingTable.Start0370 and <= DiacriticFoldingTable.End0370 => DiacriticFoldingTable.Map0370[value - DiacriticFoldingTable.Start0370],
            >= DiacriticFoldingTable.Start1E00 and <= DiacriticFoldingTable.End1E00 => DiacriticFoldingTable.Map1E00[value - DiacriticFoldingTable.Start1E00],
            >= DiacriticFoldingTable.Start1F00 and <= DiacriticFoldingTable.End1F00 => DiacriticFoldingTable.Map1F00[value - DiacriticFoldingTable.Start1F00],
            0x2019 or 0x02BC => '\'', // typographic apostrophes, so "don’t" and "don't" are one term
            _ => '\0',
        };
        if (folded != '\0')
        {
            destination[0] = folded;
            return 1;
        }
        return new Rune(value).EncodeToUtf16(destination);
    }
}
