using Capsule.Indexing.Lexical.Index;

namespace Capsule.Tests.Lexical.Index;

public sealed class PackedFormTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("storage")]
    [InlineData("abcdefgh")] // exactly the low word
    [InlineData("abcdefghi")] // one char into the high word
    [InlineData("abcdefghijklmnop")] // 16: the most that packs
    public void A_short_ASCII_form_packs_the_same_wherever_it_lies_and_whatever_follows_it(string form)
    {
        var alone = PackedForm.Of(form, 0, form.Length); // within 16 chars of the end: the char by char path
        Assert.True(alone.IsPacked);
        foreach (var text in new[] { $"{form} and more text after it", $"x {form}zzzzzzzzzzzzzzzzzzz", $"{form}{new string('q', 40)}" })
        {
            int start = text.IndexOf(form, StringComparison.Ordinal);
            Assert.Equal(alone, PackedForm.Of(text, start, form.Length)); // the 16-char load, the rest masked off
        }
    }

    [Fact]
    public void Different_forms_pack_differently()
    {
        string[] forms = ["a", "b", "ab", "ba", "abcdefgh", "abcdefghi", "abcdefghj", "abcdefghijklmnop", "abcdefghijklmnoq", "A", "0"];
        var keys = forms.Select(f => PackedForm.Of($"{f}                    ", 0, f.Length)).ToList();
        Assert.Equal(forms.Length, keys.Distinct().Count());
    }

    [Theory]
    [InlineData("abcdefghijklmnopq")] // 17 chars
    [InlineData("caf\u00E9")] // not ASCII
    [InlineData("\u0430bc")] // Cyrillic а first
    [InlineData("")]
    public void A_long_empty_or_non_ASCII_form_does_not_pack(string form)
    {
        Assert.False(PackedForm.Of(form, 0, form.Length).IsPacked);
        Assert.False(PackedForm.Of($"{form}{new string(' ', 32)}", 0, form.Length).IsPacked);
    }

    [Fact]
    public void A_non_ASCII_char_just_past_the_form_does_not_stop_it_packing()
    {
        var text = "word\u00E9\u00E9\u00E9\u00E9\u00E9\u00E9\u00E9\u00E9\u00E9\u00E9\u00E9\u00E9\u00E9\u00E9";
        Assert.Equal(PackedForm.Of("word", 0, 4), PackedForm.Of(text, 0, 4));
    }
}
