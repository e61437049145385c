using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// One searchable piece of the full-text index covering a run of frames: the in-memory
/// <see cref="LexicalIndexBuilder"/> of the open tail, or a <see cref="Persisted.PersistedLexicalPart"/>
/// read from a capsule. Documents are numbered 0..<see cref="DocumentCount"/>−1 in ascending frame-id order.
/// </summary>
public interface ILexicalPart
{
    /// <summary>Documents indexed in this part (every added frame, whether or not it had words).</summary>
    int DocumentCount { get; }

    /// <summary>Documents with a non-empty text field and the sum of their text lengths in terms.</summary>
    FieldStatistics TextStatistics { get; }

    /// <summary>Documents with a non-empty title and the sum of their title lengths in terms.</summary>
    FieldStatistics TitleStatistics { get; }

    /// <summary>The frame id of document <paramref name="doc"/> (0 ≤ doc &lt; <see cref="DocumentCount"/>).</summary>
    ulong FrameId(int doc);

    /// <summary>Documents containing the analyzed <paramref name="term"/> in any field; 0 when absent.</summary>
    int DocumentFrequency(string term);

    /// <summary>Finds an analyzed term; a handle with <see cref="TermHandle.DocumentFrequency"/> 0 when absent.</summary>
    internal TermHandle FindTerm(string term);

    /// <summary>Positions <paramref name="cursor"/> before the first posting of a found term, with its
    /// positions readable when <paramref name="positions"/> (phrases, merging).</summary>
    internal void Open(in TermHandle term, PostingsCursor cursor, bool positions);

    /// <summary>Every term in ascending UTF-8 byte order, for merging.</summary>
    internal IEnumerable<(byte[] Utf8, TermHandle Term)> TermsInOrder();

    /// <summary>The per-document table (frame ids, field lengths).</summary>
    internal DocTable Documents { get; }
}

/// <summary>Where a part keeps a term: a builder's term object, or a persisted part's offsets.</summary>
internal readonly record struct TermHandle(int DocumentFrequency, object? Entry = null, long PostingsOffset = 0, int SkipLength = 0,
    int PostingsLength = 0, long PositionsOffset = 0, int PositionsLength = 0)
{
    public bool Found => DocumentFrequency > 0;
}
