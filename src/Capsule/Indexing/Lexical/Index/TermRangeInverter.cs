using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Persisted;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// One thread's share of a split build (<see cref="TermSplitInversion"/>): inverts a contiguous range of the sorted
/// terms over every document and encodes it into <see cref="PayloadSections"/>.
/// </summary>
/// <remarks>
/// A counting sort over the whole range: the analyzers counted each term's tokens, so every term gets its slice of
/// one array of (document, position) pairs up front, and one pass over the documents drops each token into its
/// term's slice, in document order. Each term is then encoded from its slice through one reused
/// <see cref="BuilderTerm"/>, and its bytes are copied into the sections. Appending document by document to a
/// builder per term instead (<see cref="DocumentInverter"/>) grew two arrays per term by doubling and wrote to
/// thousands of them in turn: a med seal spent 6-9 ms per thread there, and the terms' objects and arrays were a
/// fifth of the bytes the seal allocated.
/// </remarks>
internal static class TermRangeInverter
{
    /// <summary>
    /// The sections of the terms with sorted <paramref name="keys"/> and <paramref name="ids"/>, over every document of
    /// <paramref name="ranges"/> (whose field lengths are <paramref name="lengths"/>: text, title per document).
    /// <paramref name="rank"/> maps every term id to its place in the sorted order of all terms, of which this range
    /// holds those from <paramref name="first"/> on; <paramref name="tokens"/> holds each term id's token count.
    /// </summary>
    /// <exception cref="InvalidOperationException">A term has more or fewer tokens than counted.</exception>
    [MethodImpl(HotPath.Optimize)]
    public static PayloadSections Encode(IReadOnlyList<AnalyzedDocuments> ranges, ReadOnlySpan<byte[]> keys, ReadOnlySpan<int> ids,
        int[] rank, int first, long[] tokens, int[] lengths)
    {
        var starts = new int[ids.Length + 1];
        long total = 0;
        for (int k = 0; k < ids.Length; k++)
        {
            starts[k] = (int)total;
            total += tokens[ids[k]];
        }
        if (total > Array.MaxLength)
            throw new InvalidOperationException($"A range of {ids.Length} terms holds {total} tokens, more than one array can.");
        starts[ids.Length] = (int)total;
        // Per token: its document times two, plus one in the title; its position in that field. Off the managed heap:
        // at a few hundred KB each, they tipped a seal's large objects over the budget of a full collection.
        using var docsBuffer = new NativeInts(total);
        using var positionsBuffer = new NativeInts(total);
        Span<int> docs = docsBuffer.Span, positions = positionsBuffer.Span;
        var next = (int[])starts.Clone();
        int doc = 0;
        foreach (var range in ranges)
        {
            for (int d = 0; d < range.DocumentCount; d++, doc++)
            {
                Scatter(range.Text(d), 2 * doc, rank, first, (uint)ids.Length, next, docs, positions);
                Scatter(range.Title(d), 2 * doc + 1, rank, first, (uint)ids.Length, next, docs, positions);
            }
        }
        // Postings per term: its documents, counted along its slice (in document order) rather than tested for at
        // every token the scatter drops, where it was one more read at a random place.
        var documentFrequency = new int[ids.Length];
        for (int k = 0; k < ids.Length; k++)
        {
            int postings = 0, previous = -1;
            for (int i = starts[k], end = next[k]; i < end; i++)
            {
                int document = docs[i] >> 1;
                postings += document != previous ? 1 : 0;
                previous = document;
            }
            documentFrequency[k] = postings;
        }

        var sections = PayloadSections.SizedFor(keys, total, documentFrequency);
        var term = new BuilderTerm("");
        for (int k = 0; k < ids.Length; k++)
        {
            if (next[k] != starts[k + 1])
                throw new InvalidOperationException($"Term {ids[k]} has {next[k] - starts[k]} tokens in the documents, and {starts[k + 1] - starts[k]} were counted.");
            term.Clear();
            for (int i = starts[k], end = starts[k + 1]; i < end;)
            {
                int field = docs[i], document = field >> 1;
                int title = i;
                while (title < end && docs[title] == field)
                    title++;
                int after = title;
                if (field == 2 * document)
                {
                    while (after < end && docs[after] == field + 1)
                        after++;
                }
                else
                {
                    // Only in the title: no text positions.
                    (title, after) = (i, title);
                }
                term.Append(document, positions.Slice(i, title - i), positions.Slice(title, after - title), lengths[2 * document], lengths[2 * document + 1]);
                i = after;
            }
            sections.AddBuilt(keys[k], term);
        }
        return sections;
    }

    /// <summary>
    /// Drops the tokens of one field's stream whose term is this thread's (its rank less <paramref name="first"/> below
    /// <paramref name="count"/>, one unsigned test) into their terms' slices.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    private static void Scatter(ReadOnlySpan<int> stream, int field, int[] rank, int first, uint count, int[] next, Span<int> docs,
        Span<int> positions)
    {
        int position = 0;
        foreach (int value in stream)
        {
            if (value < 0)
            {
                position -= value;
                continue;
            }
            uint slot = (uint)(rank[value] - first);
            if (slot < count)
            {
                int at = next[slot]++;
                docs[at] = field;
                positions[at] = position;
            }
            position++;
        }
    }
}
