using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Tests.Lexical;

public sealed class TokenizerTests
{
    private static List<string> Tokens(string text, bool bigrams = true)
    {
        var result = new List<string>();
        var tokenizer = new Tokenizer(text, bigrams);
        int expectedPosition = 0;
        while (tokenizer.MoveNext(out TokenSpan t))
        {
            Assert.Equal(expectedPosition++, t.Position);
            result.Add(text[t.Start..t.End]);
        }
        return result;
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("   \t\r\n  ", new string[0])]
    [InlineData("Hello, world!", new[] { "Hello", "world" })]
    [InlineData("don't stop the user's car", new[] { "don't", "stop", "the", "user's", "car" })]
    [InlineData("don\u2019t", new[] { "don\u2019t" })]
    [InlineData("'quoted' words'", new[] { "quoted", "words" })]
    [InlineData("pi is 3.14, about 1,000 or 192.168.0.1.", new[] { "pi", "is", "3.14", "about", "1,000", "or", "192.168.0.1" })]
    [InlineData("end.Next a,b mp3 covid19", new[] { "end", "Next", "a", "b", "mp3", "covid19" })]
    [InlineData("mail bob@example.com or https://example.com/a_b?q=1", new[] { "mail", "bob", "example", "com", "or", "https", "example", "com", "a", "b", "q", "1" })]
    [InlineData("I \u2764\uFE0F emoji \U0001F600!", new[] { "I", "emoji" })]
    [InlineData("Москва and Αθήνα", new[] { "Москва", "and", "Αθήνα" })]
    [InlineData("\U0001D400bc", new[] { "\U0001D400bc" })] // surrogate-pair letter inside a word
    [InlineData("co\u00ADoperate", new[] { "co\u00ADoperate" })] // soft hyphen joins
    [InlineData("cafe\u0301 ok", new[] { "cafe\u0301", "ok" })] // combining mark stays with its letter
    // Where the ASCII fast path hands over to the Unicode path and back, inside one word:
    [InlineData("naïve1,5x na\u00EFve", new[] { "naïve1,5x", "na\u00EFve" })]
    [InlineData("a'é l'été x1.y 1.\u0663 é.5", new[] { "a'é", "l'été", "x1", "y", "1.\u0663", "é", "5" })]
    [InlineData("9\u00AD.5 ab\u00AD cd\u00ADe", new[] { "9", "5", "ab", "cd\u00ADe" })]
    [InlineData("\u0663,5 x\u0301y'z", new[] { "\u0663,5", "x\u0301y'z" })]
    public void Splits_words(string text, string[] expected) => Assert.Equal(expected, Tokens(text));

    [Theory]
    [InlineData("東京都", new[] { "東京", "京都" })]
    [InlineData("東", new[] { "東" })]
    [InlineData("東京tower", new[] { "東京", "tower" })]
    [InlineData("ひらがな", new[] { "ひら", "らが", "がな" })]
    [InlineData("カタカナ。한국어", new[] { "カタ", "タカ", "カナ", "한국", "국어" })]
    [InlineData("\U00020000\U00020001", new[] { "\U00020000\U00020001" })] // Extension B, surrogate pairs
    public void Cjk_runs_become_bigrams(string text, string[] expected) => Assert.Equal(expected, Tokens(text));

    [Fact]
    public void Cjk_unigrams_when_bigrams_are_off() =>
        Assert.Equal(new[] { "東", "京", "都" }, Tokens("東京都", bigrams: false));

    [Fact]
    public void Offsets_slice_back_to_the_source()
    {
        const string text = "  Héllo, 東京都 don't 3.14 \U0001D400x ";
        var tokenizer = new Tokenizer(text);
        var seen = new List<string>();
        while (tokenizer.MoveNext(out TokenSpan t))
        {
            Assert.InRange(t.Start, 0, t.End - 1);
            Assert.InRange(t.End, t.Start + 1, text.Length);
            seen.Add(text[t.Start..t.End]);
        }
        Assert.Equal(new[] { "Héllo", "東京", "京都", "don't", "3.14", "\U0001D400x" }, seen);
    }
}
