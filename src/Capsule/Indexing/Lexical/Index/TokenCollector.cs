using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// Analyzes a field into term ids and positions as <see cref="Analyzer.Analyze{TSink}"/> would, but memoizes
/// the term of each surface form: Zipf's law makes most tokens repeats, and a lookup of the raw token replaces
/// folding, the stop list and the stemmer for them (a build was two thirds analyzer before). New terms get
/// their ids from the <see cref="ITermInterner"/>. The memo (<see cref="FormMemo"/>) may be shared by the
/// collectors of several threads that analyze into one term table; the collector itself is not thread-safe:
/// each thread that analyzes has its own.
/// </summary>
internal sealed class TokenCollector(Analyzer analyzer, ITermInterner terms, FormMemo forms)
{
    /// <summary>Surface forms a memo holds at most: a text of odd tokens would otherwise grow it without end.</summary>
    public const int MaxMemoizedForms = 1 << 20;

    /// <summary>Where new terms get their ids.</summary>
    public ITermInterner Terms => terms;

    public Analyzer Analyzer => analyzer;

    private int[] _counts = new int[256];

    /// <summary>Tokens collected per term id (a shorter span than the term count when the last ids were never seen here).</summary>
    public ReadOnlySpan<int> Counts => _counts;

    /// <summary>Appends the kept tokens of <paramref name="text"/> (positions from 0) to <paramref name="into"/>.</summary>
    [MethodImpl(HotPath.Optimize)]
    public void Collect(ReadOnlySpan<char> text, TokenList into)
    {
        Span<char> stack = stackalloc char[512];
        var tokenizer = new Tokenizer(text, analyzer.Settings.CjkBigrams);
        while (tokenizer.MoveNext(out TokenSpan span))
        {
            ReadOnlySpan<char> source = text[span.Start..span.End];
            int id;
            if (span.IsCjk)
                id = terms.Intern(source);
            else if (!forms.TryGetValue(text, span.Start, source.Length, out PackedForm key, out id))
            {
                int needed = source.Length * TextNormalizer.MaxExpansion;
                Span<char> buffer = needed <= stack.Length ? stack : new char[needed];
                int length = analyzer.AnalyzeWord(source, buffer);
                id = length == 0 ? -1 : terms.Intern(buffer[..length]);
                forms.GetOrAdd(key, source, id);
            }
            if (id >= 0)
            {
                into.Add(id, span.Position);
                if (id >= _counts.Length)
                    Array.Resize(ref _counts, Math.Max(id + 1, 2 * _counts.Length));
                _counts[id]++;
            }
        }
    }
}
