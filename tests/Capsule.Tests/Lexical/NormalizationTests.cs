using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Tests.Lexical;

public sealed class NormalizationTests
{
    [Theory]
    [InlineData("Café", "cafe")]
    [InlineData("cafe\u0301", "cafe")]          // decomposed input
    [InlineData("Straße", "strasse")]
    [InlineData("STRASSE", "strasse")]
    [InlineData("Ærøskøbing", "aeroskobing")]
    [InlineData("Œuvre", "oeuvre")]
    [InlineData("Łódź", "lodz")]
    [InlineData("Đorđe", "dorde")]
    [InlineData("İSTANBUL", "istanbul")]         // Turkish dotted capital I, culture-free
    [InlineData("ıslak", "islak")]               // dotless i
    [InlineData("Ångström", "angstrom")]
    [InlineData("Tiếng Việt", "tieng viet")]
    [InlineData("ΆΘΗΝΑ", "αθηνα")]
    [InlineData("λόγος", "λογοσ")]              // tonos dropped, final sigma folded
    [InlineData("МОСКВА", "москва")]
    [InlineData("don\u2019t", "don't")]
    [InlineData("co\u00ADoperate", "cooperate")]
    [InlineData("\U0001D400", "\U0001D400")]     // outside the tables: unchanged, surrogates intact
    public void Folds_case_and_diacritics(string input, string expected) => Assert.Equal(expected, TextNormalizer.Fold(input));

    [Theory]
    [InlineData("が")]       // dakuten distinguishes words in Japanese
    [InlineData("कुत्ता")]     // Devanagari vowel signs and virama
    public void Keeps_marks_outside_latin_and_greek(string input) => Assert.Equal(input, TextNormalizer.Fold(input));

    [Fact]
    public void Rejects_a_destination_too_small_for_expansion() =>
        Assert.Throws<ArgumentException>(() => TextNormalizer.Fold("ßß", new char[3]));
}
