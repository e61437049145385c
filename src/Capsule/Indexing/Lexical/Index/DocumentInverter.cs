using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// Appends one document's tokens to the postings of its terms: a counting sort groups the positions by
/// term in reusable arrays, so inverting allocates nothing once the arrays have grown to the term count.
/// One per thread that inverts.
/// </summary>
internal sealed class DocumentInverter
{
    private readonly List<int> _documentTerms = [];
    private int[] _tfText = new int[256];
    private int[] _tfTitle = new int[256];
    private int[] _slot = new int[256];
    private int[] _grouped = new int[256];

    /// <summary>Makes room for term ids below <paramref name="count"/>.</summary>
    public void EnsureTerms(int count)
    {
        if (count <= _tfText.Length)
            return;
        int size = Math.Max(count, _tfText.Length * 2);
        Array.Resize(ref _tfText, size);
        Array.Resize(ref _tfTitle, size);
        Array.Resize(ref _slot, size);
    }

    /// <summary>
    /// Appends document <paramref name="doc"/> to the postings of the terms in <paramref name="ids"/>: the first
    /// <paramref name="textTokens"/> entries are text tokens, the rest title tokens, each with its position.
    /// <paramref name="textLength"/> and <paramref name="titleLength"/> are the document's field lengths (the
    /// blocks' length bounds), which exceed the token counts when only some of the document's terms are given.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    public void Invert(ReadOnlySpan<BuilderTerm> terms, int doc, ReadOnlySpan<int> ids, ReadOnlySpan<int> positions, int textTokens,
        int textLength, int titleLength)
    {
        int total = ids.Length;
        for (int i = 0; i < textTokens; i++)
        {
            int id = ids[i];
            if (_tfText[id]++ == 0)
                _documentTerms.Add(id);
        }
        for (int i = textTokens; i < total; i++)
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
            terms[id].Append(doc, _grouped.AsSpan(start, text), _grouped.AsSpan(start + text, title), textLength, titleLength);
            _tfText[id] = _tfTitle[id] = 0;
        }
        _documentTerms.Clear();
    }
}
