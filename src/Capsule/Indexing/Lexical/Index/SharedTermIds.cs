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
    private readonly SpanIntMap _ids;
    private readonly FormMemo _forms;
    private Analyzer? _analyzer;

    /// <param name="expectedTextBytes">About how much text the build analyzes, to size the tables (0 for a small start).</param>
    public SharedTermIds(long expectedTextBytes = 0)
    {
        // Sized up front, the tables grow at most once or twice: grown by doubling from a small start, a bulk
        // seal's memo and term table came to about 1.5 MB of arrays thrown away, large objects all, which
        // reach the large-object budget that sets off a full collection.
        var forms = EstimateForms(expectedTextBytes);
        _forms = new FormMemo(forms, TokenCollector.MaxMemoizedForms);
        _ids = new SpanIntMap(forms * 3 / 4);
    }

    /// <summary>
    /// About how many distinct surface forms text of <paramref name="textBytes"/> bytes holds, from Heaps' law
    /// (a vocabulary grows with the square root of the text). The factor is below what cran, med and scifact
    /// show (6.3, 13 and 16.5 forms per square root of a byte), so the tables start no larger than English prose
    /// needs and grow once or twice. Terms are about three quarters of the forms (med: 9,755 of 13,575).
    /// </summary>
    private static int EstimateForms(long textBytes) => (int)Math.Min(TokenCollector.MaxMemoizedForms, 8 * Math.Sqrt(Math.Max(0, textBytes)));

    /// <summary>Terms interned so far.</summary>
    public int Count => _ids.Count;

    /// <summary>The term with id <paramref name="id"/> (valid until the next term is interned).</summary>
    public ReadOnlySpan<char> this[int id] => _ids.KeyAt(id);

    /// <summary>A collector for one analyzing thread whose new terms get their ids here.</summary>
    /// <exception cref="ArgumentException"><paramref name="analyzer"/> is not the analyzer of the collectors made before: the memo they share holds its terms.</exception>
    public TokenCollector NewCollector(Analyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        if (Interlocked.CompareExchange(ref _analyzer, analyzer, null) is { } first && first != analyzer)
            throw new ArgumentException("Every collector of one term table must use the same analyzer: they share one memo of what it makes of each word.", nameof(analyzer));
        return new(analyzer, this, _forms);
    }

    /// <summary>The id of <paramref name="term"/>: ids are dense from 0 in the order terms were first interned.</summary>
    [MethodImpl(HotPath.Optimize)]
    public int Intern(scoped ReadOnlySpan<char> term) => _ids.Intern(term);
}
