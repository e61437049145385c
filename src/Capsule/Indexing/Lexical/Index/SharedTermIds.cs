using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// The term ids of a build whose documents are analyzed on several threads at once
/// (<see cref="AnalyzedDocuments"/>): one table, so every thread's tokens carry the same id for the same term.
/// Ids are dense from 0 in the order terms were first interned by any thread, which varies from run to run;
/// nothing written depends on them (a payload orders terms by their bytes). A thread reaches the lock only
/// for a surface form its own memo has not seen, a few percent of its tokens.
/// </summary>
internal sealed class SharedTermIds : ITermInterner
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _terms = [];

    public SharedTermIds() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Terms interned so far. Read it once the analyzing threads are done.</summary>
    public int Count => _terms.Count;

    /// <summary>The term with id <paramref name="id"/>.</summary>
    public string this[int id] => _terms[id];

    /// <summary>A collector for one analyzing thread whose new terms get their ids here.</summary>
    public TokenCollector NewCollector(Analyzer analyzer) => new(analyzer, this);

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
