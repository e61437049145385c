using Capsule.Indexing.Lexical.Index;

namespace Capsule.Engine.Indexes;

/// <summary>
/// What an <see cref="EarlyFullTextBuild"/> hands the seal: the first <see cref="Count"/> frames of the run,
/// analyzed (<see cref="Documents"/>; frames that add no document are skipped but counted).
/// </summary>
internal readonly record struct EarlyPart(AnalyzedDocuments Documents, int Count);
