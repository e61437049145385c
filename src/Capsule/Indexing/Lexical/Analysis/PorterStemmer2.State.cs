using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Analysis;

public static partial class PorterStemmer2
{
    /// <summary>The word being stemmed: buffer, current length and the regions R1/R2 (start indexes).</summary>
    private ref partial struct State
    {
        private readonly Span<char> _w;
        private int _len;
        private int _r1;
        private int _r2;
        private bool _marked; // whether the prelude set a 'Y' that the postlude turns back

        public State(Span<char> word)
        {
            _w = word;
            _len = word.Length;
        }

        private readonly ReadOnlySpan<char> Word => _w[.._len];

        private readonly bool EndsWith(string suffix) => Word.EndsWith(suffix);

        /// <summary>"Remove initial ', if present. Then, set initial y, or y after a vowel, to Y."</summary>
        [MethodImpl(HotPath.Optimize)]
        public void Prelude()
        {
            if (_w[0] == '\'')
            {
                _w[1.._len].CopyTo(_w);
                _len--;
            }
            if (_len > 0 && _w[0] == 'y')
                (_w[0], _marked) = ('Y', true);
            for (int i = 1; i < _len; i++)
            {
                if (_w[i] == 'y' && IsVowel(_w[i - 1]))
                    (_w[i], _marked) = ('Y', true);
            }
        }

        /// <summary>R1: "the region after the first non-vowel following a vowel"; R2 the same inside R1.
        /// Words beginning gener, commun, arsen, past, univers, later set R1 after that prefix.</summary>
        [MethodImpl(HotPath.Optimize)]
        public void MarkRegions()
        {
            ReadOnlySpan<char> w = Word;
            if (w.StartsWith("gener") || w.StartsWith("arsen") || w.StartsWith("later"))
                _r1 = 5;
            else if (w.StartsWith("commun"))
                _r1 = 6;
            else if (w.StartsWith("univers"))
                _r1 = 7;
            else if (w.StartsWith("past"))
                _r1 = 4;
            else
                _r1 = RegionAfter(w, 0);
            _r2 = RegionAfter(w, _r1);
        }

        [MethodImpl(HotPath.Optimize)]
        private static int RegionAfter(ReadOnlySpan<char> w, int from)
        {
            for (int i = from + 1; i < w.Length; i++)
            {
                if (!IsVowel(w[i]) && IsVowel(w[i - 1]))
                    return i + 1;
            }
            return w.Length;
        }

        /// <summary>Step 0: remove the longest of ' 's 's'.</summary>
        [MethodImpl(HotPath.Optimize)]
        public void Step0()
        {
            if (EndsWith("'s'")) _len -= 3;
            else if (EndsWith("'s")) _len -= 2;
            else if (EndsWith("'")) _len -= 1;
        }

        /// <summary>Step 1a: sses → ss; ied/ies → i (ie after a single letter); us, ss unchanged;
        /// s deleted "if the preceding word part contains a vowel not immediately before the s".</summary>
        [MethodImpl(HotPath.Optimize)]
        public void Step1a()
        {
            if (EndsWith("sses"))
                _len -= 2;
            else if (EndsWith("ied") || EndsWith("ies"))
                _len -= _len > 4 ? 2 : 1;
            else if (EndsWith("us") || EndsWith("ss"))
                return;
            else if (EndsWith("s") && _len >= 3 && HasVowel(_w[..(_len - 2)]))
                _len--;
        }

        /// <summary>Step 1b: eed/eedly → ee in R1; ed/edly/ing/ingly deleted after a vowel, then
        /// at/bl/iz → +e, a double undoubled, or a short word given back its e.</summary>
        [MethodImpl(HotPath.Optimize)]
        public void Step1b()
        {
            int suffix;
            bool eed = false, ing = false;
            if (EndsWith("eedly")) { suffix = 5; eed = true; }
            else if (EndsWith("ingly")) suffix = 5;
            else if (EndsWith("edly")) suffix = 4;
            else if (EndsWith("eed")) { suffix = 3; eed = true; }
            else if (EndsWith("ing")) { suffix = 3; ing = true; }
            else if (EndsWith("ed")) suffix = 2;
            else return;

            int stem = _len - suffix;
            ReadOnlySpan<char> before = _w[..stem];
            if (eed)
            {
                // Snowball 3.0.0: proceed, exceed, succeed are not past participles.
                if (before is "proc" or "exc" or "succ")
                    return;
                if (stem >= _r1)
                    _len = stem + 2;
                return;
            }
            if (ing)
            {
                // "dying" → "die" (a non-vowel then y); inning, outing, canning, herring, earring,
                // evening are left alone.
                if (stem == 2 && !IsVowel(before[0]) && before[1] == 'y')
                {
                    _w[1] = 'i';
                    _w[2] = 'e';
                    _len = 3;
                    return;
                }
                if (before is "inn" or "out" or "cann" or "herr" or "earr" or "even")
                    return;
            }
            if (!HasVowel(before))
                return;

            _len = stem;
            if (EndsWith("at") || EndsWith("bl") || EndsWith("iz"))
                _w[_len++] = 'e';
            else if (_len >= 2 && IsDouble(_w[_len - 2], _w[_len - 1]))
            {
                // "preceded by something other than exactly a, e or o": add, egg, off keep the double.
                if (!(_len == 3 && _w[0] is 'a' or 'e' or 'o'))
                    _len--;
            }
            else if (IsShortWord())
                _w[_len++] = 'e';
        }

        /// <summary>
        /// Whether <paramref name="part"/> holds a vowel. A loop, for the few letters before a suffix:
        /// <c>IndexOfAny("aeiouy")</c> built a lookup for its six values at every call, a fifth of a stem.
        /// </summary>
        private static bool HasVowel(ReadOnlySpan<char> part)
        {
            foreach (char c in part)
            {
                if (IsVowel(c))
                    return true;
            }
            return false;
        }

        /// <summary>"Replace suffix y or Y by i if preceded by a non-vowel which is not the first letter."</summary>
        [MethodImpl(HotPath.Optimize)]
        public void Step1c()
        {
            if (_len > 2 && _w[_len - 1] is 'y' or 'Y' && !IsVowel(_w[_len - 2]))
                _w[_len - 1] = 'i';
        }

        /// <summary>"A word is called short if it ends in a short syllable, and if R1 is null."</summary>
        private readonly bool IsShortWord() => _r1 >= _len && EndsWithShortSyllable(_len);

        /// <summary>Short syllable ending at <paramref name="end"/>: (a) non-vowel, vowel, non-vowel other
        /// than w, x, Y; (b) a vowel at the beginning of the word followed by a non-vowel; (c) past.</summary>
        [MethodImpl(HotPath.Optimize)]
        private readonly bool EndsWithShortSyllable(int end)
        {
            if (end >= 3 && !IsVowel(_w[end - 3]) && IsVowel(_w[end - 2]) && !IsVowel(_w[end - 1])
                && _w[end - 1] is not ('w' or 'x' or 'Y'))
                return true;
            if (end == 2 && IsVowel(_w[0]) && !IsVowel(_w[1]))
                return true;
            return end == 4 && _w[..4] is "past";
        }

        /// <summary>Postlude: "turn any remaining Y letters in the word back into lower case."</summary>
        [MethodImpl(HotPath.Optimize)]
        public readonly int Postlude()
        {
            if (_marked)
                _w[.._len].Replace('Y', 'y');
            return _len;
        }

        /// <summary>Replaces the last <paramref name="suffixLength"/> chars by <paramref name="replacement"/>.</summary>
        [MethodImpl(HotPath.Optimize)]
        private void Replace(int suffixLength, string replacement)
        {
            int at = _len - suffixLength;
            replacement.CopyTo(_w[at..]);
            _len = at + replacement.Length;
        }
    }
}
