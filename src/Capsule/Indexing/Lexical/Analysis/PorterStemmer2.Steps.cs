using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Analysis;

public static partial class PorterStemmer2
{
    // Suffix tables, longest first: each step acts on "the longest among the following suffixes"
    // only; when that one's condition fails the step does nothing (it does not try a shorter one).
    private static readonly (string Suffix, string Replacement)[] Step2Suffixes =
    [
        ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
        ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"),
        ("entli", "ent"), ("ation", "ate"), ("alism", "al"), ("aliti", "al"), ("ousli", "ous"),
        ("iviti", "ive"), ("fulli", "ful"), ("ogist", "og"),
        ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"),
        ("bli", "ble"), ("ogi", "og"),
        ("li", ""),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Suffixes =
    [
        ("ational", "ate"), ("tional", "tion"),
        ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ative", ""),
        ("ical", "ic"), ("ness", ""),
        ("ful", ""),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "ement",
        "ance", "ence", "able", "ible", "ment",
        "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion",
        "al", "er", "ic",
    ];

    [MethodImpl(HotPath.Optimize)]
    private static int Longest((string Suffix, string Replacement)[] table, ReadOnlySpan<char> word)
    {
        for (int i = 0; i < table.Length; i++)
        {
            if (word.EndsWith(table[i].Suffix))
                return i;
        }
        return -1;
    }

    private ref partial struct State
    {
        /// <summary>Step 2: derivational suffixes in R1 (ogi only after l; li only after a valid li-ending).</summary>
        [MethodImpl(HotPath.Optimize)]
        public void Step2()
        {
            int i = Longest(Step2Suffixes, Word);
            if (i < 0)
                return;
            var (suffix, replacement) = Step2Suffixes[i];
            int at = _len - suffix.Length;
            if (at < _r1)
                return;
            if (suffix == "ogi" && (at == 0 || _w[at - 1] != 'l'))
                return;
            if (suffix == "li" && (at == 0 || !IsValidLiEnding(_w[at - 1])))
                return;
            Replace(suffix.Length, replacement);
        }

        /// <summary>Step 3: in R1; ative only when also in R2.</summary>
        [MethodImpl(HotPath.Optimize)]
        public void Step3()
        {
            int i = Longest(Step3Suffixes, Word);
            if (i < 0)
                return;
            var (suffix, replacement) = Step3Suffixes[i];
            int at = _len - suffix.Length;
            if (at < _r1 || (suffix == "ative" && at < _r2))
                return;
            Replace(suffix.Length, replacement);
        }

        /// <summary>Step 4: delete in R2; ion only when preceded by s or t.</summary>
        [MethodImpl(HotPath.Optimize)]
        public void Step4()
        {
            foreach (string suffix in Step4Suffixes)
            {
                if (!EndsWith(suffix))
                    continue;
                int at = _len - suffix.Length;
                if (at < _r2)
                    return;
                if (suffix == "ion" && (at == 0 || _w[at - 1] is not ('s' or 't')))
                    return;
                _len = at;
                return;
            }
        }

        /// <summary>Step 5: e deleted in R2, or in R1 when not preceded by a short syllable;
        /// l deleted in R2 after another l.</summary>
        [MethodImpl(HotPath.Optimize)]
        public void Step5()
        {
            if (_len == 0)
                return;
            int at = _len - 1;
            if (_w[at] == 'e')
            {
                if (at >= _r2 || (at >= _r1 && !EndsWithShortSyllable(at)))
                    _len = at;
            }
            else if (_w[at] == 'l' && at >= _r2 && at > 0 && _w[at - 1] == 'l')
            {
                _len = at;
            }
        }
    }
}
