using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Indexing.Lexical.Index;

public sealed partial class LexicalIndexBuilder
{
    // One document's tokens (text first, then title) as (term id, position), then grouped per term.
    private readonly TokenList _scratch = new();
    private readonly List<int> _documentTerms = [];
    private int[] _tfText = new int[256];
    private int[] _tfTitle = new int[256];
    private int[] _slot = new int[256];
    private int[] _grouped = new int[256];

    /// <summary>Appends every distinct term of the document just analyzed into <see cref="_scratch"/>
    /// to its postings: a counting sort groups the positions by term without allocating.</summary>
    private void Invert(int doc, int textLength, int titleLength)
    {
        int total = _scratch.Count;
        ReadOnlySpan<int> ids = _scratch.Terms, positions = _scratch.Positions;
        for (int i = 0; i < textLength; i++)
        {
            int id = ids[i];
            if (_tfText[id]++ == 0)
                _documentTerms.Add(id);
        }
        for (int i = textLength; i < total; i++)
        {
            int id = ids[i];
            if (_tfTitle[id]++ == 0 && _tfText[id] == 0)
                _documentTerms.Add(id);
        }

        if (_grouped.Length < total)
            _grouped = new int[Math.Max(total, _grouped.Length * 2)];
        int offset = 0;
        foreach (int id in _documentTerms)
        {
            _slot[id] = offset;
            offset += _tfText[id] + _tfTitle[id];
        }
        for (int i = 0; i < total; i++)
            _grouped[_slot[ids[i]]++] = positions[i]; // text tokens come first, so each term's text run precedes its title run

        foreach (int id in _documentTerms)
        {
            int text = _tfText[id], title = _tfTitle[id];
            int start = _slot[id] - text - title;
            _terms[id].Append(doc, _grouped.AsSpan(start, text), _grouped.AsSpan(start + text, title), textLength, titleLength);
            _tfText[id] = _tfTitle[id] = 0;
        }
        _documentTerms.Clear();
    }

    private int Intern(scoped ReadOnlySpan<char> term)
    {
        if (_lookup.TryGetValue(term, out int id))
            return id;
        id = _terms.Count;
        var text = term.ToString();
        _terms.Add(new BuilderTerm(text));
        _termIds.Add(text, id);
        if (id == _tfText.Length)
        {
            Array.Resize(ref _tfText, id * 2);
            Array.Resize(ref _tfTitle, id * 2);
            Array.Resize(ref _slot, id * 2);
        }
        return id;
    }

    private readonly struct InvertSink(LexicalIndexBuilder builder) : ITokenSink
    {
        // The field is implied: text tokens are collected first, the title's after them; title
        // positions are their own sequence (restarting at 0), as the analyzer numbers each call.
        public void OnToken(scoped ReadOnlySpan<char> term, int start, int end, int position) =>
            builder._scratch.Add(builder.Intern(term), position);
    }

    /// <summary>Parallel growable arrays of term ids and positions.</summary>
    private sealed class TokenList
    {
        private int[] _terms = new int[256];
        private int[] _positions = new int[256];

        public int Count { get; private set; }

        public ReadOnlySpan<int> Terms => _terms.AsSpan(0, Count);

        public ReadOnlySpan<int> Positions => _positions.AsSpan(0, Count);

        public void Clear() => Count = 0;

        public void Add(int term, int position)
        {
            if (Count == _terms.Length)
            {
                Array.Resize(ref _terms, Count * 2);
                Array.Resize(ref _positions, Count * 2);
            }
            _terms[Count] = term;
            _positions[Count++] = position;
        }
    }
}
