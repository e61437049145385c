using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>
/// The English (Porter2) Snowball stemmer, written from the published description,
/// "The English (Porter2) stemming algorithm", https://snowballstem.org/algorithms/english/stemmer.html,
/// in its Snowball 3.0.0 revision (no undoubling after exactly a/e/o, so "added" → "add"; the
/// "evening", "past", "univers", "later" exceptions; "-ogist" → "-og"; the -eed and -ing exceptions
/// inside their rules). Tests check it against the published voc.txt/output.txt pairs.
/// </summary>
/// <remarks>
/// Input is a lower-case word of 'a'–'z' and apostrophes (the analyzer only stems such terms).
/// The stem is never longer than the word, so stemming happens in place. Step numbers, R1/R2 and
/// "short syllable" follow the description's wording; comments quote it where a rule is subtle.
/// </remarks>
public static partial class PorterStemmer2
{
    /// <summary>Stems a lower-case English word.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        Span<char> buffer = word.Length <= 64 ? stackalloc char[64] : new char[word.Length];
        word.CopyTo(buffer);
        int n = StemInPlace(buffer[..word.Length]);
        return n == word.Length && buffer[..n].SequenceEqual(word) ? word : new string(buffer[..n]);
    }

    /// <summary>Stems the word held in <paramref name="word"/> in place; returns the stem's length.</summary>
    [MethodImpl(HotPath.Optimize)]
    public static int StemInPlace(Span<char> word)
    {
        if (TryExceptionalForm(word, out int exceptional))
            return exceptional;
        // "If the word has two letters or less, leave it as it is."
        if (word.Length <= 2)
            return word.Length;

        var s = new State(word);
        s.Prelude();
        s.MarkRegions();
        s.Step0();
        s.Step1a();
        s.Step1b();
        s.Step1c();
        s.Step2();
        s.Step3();
        s.Step4();
        s.Step5();
        return s.Postlude();
    }

    /// <summary>The special words stemmed (or left) as listed under "Exceptional forms in the English stemmer".</summary>
    [MethodImpl(HotPath.Optimize)]
    private static bool TryExceptionalForm(Span<char> word, out int length)
    {
        string? stem = word switch
        {
            "skies" => "sky",
            "idly" => "idl",
            "gently" => "gentl",
            "ugly" => "ugli",
            "early" => "earli",
            "only" => "onli",
            "singly" => "singl",
            "sky" or "news" or "howe" or "atlas" or "cosmos" or "bias" or "andes" => null,
            _ => "",
        };
        if (stem is null)
        {
            length = word.Length;
            return true;
        }
        if (stem.Length == 0)
        {
            length = 0;
            return false;
        }
        stem.CopyTo(word);
        length = stem.Length;
        return true;
    }

    /// <summary>"Define a vowel as one of a e i o u y" (a 'Y' marked as consonant is not one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a tenth of a stem was calls to it
    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    /// <summary>"Define a double as one of bb dd ff gg mm nn pp rr tt."</summary>
    private static bool IsDouble(char a, char b) => a == b && a is 'b' or 'd' or 'f' or 'g' or 'm' or 'n' or 'p' or 'r' or 't';

    /// <summary>"Define a valid li-ending as one of c d e g h k m n r t."</summary>
    private static bool IsValidLiEnding(char c) => c is 'c' or 'd' or 'e' or 'g' or 'h' or 'k' or 'm' or 'n' or 'r' or 't';
}
