using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// The term ids of a build whose documents are analyzed on several threads at once
/// (<see cref="AnalyzedDocuments"/>): one table, so every thread's tokens carry the same id for the same term.
/// Ids are dense from 0 in the order terms were first interned by any thread, which varies from run to run;
/// nothing written depends on them (a payload orders terms by their bytes). The threads' collectors share
/// one memo of surface forms, so a form is analyzed once however many threads meet it, and a thread reaches
/// the lock only for a form no thread has seen, a few percent of its tokens.
/// </summary>
internal sealed class SharedTermIds : ITermInterner
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _terms;
    private readonly SpanIntMap _forms;
    private Analyzer? _analyzer;

    /// <param name="expectedTextBytes">About how much text the build analyzes, to size the tables (0 for a small start).</param>
    public SharedTermIds(long expectedTextBytes = 0)
    {
        // Sized up front, the tables grow at most once or twice: grown by doubling from a small start, a bulk
        // seal's memo and term table came to about 1.5 MB of arrays thrown away, large objects all, which
        // reach the large-object budget that sets off a full collection.
        var forms = EstimateForms(expectedTextBytes);
        _forms = new SpanIntMap(forms);
        _ids = new(forms * 3 / 4, StringComparer.Ordinal);
        _terms = new(forms * 3 / 4);
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// About how many distinct surface forms text of <paramref name="textBytes"/> bytes holds, from Heaps' law
    /// (a vocabulary grows with the square root of the text). The factor is below what cran, med and scifact
    /// show (6.3, 13 and 16.5 forms per square root of a byte), so the tables start no larger than English prose
    /// needs and grow once or twice. Terms are about three quarters of the forms (med: 9,755 of 13,575).
    /// </summary>
    private static int EstimateForms(long textBytes) => (int)Math.Min(SpanIntMap.MaxCount, 8 * Math.Sqrt(Math.Max(0, textBytes)));

    /// <summary>Terms interned so far. Read it once the analyzing threads are done.</summary>
    public int Count => _terms.Count;

    /// <summary>The term with id <paramref name="id"/>.</summary>
    public string this[int id] => _terms[id];

    /// <summary>A collector for one analyzing thread whose new terms get their ids here.</summary>
    /// <exception cref="ArgumentException"><paramref name="analyzer"/> is not the analyzer of the collectors made before: the memo they share holds its terms.</exception>
    public TokenCollector NewCollector(Analyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        if (Interlocked.CompareExchange(ref _analyzer, analyzer, null) is { } first && first != analyzer)
            throw new ArgumentException("Every collector of one term table must use the same analyzer: they share one memo of what it makes of each word.", nameof(analyzer));
        return new(analyzer, this, _forms);
    }

    [MethodImpl(HotPath.Optimize)]
    public int Intern(scoped ReadOnlySpan<char> term)
    {
        lock (_terms)
        {
            if (_lookup.TryGetValue(term, out int id))
                return id;
            id = _terms.Count;
            var text = term.ToString();
            _terms.Add(text);
            _ids.Add(text, id);
            return id;
        }
    }
}
