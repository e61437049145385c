using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Indexing.Lexical.Ranking;

/// <summary>
/// An append-only inverted index held in memory: per field (text, title) a term → postings map with
/// term frequencies and positions, document lengths per field, and document frequencies across
/// fields. Scored with BM25F (<see cref="Bm25"/>) by an exhaustive term-at-a-time scorer. It is the
/// reference the persisted, pruned index must match, and the shape of the open tail's index.
/// </summary>
/// <remarks>Not thread-safe for writes; searches may run concurrently when no document is being added.</remarks>
public sealed partial class InMemoryIndex
{
    private readonly Dictionary<string, PostingList> _text = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PostingList> _title = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _documentFrequency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ordinalById = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly List<int> _textLengths = [];
    private readonly List<int> _titleLengths = [];
    private FieldStatistics _textStatistics;
    private FieldStatistics _titleStatistics;

    /// <exception cref="ArgumentOutOfRangeException">The options are invalid (see <see cref="InMemoryIndexOptions.Validate"/>).</exception>
    public InMemoryIndex(Analyzer? analyzer = null, InMemoryIndexOptions? options = null)
    {
        Analyzer = analyzer ?? new Analyzer();
        Options = options ?? InMemoryIndexOptions.Default;
        Options.Validate();
    }

    public Analyzer Analyzer { get; }

    public InMemoryIndexOptions Options { get; }

    public int DocumentCount => _ids.Count;

    /// <summary>The postings of <paramref name="term"/> (an analyzed term) in the text field, if any.</summary>
    public bool TryGetTextPostings(string term, out PostingList postings) => _text.TryGetValue(term, out postings!);

    /// <summary>The postings of <paramref name="term"/> (an analyzed term) in the title field, if any.</summary>
    public bool TryGetTitlePostings(string term, out PostingList postings) => _title.TryGetValue(term, out postings!);

    /// <summary>Analyzes and indexes a document; <paramref name="title"/> may be null for none.</summary>
    /// <exception cref="ArgumentException">A document with this id was already added.</exception>
    public void Add(string id, string? title, string text)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(text);
        if (_ordinalById.ContainsKey(id))
            throw new ArgumentException($"Document '{id}' is already in the index.", nameof(id));

        int doc = _ids.Count;
        var textTerms = Collect(text);
        var titleTerms = Collect(title ?? string.Empty);
        _ids.Add(id);
        _ordinalById.Add(id, doc);
        _textLengths.Add(textTerms.Length);
        _titleLengths.Add(titleTerms.Length);
        if (textTerms.Length > 0)
            _textStatistics += new FieldStatistics(1, textTerms.Length);
        if (titleTerms.Length > 0)
            _titleStatistics += new FieldStatistics(1, titleTerms.Length);

        AppendPostings(_text, textTerms, doc);
        AppendPostings(_title, titleTerms, doc);
        foreach (var term in textTerms.Positions.Keys.Union(titleTerms.Positions.Keys, StringComparer.Ordinal))
            _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
    }

    /// <summary>
    /// This index's collection statistics, with document frequencies for <paramref name="terms"/>
    /// (every term when null). Combine several indexes' with <see cref="CollectionStatistics.Combine"/>.
    /// </summary>
    public CollectionStatistics Statistics(IEnumerable<string>? terms = null)
    {
        var df = terms is null
            ? new Dictionary<string, long>(_documentFrequency, StringComparer.Ordinal)
            : terms.Distinct(StringComparer.Ordinal).ToDictionary(t => t, t => _documentFrequency.GetValueOrDefault(t), StringComparer.Ordinal);
        return new CollectionStatistics(_ids.Count, _textStatistics, _titleStatistics, df);
    }

    /// <summary>Analyzes a query string with this index's analyzer (the terms <see cref="Search"/> expects).</summary>
    public IReadOnlyList<string> AnalyzeQuery(string query) => Analyzer.Analyze(query).Select(t => t.Term).ToArray();

    private FieldTerms Collect(string value)
    {
        var sink = new FieldTerms();
        Analyzer.Analyze(value.AsSpan(), ref sink);
        return sink;
    }

    private static void AppendPostings(Dictionary<string, PostingList> field, FieldTerms terms, int doc)
    {
        foreach (var (term, positions) in terms.Positions)
        {
            if (!field.TryGetValue(term, out var list))
                field.Add(term, list = new PostingList());
            list.Append(new Posting(doc, positions.Count, positions.ToArray()));
        }
    }

    /// <summary>Collects one field's terms with their positions; the field length is the term count
    /// (stop words removed, as Lucene's FieldInvertState.length counts emitted tokens).</summary>
    private sealed class FieldTerms : ITokenSink
    {
        public Dictionary<string, List<int>> Positions { get; } = new(StringComparer.Ordinal);

        public int Length { get; private set; }

        public void OnToken(scoped ReadOnlySpan<char> term, int start, int end, int position)
        {
            var lookup = Positions.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(term, out var list))
            {
                list = [];
                Positions.Add(term.ToString(), list);
            }
            list.Add(position);
            Length++;
        }
    }
}
