using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Capsule.Indexing.Lexical.Index;

public sealed partial class LexicalIndexBuilder : ITermInterner
{
    // One document's tokens (text first, then title) as (term id, position).
    private readonly TokenList _scratch = new();
    private readonly DocumentInverter _inverter = new();
    private readonly TokenCollector _collector;

    /// <summary>Appends every distinct term of the document just analyzed into <see cref="_scratch"/> to its postings.</summary>
    private void Invert(int doc, int textLength, int titleLength) =>
        _inverter.Invert(CollectionsMarshal.AsSpan(_terms), doc, _scratch.Terms, _scratch.Positions, textLength, textLength, titleLength);

    [MethodImpl(HotPath.Optimize)]
    int ITermInterner.Intern(scoped ReadOnlySpan<char> term)
    {
        if (_lookup.TryGetValue(term, out int id))
            return id;
        id = _terms.Count;
        var text = term.ToString();
        _terms.Add(new BuilderTerm(text));
        _termIds.Add(text, id);
        _inverter.EnsureTerms(id + 1);
        return id;
    }
}
