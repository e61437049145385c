using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Tests.Lexical;

/// <summary>
/// The tokenizer against a char by char reference of its documented rules, on random text from a small alphabet
/// that mixes ASCII words and separators with the chars that take its Unicode path. The tokenizer tests eight chars
/// at a time where it can (word runs, separator runs): random lengths put word ends, joining apostrophes and
/// decimal points at every offset within those blocks and near the end of the text.
/// </summary>
public sealed class TokenizerProperties
{
    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("CAPSULE_TOKENIZER_CASES"), out var n) && n > 0 ? n : 3000;

    // Letters and digits weigh most, as in text; é is a letter off the ASCII path, U+0663 a digit, U+0301 a
    // combining mark, U+00AD a format char (soft hyphen), U+2019 an apostrophe.
    private const string Alphabet = "aaaaabbbbbZZZ000777      ..,,''-\n\u00E9\u0663\u0301\u00AD\u2019";

    [Fact]
    public void Splits_as_the_reference_does()
    {
        int seed = Environment.GetEnvironmentVariable("CAPSULE_TEST_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        for (int c = 0; c < Cases; c++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 70)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
            var expected = Reference(text);
            var actual = new List<(int, int)>();
            var tokenizer = new Tokenizer(text);
            while (tokenizer.MoveNext(out TokenSpan token))
            {
                Assert.True(token.Position == actual.Count, $"seed {seed}, case {c}: position {token.Position} for token {actual.Count}");
                actual.Add((token.Start, token.End));
            }
            Assert.True(expected.SequenceEqual(actual),
                $"seed {seed}, case {c}: \"{Escape(text)}\" gave [{Show(text, actual)}], the rules give [{Show(text, expected)}]");
        }
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9' or '\u0663';
    private static bool IsWord(char c) => char.IsAsciiLetter(c) || c == '\u00E9' || IsDigit(c);

    /// <summary>The rules of <see cref="Tokenizer"/>'s summary, one char at a time, for this alphabet.</summary>
    private static List<(int, int)> Reference(string text)
    {
        var tokens = new List<(int, int)>();
        int i = 0;
        while (i < text.Length)
        {
            if (!IsWord(text[i]))
            {
                i++; // a separator, or a mark or format char with no word before it
                continue;
            }
            int start = i, end = ++i;
            bool previousDigit = IsDigit(text[start]);
            while (i < text.Length)
            {
                char c = text[i];
                if (IsWord(c))
                {
                    end = ++i;
                    previousDigit = IsDigit(c);
                }
                else if (c == '\u0301')
                    end = ++i; // a mark continues the word
                else if (c == '\u00AD')
                    i++; // a format char is kept only if the word goes on after it
                else if (end == i && i + 1 < text.Length && c is '\'' or '\u2019' && IsWord(text[i + 1]) && !IsDigit(text[i + 1]))
                {
                    i += 2; // an apostrophe between a word and a letter
                    end = i;
                    previousDigit = false;
                }
                else if (end == i && i + 1 < text.Length && c is '.' or ',' && previousDigit && IsDigit(text[i + 1]))
                    end = i += 2; // a decimal point or thousands separator between digits
                else
                    break;
            }
            tokens.Add((start, end));
            i = end;
        }
        return tokens;
    }

    private static string Escape(string text) => string.Concat(text.Select(ch => ch is >= ' ' and < '\u007F' ? ch.ToString() : $"\\u{(int)ch:X4}"));

    private static string Show(string text, List<(int Start, int End)> tokens) => string.Join(", ", tokens.Select(t => Escape(text[t.Start..t.End])));
}
