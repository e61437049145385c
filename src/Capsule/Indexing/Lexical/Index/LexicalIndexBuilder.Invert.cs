using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Indexing.Lexical.Index;

public sealed partial class LexicalIndexBuilder
{
    // One document's tokens (text first, then title) as (term id, position), then grouped per term.
    private readonly TokenList _scratch = new();
    private readonly List<int> _documentTerms = [];

    /// <summary>Surface form (a token as written) → term id, or −1 when the analyzer drops it.</summary>
    private readonly SpanIntMap _forms = new();
    private const int MaxMemoizedForms = 1 << 20;
    private int[] _tfText = new int[256];
    private int[] _tfTitle = new int[256];
    private int[] _slot = new int[256];
    private int[] _grouped = new int[256];

    /// <summary>Appends every distinct term of the document just analyzed into <see cref="_scratch"/>
    /// to its postings: a counting sort groups the positions by term without allocating.</summary>
    [MethodImpl(HotPath.Optimize)]
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

    /// <summary>
    /// Analyzes one field into <see cref="_scratch"/> as <see cref="Analyzer.Analyze{TSink}"/> would, but
    /// memoizes the term of each surface form: Zipf's law makes most tokens repeats, and a dictionary
    /// lookup of the raw token replaces folding, the stop list and the stemmer for them (the build was
    /// two thirds analyzer before). The memo stops growing at <see cref="MaxMemoizedForms"/> forms.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    private void Collect(ReadOnlySpan<char> text)
    {
        Span<char> stack = stackalloc char[512];
        var tokenizer = new Tokenizer(text, Analyzer.Settings.CjkBigrams);
        while (tokenizer.MoveNext(out TokenSpan span))
        {
            ReadOnlySpan<char> source = text[span.Start..span.End];
            int id;
            if (span.IsCjk)
                id = Intern(source);
            else if (!_forms.TryGetValue(source, out id))
            {
                int needed = source.Length * TextNormalizer.MaxExpansion;
                Span<char> buffer = needed <= stack.Length ? stack : new char[needed];
                int length = Analyzer.AnalyzeWord(source, buffer);
                id = length == 0 ? -1 : Intern(buffer[..length]);
                if (_forms.Count < MaxMemoizedForms)
                    _forms.Add(source, id);
            }
            if (id >= 0)
                _scratch.Add(id, span.Position);
        }
    }

    [MethodImpl(HotPath.Optimize)]
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

    /// <summary>Parallel growable arrays of term ids and positions.</summary>
    private sealed class TokenList
    {
        private int[] _terms = new int[256];
        private int[] _positions = new int[256];

        public int Count { get; private set; }

        public ReadOnlySpan<int> Terms => _terms.AsSpan(0, Count);

        public ReadOnlySpan<int> Positions => _positions.AsSpan(0, Count);

        public void Clear() => Count = 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
