namespace Capsule.Indexing.Lexical.Ranking;

/// <summary>One document's occurrences of a term in one field: its ordinal in the index, the term
/// frequency, and the term positions (ascending, with stop-word gaps kept, for phrase queries).</summary>
public readonly record struct Posting(int Document, int Frequency, int[] Positions);

/// <summary>A term's postings in one field, in ascending document order (documents are appended).</summary>
public sealed class PostingList
{
    private readonly List<Posting> _postings = [];

    public IReadOnlyList<Posting> Postings => _postings;

    internal void Append(Posting posting) => _postings.Add(posting);
}
