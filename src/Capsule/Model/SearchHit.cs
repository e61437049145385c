using Capsule.Indexing.Lexical.Snippets;

namespace Capsule;

/// <summary>One full-text result: the frame, its BM25 score, and a snippet with the matched words marked.</summary>
public sealed record SearchHit(ulong FrameId, double Score, string Uri, string Title, Snippet? Snippet);
