namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>
/// The byte form of <see cref="AnalyzerSettings"/> (little-endian, fixed size):
/// <code>
///  0        1        2        3      4      5      6      7      8      9
///  +--------+--------+--------+------+------+------+------+------+------+
///  | format | stop   | flags  | min length  | max length  | version     |
///  | u8 =1  | u8     | u8     | u16 LE      | u16 LE      | u16 LE      |
///  +--------+--------+--------+------+------+------+------+------+------+
/// </code>
/// "format" versions this layout; "version" is the analysis algorithm revision. flags: bit 0
/// stemming, bit 1 CJK bigrams; other bits must be zero. No checksum: the container (a capsule
/// record) carries one.
/// </summary>
internal static class AnalyzerSettingsLayout
{
    public const byte FormatVersion = 1;

    public const int FormatOffset = 0;
    public const int FormatLength = 1;
    public const int StopWordsOffset = FormatOffset + FormatLength;
    public const int StopWordsLength = 1;
    public const int FlagsOffset = StopWordsOffset + StopWordsLength;
    public const int FlagsLength = 1;
    public const int MinLengthOffset = FlagsOffset + FlagsLength;
    public const int MinLengthLength = 2;
    public const int MaxLengthOffset = MinLengthOffset + MinLengthLength;
    public const int MaxLengthLength = 2;
    public const int VersionOffset = MaxLengthOffset + MaxLengthLength;
    public const int VersionLength = 2;
    public const int Size = VersionOffset + VersionLength;

    public const byte FlagStemming = 1 << 0;
    public const byte FlagCjkBigrams = 1 << 1;
    public const byte KnownFlags = FlagStemming | FlagCjkBigrams;
}
