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

internal static class StopWordSets
{
    /// <summary>
    /// Whether <paramref name="set"/> is a defined <see cref="StopWordSet"/>. Spelled out rather than
    /// <c>Enum.IsDefined</c>, which reads the enum's values by reflection the first time, in every process,
    /// when the first analyzer is made (a test keeps the two in agreement).
    /// </summary>
    public static bool IsDefined(StopWordSet set) => set is StopWordSet.None or StopWordSet.Lucene or StopWordSet.Snowball;
}
