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

    private static readonly (string Suffix, string Replacement)[] Step4Suffixes =
    [
        ("ement", ""),
        ("ance", ""), ("ence", ""), ("able", ""), ("ible", ""), ("ment", ""),
        ("ant", ""), ("ent", ""), ("ism", ""), ("ate", ""), ("iti", ""), ("ous", ""), ("ive", ""), ("ize", ""), ("ion", ""),
        ("al", ""), ("er", ""), ("ic", ""),
    ];

    // Each table's entries grouped by their last letter, in table order: only suffixes ending in the word's
    // last letter can match, so a lookup tries two or three of them instead of every one (stemming a new
    // word took about 0.8 µs, most of it in these scans; an index build stems every distinct word once).
    private static readonly int[][] Step2ByLast = ByLastLetter(Step2Suffixes);
    private static readonly int[][] Step3ByLast = ByLastLetter(Step3Suffixes);
    private static readonly int[][] Step4ByLast = ByLastLetter(Step4Suffixes);

    private static int[][] ByLastLetter((string Suffix, string Replacement)[] table)
    {
        // Plain loops: this runs once per process, at the first stem, and LINQ over int was generic code
        // the runtime loaded there, on an index part's thread in the middle of a seal.
        var byLast = new int[128][];
        var matches = new List<int>(table.Length);
        for (int c = 0; c < byLast.Length; c++)
        {
            matches.Clear();
            for (int i = 0; i < table.Length; i++)
            {
                if (table[i].Suffix[^1] == c)
                    matches.Add(i);
            }
            byLast[c] = matches.ToArray();
        }
        return byLast;
    }

    /// <summary>The index of the first (longest) entry of <paramref name="table"/> that <paramref name="word"/> ends with, or −1.</summary>
    [MethodImpl(HotPath.Optimize)]
    private static int Longest((string Suffix, string Replacement)[] table, int[][] byLast, ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || word[^1] >= byLast.Length)
            return -1;
        foreach (int i in byLast[word[^1]])
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
            int i = Longest(Step2Suffixes, Step2ByLast, Word);
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
            int i = Longest(Step3Suffixes, Step3ByLast, Word);
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
            int i = Longest(Step4Suffixes, Step4ByLast, Word);
            if (i < 0)
                return;
            string suffix = Step4Suffixes[i].Suffix;
            int at = _len - suffix.Length;
            if (at < _r2)
                return;
            if (suffix == "ion" && (at == 0 || _w[at - 1] is not ('s' or 't')))
                return;
            _len = at;
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
