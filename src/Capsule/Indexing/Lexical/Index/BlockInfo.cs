namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// The skip entry of one block of up to <see cref="BlockInfo.Size"/> postings of a term: where the
/// block ends in the term's postings and positions, its last document, and the statistics that
/// bound any document's score in it under collection statistics chosen at query time.
/// </summary>
/// <remarks>
/// The bound: BM25F grows with a field's term frequency and shrinks with its length, so with the
/// block's largest frequency and shortest length per field (<c>tf / B(len)</c> at those values) no
/// document of the block can score more, whatever N, df and the average lengths turn out to be
/// when several parts are searched together. Lucene's competitive (freq, norm) pairs are tighter;
/// this is one pair per field and exact for a block of one. A field the block never has the term
/// in stores 0 / 0. Ends are cumulative byte offsets from the start of the term's block data and
/// positions, so block j spans [end(j − 1), end(j)).
/// </remarks>
internal readonly record struct BlockInfo(
    int LastDoc, int PostingsEnd, int PositionsEnd, int MaxTfText, int MinLenText, int MaxTfTitle, int MinLenTitle)
{
    /// <summary>Postings per block (the last block of a term may hold fewer).</summary>
    public const int Size = 128;

    /// <summary>Number of blocks a term with <paramref name="documentFrequency"/> postings has.</summary>
    public static int CountFor(int documentFrequency) => (documentFrequency + Size - 1) / Size;
}
