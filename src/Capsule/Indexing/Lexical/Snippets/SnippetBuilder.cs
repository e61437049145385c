using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Query;

namespace Capsule.Indexing.Lexical.Snippets;

/// <summary>
/// Picks a <see cref="Snippet"/> from a frame's original text: the text is analyzed as it was indexed,
/// tokens whose term the query asks for (outside exclusions) are matches, and the window of at most
/// <c>maxLength</c> chars holding the most distinct matched terms (then the most matches, then the
/// earliest) is widened evenly to the length and cut at spaces. Offsets come from the tokenizer, so
/// highlights mark the source words ("Running" for the term "run").
/// </summary>
public static class SnippetBuilder
{
    public const int DefaultLength = 160;

    private const string Ellipsis = "…";

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is below 16.</exception>
    public static Snippet Build(string text, QueryNode query, Analyzer analyzer, int maxLength = DefaultLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 16);
        var terms = new List<string>();
        CollectTerms(query, terms);
        var sink = new MatchSink(terms);
        analyzer.Analyze(text.AsSpan(), ref sink);
        var matches = sink.Matches;

        var (first, last) = BestWindow(matches, terms.Count, maxLength);
        int start, end;
        if (first < 0)
            (start, end) = (0, Math.Min(text.Length, maxLength));
        else
        {
            start = matches[first].Start;
            end = matches[last].End;
            int spare = maxLength - (end - start);
            start = Math.Max(0, start - spare / 2);
            end = Math.Min(text.Length, start + maxLength);
            start = Math.Max(0, end - maxLength);
        }
        (start, end) = SnapToSpaces(text, start, end, first < 0 ? 0 : matches[first].Start, first < 0 ? 0 : matches[last].End);

        string prefix = start > 0 ? Ellipsis : "", suffix = end < text.Length ? Ellipsis : "";
        var body = string.Create(end - start, (text, start), static (span, state) =>
        {
            state.text.AsSpan(state.start, span.Length).CopyTo(span);
            for (int i = 0; i < span.Length; i++)
            {
                if (char.IsControl(span[i]))
                    span[i] = ' ';
            }
        });
        var highlights = matches.Where(m => m.Start >= start && m.End <= end)
            .Select(m => new HighlightRange(m.Start - start + prefix.Length, m.End - m.Start)).ToArray();
        return new Snippet(prefix + body + suffix, highlights);
    }

    /// <summary>Most distinct terms, then most matches, then earliest, among windows of matches spanning at most <paramref name="maxLength"/> chars.</summary>
    private static (int First, int Last) BestWindow(List<Match> matches, int termCount, int maxLength)
    {
        if (matches.Count == 0)
            return (-1, -1);
        var counts = new int[termCount];
        int distinct = 0, bestFirst = 0, bestLast = 0;
        long bestScore = -1;
        int left = 0;
        for (int right = 0; right < matches.Count; right++)
        {
            if (counts[matches[right].Term]++ == 0)
                distinct++;
            while (matches[right].End - matches[left].Start > maxLength)
            {
                if (--counts[matches[left].Term] == 0)
                    distinct--;
                left++;
            }
            long score = (long)distinct * matches.Count + (right - left + 1);
            if (score > bestScore)
                (bestScore, bestFirst, bestLast) = (score, left, right);
        }
        return (bestFirst, bestLast);
    }

    /// <summary>Moves a cut that falls inside a word to the nearest space within the window, never past the matches.</summary>
    private static (int Start, int End) SnapToSpaces(string text, int start, int end, int firstMatch, int lastMatch)
    {
        if (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            int space = text.IndexOfAny([' ', '\n', '\t'], start, Math.Max(0, firstMatch - start));
            if (space >= 0)
                start = space + 1;
        }
        if (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            int from = Math.Max(lastMatch, start);
            int space = end > from ? text.LastIndexOfAny([' ', '\n', '\t'], end - 1, end - from) : -1;
            if (space >= 0)
                end = space;
        }
        return (start, end);
    }

    private static void CollectTerms(QueryNode node, List<string> terms)
    {
        switch (node)
        {
            case TermQuery term when !terms.Contains(term.Term):
                terms.Add(term.Term);
                break;
            case PhraseQuery phrase:
                foreach (var term in phrase.Terms)
                    CollectTerms(new TermQuery(term.Term), terms);
                break;
            case FieldQuery field:
                CollectTerms(field.Inner, terms);
                break;
            case BooleanQuery boolean:
                foreach (var clause in boolean.Must.Concat(boolean.Should)) // exclusions are not shown as matches
                    CollectTerms(clause, terms);
                break;
        }
    }

    private readonly record struct Match(int Start, int End, int Term);

    private struct MatchSink(List<string> terms) : ITokenSink
    {
        public List<Match> Matches { get; } = [];

        public readonly void OnToken(scoped ReadOnlySpan<char> term, int start, int end, int position)
        {
            for (int i = 0; i < terms.Count; i++)
            {
                if (term.SequenceEqual(terms[i]))
                {
                    Matches.Add(new Match(start, end, i));
                    return;
                }
            }
        }
    }
}
