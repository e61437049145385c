using Capsule.Indexing.Lexical.Index;

namespace Capsule.Engine.Indexes;

/// <summary>
/// What an <see cref="EarlyFullTextBuild"/> hands the seal: the full-text part over the first
/// <see cref="Count"/> frames of the run (terms not yet sorted).
/// </summary>
internal readonly record struct EarlyPart(LexicalIndexBuilder Part, int Count);
