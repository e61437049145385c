using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Tests.Lexical;

public sealed class PorterStemmer2Tests
{
    private static IEnumerable<(string Word, string Stem, int Line)> Pairs()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Lexical", "Data", "porter2-pairs.tsv");
        int line = 0;
        foreach (string raw in File.ReadLines(path))
        {
            line++;
            if (raw.Length == 0 || raw[0] == '#')
                continue;
            string[] parts = raw.Split('\t');
            Assert.True(parts.Length == 2, $"porter2-pairs.tsv line {line} is not word<TAB>stem: '{raw}'");
            yield return (parts[0], parts[1], line);
        }
    }

    [Fact]
    public void Published_vocabulary_pairs_all_stem_as_published()
    {
        var pairs = Pairs().ToList();
        Assert.True(pairs.Count >= 300, $"expected at least 300 pairs, found {pairs.Count}");
        var failures = pairs
            .Select(p => (p.Word, p.Stem, p.Line, Actual: PorterStemmer2.Stem(p.Word)))
            .Where(p => p.Actual != p.Stem)
            .Select(p => $"line {p.Line}: {p.Word} -> {p.Actual}, expected {p.Stem}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // One case per rule, each with the rule it exercises, so a regression names the rule.
    [Theory]
    [InlineData("caresses", "caress")]      // 1a sses -> ss
    [InlineData("ties", "tie")]             // 1a ies after one letter -> ie
    [InlineData("cried", "cri")]            // 1a ied after two letters -> i
    [InlineData("gas", "gas")]              // 1a s kept: no vowel before the letter preceding s
    [InlineData("bus", "bus")]              // 1a us kept
    [InlineData("agreed", "agre")]          // 1b eed -> ee in R1, then 5 drops e
    [InlineData("feed", "feed")]            // 1b eed not in R1
    [InlineData("luxuriating", "luxuri")]   // 1b ing, at -> ate, 4 drops ate
    [InlineData("hopping", "hop")]          // 1b undouble
    [InlineData("added", "add")]            // 1b (3.0.0) no undouble after exactly a/e/o
    [InlineData("hoped", "hope")]           // 1b short word gets e back
    [InlineData("yelling", "yell")]         // prelude initial y -> Y
    [InlineData("happy", "happi")]          // 1c y -> i
    [InlineData("relational", "relat")]     // 2 ational -> ate, 4 ate
    [InlineData("geologist", "geolog")]     // 2 (3.0.0) ogist -> og
    [InlineData("hopefulness", "hope")]     // 2 fulness -> ful, 3 ful
    [InlineData("electrical", "electr")]    // 3 ical -> ic, 4 ic
    [InlineData("adoption", "adopt")]       // 4 ion after t
    [InlineData("controll", "control")]     // 5 ll -> l in R2
    [InlineData("user's", "user")]          // 0 's
    [InlineData("pasted", "paste")]         // (3.0.0) past R1 and short syllable
    [InlineData("past", "past")]
    public void Rules(string word, string stem) => Assert.Equal(stem, PorterStemmer2.Stem(word));

    [Fact]
    public void Stemming_in_place_never_grows_the_word()
    {
        foreach (var (word, _, _) in Pairs())
        {
            char[] buffer = word.ToCharArray();
            Assert.InRange(PorterStemmer2.StemInPlace(buffer), 0, word.Length);
        }
    }
}
