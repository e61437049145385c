using Capsule.Indexing.Lexical.Index;

namespace Capsule.Indexing.Lexical.Persisted;

/// <summary>Writes a <see cref="LexicalIndexBuilder"/> as a persisted payload (PAYLOAD.md).</summary>
public static class LexicalIndexWriter
{
    /// <summary>The payload of <paramref name="builder"/>: what <see cref="PersistedLexicalPart.Open"/> reads.</summary>
    /// <remarks>A single builder is a merge of one part: writing and merging share one encoder, so a merge
    /// of parts yields the bytes one build over all their documents would.</remarks>
    public static byte[] Write(LexicalIndexBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return PayloadEncoder.Encode([builder]);
    }
}

/// <summary>Merges parts of one collection into one payload.</summary>
public static class LexicalIndexMerger
{
    /// <summary>
    /// One payload holding every document of <paramref name="parts"/>, which cover ascending, disjoint
    /// frame ranges: equal byte for byte to <see cref="LexicalIndexWriter.Write"/> of one builder fed all
    /// their documents. Linear in the parts' size: postings are decoded and re-blocked, positions copied
    /// as encoded bytes, nothing is re-analyzed.
    /// </summary>
    /// <exception cref="ArgumentException">The parts' frame ids do not ascend across parts.</exception>
    public static byte[] Merge(IReadOnlyList<ILexicalPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return PayloadEncoder.Encode(parts);
    }
}
