using System.Buffers;
using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>
/// Text → terms: <see cref="Tokenizer"/>, then per token <see cref="TextNormalizer.Fold(ReadOnlySpan{char}, Span{char})"/>,
/// English possessive removal ("user's" → "user"), length limits, stop words, and
/// <see cref="PorterStemmer2"/> — the order of Lucene's EnglishAnalyzer. Deterministic: the output
/// depends only on the text and <see cref="Settings"/>, never on culture or machine. Thread-safe.
/// </summary>
/// <remarks>
/// CJK tokens skip the length limits, stop words and stemming (a unigram is one char by design).
/// Stemming applies only to folded terms of a–z and apostrophes: Porter2 is defined for English
/// letters, so numbers and other scripts pass unchanged. It runs after folding, so "Straße" and
/// "strasse" still meet (both → "strass"). Terms are written into a stack buffer; only tokens longer than
/// <see cref="StackChars"/>/2 chars rent a pooled one, so the visitor form allocates nothing.
/// </remarks>
public sealed class Analyzer
{
    private const int StackChars = 512;

    private readonly Index.SpanIntMap _stopWords = new();

    /// <exception cref="ArgumentException">The settings are out of range (see <see cref="AnalyzerSettings.Validate"/>).</exception>
    public Analyzer(AnalyzerSettings? settings = null)
    {
        Settings = settings ?? AnalyzerSettings.Default;
        Settings.Validate();
        foreach (var word in EnglishStopWords.Words(Settings.StopWords))
        {
            _stopWords.GetOrAdd(word, 0);
        }
    }

    public AnalyzerSettings Settings { get; }

    /// <summary>
    /// An analyzer for <paramref name="settings"/>, shared with every caller that asks for equal settings.
    /// An analyzer is immutable once built and thread-safe, but building one fills its stop-word table
    /// (about 50 KB of allocation), which a query or a seal would otherwise repeat every time: a capsule's
    /// searches and seals all use its one recorded settings, so one cached instance serves them.
    /// </summary>
    public static Analyzer Shared(AnalyzerSettings? settings = null)
    {
        settings ??= AnalyzerSettings.Default;
        // A few entries searched in order under a lock: a process sees a handful of distinct settings, and a
        // concurrent dictionary keyed by the settings record was a dozen more generic types to load at the
        // first seal of every process.
        lock (s_sharedGate)
        {
            foreach (var shared in s_shared)
            {
                if (shared.Settings == settings)
                    return shared;
            }
        }
        var made = new Analyzer(settings);
        lock (s_sharedGate)
        {
            foreach (var shared in s_shared)
            {
                if (shared.Settings == settings)
                    return shared; // another thread built one meanwhile: every caller gets the same
            }
            // Past MaxShared distinct settings the list starts over rather than grow.
            if (s_shared.Count >= MaxShared)
                s_shared.Clear();
            s_shared.Add(made);
        }
        return made;
    }

    private const int MaxShared = 16;

    private static readonly Lock s_sharedGate = new();

    private static readonly List<Analyzer> s_shared = [];

    /// <summary>Analyzes <paramref name="text"/>, calling <paramref name="sink"/> once per term in text order.</summary>
    [MethodImpl(HotPath.Optimize)]
    public void Analyze<TSink>(ReadOnlySpan<char> text, ref TSink sink) where TSink : ITokenSink, allows ref struct
    {
        Span<char> stack = stackalloc char[StackChars];
        var tokenizer = new Tokenizer(text, Settings.CjkBigrams);
        while (tokenizer.MoveNext(out TokenSpan span))
        {
            ReadOnlySpan<char> source = text[span.Start..span.End];
            if (span.IsCjk)
            {
                sink.OnToken(source, span.Start, span.End, span.Position);
                continue;
            }

            int needed = source.Length * TextNormalizer.MaxExpansion;
            char[]? rented = needed > stack.Length ? ArrayPool<char>.Shared.Rent(needed) : null;
            try
            {
                Span<char> buffer = rented ?? stack;
                int length = Process(source, buffer);
                if (length > 0)
                    sink.OnToken(buffer[..length], span.Start, span.End, span.Position);
            }
            finally
            {
                if (rented is not null)
                    ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Analyzes <paramref name="text"/> into a list of tokens (one string per term).</summary>
    public IReadOnlyList<Token> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var collector = new Collector(new List<Token>());
        Analyze(text.AsSpan(), ref collector);
        return collector.Tokens;
    }

    /// <summary>
    /// What <see cref="Analyze{TSink}"/> does to one non-CJK token from the <see cref="Tokenizer"/>: folds,
    /// filters and stems <paramref name="source"/> into <paramref name="buffer"/> (at least
    /// <see cref="TextNormalizer.MaxExpansion"/> chars per source char); returns the term's length, 0 when the
    /// token is dropped. For callers that memoize terms per surface form (the index builder).
    /// </summary>
    internal int AnalyzeWord(ReadOnlySpan<char> source, Span<char> buffer) => Process(source, buffer);

    /// <summary>Folds, filters and stems one word token into <paramref name="buffer"/>; 0 when it is dropped.</summary>
    [MethodImpl(HotPath.Optimize)]
    private int Process(ReadOnlySpan<char> source, Span<char> buffer)
    {
        int length = TextNormalizer.Fold(source, buffer);
        if (length >= 2 && buffer[length - 2] == '\'' && buffer[length - 1] == 's')
            length -= 2;
        if (length < Settings.MinTokenLength || length > Settings.MaxTokenLength)
            return 0;
        Span<char> term = buffer[..length];
        if (_stopWords.Count > 0 && _stopWords.TryGetValue(term, out _))
            return 0;
        if (Settings.Stemming && IsEnglishWord(term))
            length = PorterStemmer2.StemInPlace(term);
        return length;
    }

    private static bool IsEnglishWord(ReadOnlySpan<char> term)
    {
        foreach (char c in term)
        {
            if (c is not (>= 'a' and <= 'z' or '\''))
                return false;
        }
        return true;
    }

    private readonly struct Collector(List<Token> tokens) : ITokenSink
    {
        public List<Token> Tokens { get; } = tokens;

        public void OnToken(scoped ReadOnlySpan<char> term, int start, int end, int position) =>
            Tokens.Add(new Token(term.ToString(), start, end, position));
    }
}
