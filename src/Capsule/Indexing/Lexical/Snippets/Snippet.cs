using System.Text;

namespace Capsule.Indexing.Lexical.Snippets;

/// <summary>A marked word of a snippet: <c>Text[Start..(Start + Length)]</c>.</summary>
public readonly record struct HighlightRange(int Start, int Length);

/// <summary>
/// A short excerpt of a frame's text around its densest cluster of query terms, with the matched
/// words' ranges (offsets into <see cref="Text"/>). Line breaks and tabs are shown as spaces; an ellipsis
/// marks text cut at either end.
/// </summary>
public sealed record Snippet(string Text, IReadOnlyList<HighlightRange> Highlights)
{
    /// <summary>ANSI bold on / reset, for terminals.</summary>
    public const string AnsiOpen = "\u001b[1m";
    public const string AnsiClose = "\u001b[0m";

    /// <summary>The text with each highlight wrapped in <paramref name="open"/> and <paramref name="close"/>.</summary>
    public string Render(string open = "[", string close = "]")
    {
        var builder = new StringBuilder(Text.Length + Highlights.Count * (open.Length + close.Length));
        int at = 0;
        foreach (var range in Highlights)
        {
            builder.Append(Text, at, range.Start - at).Append(open).Append(Text, range.Start, range.Length).Append(close);
            at = range.Start + range.Length;
        }
        return builder.Append(Text, at, Text.Length - at).ToString();
    }

    /// <summary>The text with highlights in bold for a terminal.</summary>
    public string RenderAnsi() => Render(AnsiOpen, AnsiClose);

    // Records compare lists by reference; a snippet is a value.
    public bool Equals(Snippet? other) => other is not null && Text == other.Text && Highlights.SequenceEqual(other.Highlights);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);
}
