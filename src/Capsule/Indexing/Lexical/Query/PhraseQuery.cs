using System.Text;

namespace Capsule.Indexing.Lexical.Query;

/// <summary>An analyzed term and its position relative to the phrase's first term (which is 0).</summary>
public readonly record struct PhraseTerm(string Term, int Position);

/// <summary>
/// Terms that must appear at these relative positions. Positions keep the gaps of removed stop
/// words, so "war of the worlds" (war@0, world@3) does not match "war worlds". Always two or more
/// terms: a one-term phrase is parsed as a <see cref="TermQuery"/>.
/// </summary>
public sealed record PhraseQuery(IReadOnlyList<PhraseTerm> Terms) : QueryNode
{
    /// <summary>Quoted terms, one <c>?</c> per skipped position, as Lucene's PhraseQuery prints gaps:
    /// <c>"war ? ? world"</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("\"");
        int expected = 0;
        foreach (var term in Terms)
        {
            for (; expected < term.Position; expected++)
                text.Append("? ");
            text.Append(term.Term).Append(' ');
            expected = term.Position + 1;
        }
        text.Length--; // the trailing space
        return text.Append('"').ToString();
    }

    // Records compare lists by reference; a phrase is a value, so compare its terms.
    public bool Equals(PhraseQuery? other) => other is not null && Terms.SequenceEqual(other.Terms);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
