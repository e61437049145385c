namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>
/// Everything that decides which terms a text produces. A capsule will record these (see
/// <see cref="Serialize"/>) so queries are analyzed exactly as the indexed text was.
/// </summary>
/// <param name="StopWords">Stop words removed after folding, before stemming. Snowball's English list by
/// default: it scored higher than Lucene's on all three judged collections here (nDCG@10 cran .3718 vs
/// .3678, scifact .6919 vs .6885, med .7115 vs .7081; `capsule bench ir`).</param>
/// <param name="Stemming">Apply <see cref="PorterStemmer2"/> to terms made only of a–z and apostrophes.</param>
/// <param name="CjkBigrams">CJK runs as overlapping bigrams (true) or single characters (false).</param>
/// <param name="MinTokenLength">Shorter folded terms (in UTF-16 chars) are dropped.</param>
/// <param name="MaxTokenLength">Longer folded terms are dropped (base64 blobs, minified code):
/// 64 keeps a SHA-256 in hex searchable while bounding the term dictionary.</param>
/// <param name="Version">The analysis algorithm revision these settings were written with. A
/// change in tokenizing, folding, stop lists or stemming that alters terms gets a new number, and
/// a reader refuses a version it does not implement rather than silently mis-matching terms.</param>
public sealed partial record AnalyzerSettings(
    StopWordSet StopWords = StopWordSet.Snowball,
    bool Stemming = true,
    bool CjkBigrams = true,
    int MinTokenLength = 1,
    int MaxTokenLength = 64,
    int Version = AnalyzerSettings.CurrentVersion)
{
    /// <summary>The analysis algorithm revision this code implements.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The hard ceiling on <see cref="MaxTokenLength"/>, sized for the analyzer's stack buffer.</summary>
    public const int LongestTokenLimit = 255;

    /// <summary>English defaults: Snowball stop words, Porter2 stemming, CJK bigrams, terms of 1–64 chars.</summary>
    public static AnalyzerSettings Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (!StopWordSets.IsDefined(StopWords))
            throw new ArgumentException($"Unknown stop word set {(int)StopWords}.", nameof(StopWords));
        if (MinTokenLength < 1 || MaxTokenLength > LongestTokenLimit || MinTokenLength > MaxTokenLength)
            throw new ArgumentException(
                $"Token lengths must satisfy 1 <= min ({MinTokenLength}) <= max ({MaxTokenLength}) <= {LongestTokenLimit}.");
        if (Version != CurrentVersion)
            throw new ArgumentException($"Analyzer version {Version} is not implemented (this build implements {CurrentVersion}).", nameof(Version));
    }
}
