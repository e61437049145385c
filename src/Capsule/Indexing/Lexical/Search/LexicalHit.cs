namespace Capsule.Indexing.Lexical.Search;

/// <summary>A search result: the frame and its BM25F score.</summary>
public readonly record struct LexicalHit(ulong FrameId, double Score);

/// <summary>What one search did, for tests and benchmarks of dynamic pruning.</summary>
public sealed class LexicalSearchCounters
{
    /// <summary>Postings whose BM25F contribution was computed.</summary>
    public long ScoredPostings { get; internal set; }

    /// <summary>Postings of the query's terms over all parts (what an exhaustive scorer computes).</summary>
    public long TotalPostings { get; internal set; }

    /// <summary>Calls of the caller's accept filter.</summary>
    public long AcceptCalls { get; internal set; }
}
