using System.Runtime.CompilerServices;
using System.Text;
using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// The in-memory, incremental full-text index of a run of frames: per term, postings (document,
/// text and title frequency) and positions, already encoded in the persisted block format; per
/// document, its frame id and field lengths. Searchable as it grows (it is the open tail's index)
/// and written to a payload by <see cref="Persisted.LexicalIndexWriter"/>.
/// </summary>
/// <remarks>
/// Building allocates a string only for a term seen for the first time: tokens are looked up by span
/// (<see cref="Dictionary{TKey,TValue}.GetAlternateLookup{TAlternateKey}"/>), a document is inverted in
/// reusable scratch arrays, and each distinct term of it appends a few varints to its buffers.
/// Not thread-safe for writes; searches may run concurrently when no document is being added.
/// <para>
/// The per-token and per-posting methods of the build and of search (tokenizer, folding, inversion,
/// varints, payload encoding, postings cursor, MaxScore, dictionary lookup) carry
/// <see cref="HotPath.Optimize"/>, which is <see cref="System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization"/>
/// except in a ReadyToRun publish, where that code is precompiled instead: they are
/// compiled fully optimized at their first call instead of starting as Tier-0 code. A capsule is often
/// built or queried once per process (<c>capsule import</c>, <c>capsule find</c>, a seal at commit), and
/// there the loops otherwise run unoptimized (or instrumented, with dynamic PGO) for most of the work.
/// Measured on cran (<c>capsule bench ir</c>, 2 loaded cores): with tiered compilation switched off for
/// the whole process the query p50 halved (0.87 → 0.41 ms); these attributes, with the search changes
/// made beside them, took it from about 0.78 to 0.49 ms. The price is the profile-guided rewrites Tier 1 could add
/// later and a costlier first compile; the <c>lex</c> benchmark (warm, long-running) shows no
/// steady-state loss. Methods outside these loops keep normal tiering.
/// </para>
/// </remarks>
public sealed partial class LexicalIndexBuilder : ILexicalPart
{
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<BuilderTerm> _terms = [];
    private readonly DocumentList _documents = new();

    public LexicalIndexBuilder(Analyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        Analyzer = analyzer;
        _lookup = _termIds.GetAlternateLookup<ReadOnlySpan<char>>();
        _collector = new TokenCollector(analyzer, this, new FormMemo(0, TokenCollector.MaxMemoizedForms));
    }

    /// <summary>The analyzer every added text and every query of this index goes through.</summary>
    public Analyzer Analyzer { get; }

    public int DocumentCount => _documents.Count;

    /// <summary>Distinct terms over both fields.</summary>
    public int TermCount => _terms.Count;

    public FieldStatistics TextStatistics => _documents.Text;

    public FieldStatistics TitleStatistics => _documents.Title;

    public ulong FrameId(int doc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(doc);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(doc, DocumentCount);
        return _documents.FrameId(doc);
    }

    public int DocumentFrequency(string term) =>
        _termIds.TryGetValue(term, out int id) ? _terms[id].DocumentFrequency : 0;

    /// <summary>Analyzes and indexes one frame's <paramref name="title"/> (null for none) and <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameId"/> is not greater than the last added one.</exception>
    public void Add(ulong frameId, string? title, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Add(frameId, title, text.AsSpan());
    }

    /// <summary>Analyzes and indexes one frame's <paramref name="title"/> (null for none) and <paramref name="text"/>,
    /// which may sit in a reused buffer (a frame's payload decoded without making a string of it).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameId"/> is not greater than the last added one.</exception>
    [MethodImpl(HotPath.Optimize)]
    public void Add(ulong frameId, string? title, ReadOnlySpan<char> text)
    {
        _documents.CheckNext(frameId);
        _scratch.Clear();
        _collector.Collect(text, _scratch);
        int textLength = _scratch.Count;
        if (title is not null)
            _collector.Collect(title, _scratch);
        int titleLength = _scratch.Count - textLength;
        Invert(_documents.Add(frameId, textLength, titleLength), textLength, titleLength);
    }

    TermHandle ILexicalPart.FindTerm(string term) =>
        _termIds.TryGetValue(term, out int id) ? new TermHandle(_terms[id].DocumentFrequency, _terms[id]) : default;

    void ILexicalPart.Open(in TermHandle term, PostingsCursor cursor, bool positions)
    {
        var entry = (BuilderTerm)term.Entry!;
        entry.CopyBlocks(cursor.PrepareBlocks(entry.BlockCount));
        cursor.Reset(entry.DocumentFrequency, DocumentCount, entry.Postings, positions ? entry.Positions : default, FieldMask.Both);
    }

    IEnumerable<(byte[] Utf8, TermHandle Term)> ILexicalPart.TermsInOrder()
    {
        var (keys, terms) = SortedTerms();
        for (int i = 0; i < keys.Length; i++)
            yield return (keys[i], new TermHandle(terms[i].DocumentFrequency, terms[i]));
    }

    /// <summary>
    /// Sorts the terms now (as <see cref="ILexicalPart.TermsInOrder"/> would), so that a later write or merge
    /// finds them sorted: a part built on its own thread sorts there, in parallel with the other parts,
    /// instead of inside the merge. The order stays cached until a new term is added.
    /// </summary>
    public void SortTerms() => SortedTerms();

    private (byte[][] Keys, BuilderTerm[] Terms)? _sorted;

    /// <summary>The terms and their UTF-8 bytes in byte order (<see cref="Utf8TermSort"/>).</summary>
    [MethodImpl(HotPath.Optimize)]
    private (byte[][] Keys, BuilderTerm[] Terms) SortedTerms()
    {
        if (_sorted is { } cached && cached.Terms.Length == _terms.Count)
            return cached;
        var keys = new byte[_terms.Count][];
        var terms = _terms.ToArray();
        for (int i = 0; i < keys.Length; i++)
            keys[i] = Encoding.UTF8.GetBytes(terms[i].Term);
        Utf8TermSort.Sort(keys, terms);
        _sorted = (keys, terms);
        return (keys, terms);
    }

    DocTable ILexicalPart.Documents => _documents.Table;
}
