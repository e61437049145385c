namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>
/// An analyzed term with the source chars it came from (<c>text[Start..End]</c>) and its position.
/// Positions keep the gaps left by removed stop words, as Lucene's position increments do, so a
/// phrase query "war of the worlds" does not match "war worlds".
/// </summary>
public readonly record struct Token(string Term, int Start, int End, int Position);
