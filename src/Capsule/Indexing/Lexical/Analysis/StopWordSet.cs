namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>Which stop word list the analyzer removes. The numeric values are stored in
/// <see cref="AnalyzerSettings"/>' byte form, so they never change.</summary>
public enum StopWordSet : byte
{
    /// <summary>Keep every word.</summary>
    None = 0,

    /// <summary>Lucene's EnglishAnalyzer default set (33 words); see <see cref="EnglishStopWords.Lucene"/>.</summary>
    Lucene = 1,

    /// <summary>The Snowball English stop word list; see <see cref="EnglishStopWords.Snowball"/>.</summary>
    Snowball = 2,
}
