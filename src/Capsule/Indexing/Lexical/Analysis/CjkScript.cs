namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>
/// Which code points are indexed as CJK character bigrams: Han ideographs, Hiragana, Katakana and
/// Hangul, the same scripts Lucene's CJKBigramFilter handles by default. These scripts are written
/// without spaces between words, so overlapping bigrams give recall without a dictionary.
/// Ranges from the Unicode block charts (Unicode 15).
/// </summary>
internal static class CjkScript
{
    public static bool IsCjk(int cp) => cp switch
    {
        0x3005 or 0x3007 => true,               // 々 iteration mark, 〇 ideographic zero
        >= 0x3040 and <= 0x309F => cp != 0x309B && cp != 0x309C && cp >= 0x3041, // Hiragana (not the spacing sound marks)
        >= 0x30A0 and <= 0x30FF => cp >= 0x30A1 && cp != 0x30FB, // Katakana incl. ー, not the middle dot
        >= 0x31F0 and <= 0x31FF => true,        // Katakana phonetic extensions
        >= 0x3400 and <= 0x4DBF => true,        // CJK Extension A
        >= 0x4E00 and <= 0x9FFF => true,        // CJK Unified Ideographs
        >= 0xF900 and <= 0xFAFF => true,        // CJK Compatibility Ideographs
        >= 0xFF66 and <= 0xFF9F => true,        // halfwidth Katakana
        >= 0x1100 and <= 0x11FF => true,        // Hangul Jamo
        >= 0x3130 and <= 0x318F => true,        // Hangul compatibility Jamo
        >= 0xA960 and <= 0xA97F => true,        // Hangul Jamo Extended-A
        >= 0xAC00 and <= 0xD7AF => true,        // Hangul syllables
        >= 0xD7B0 and <= 0xD7FF => true,        // Hangul Jamo Extended-B
        >= 0x20000 and <= 0x3134F => true,      // CJK Extensions B–G (surrogate pairs in UTF-16)
        _ => false,
    };
}
