using System.Runtime.CompilerServices;
using Capsule.Format;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Ranking;
using static Capsule.Indexing.Lexical.Persisted.LexicalPayloadLayout;

namespace Capsule.Indexing.Lexical.Persisted;

/// <summary>
/// Encodes the union of ascending, disjoint parts as one payload: documents concatenated (ordinals
/// shifted by the documents before each part), terms merged in UTF-8 byte order, each term's postings
/// re-blocked through one <see cref="BuilderTerm"/> so block boundaries depend only on the merged list.
/// A builder's term that no other part holds, in the first part, is copied as it is: its bytes are
/// what re-blocking would produce.
/// </summary>
internal static class PayloadEncoder
{
    public static byte[] Encode(IReadOnlyList<ILexicalPart> parts) => Encode(parts, Environment.ProcessorCount > 1);

    /// <summary><see cref="Encode(IReadOnlyList{ILexicalPart})"/>, on one thread unless <paramref name="parallel"/> (tests compare the two).</summary>
    [MethodImpl(HotPath.Optimize)]
    public static byte[] Encode(IReadOnlyList<ILexicalPart> parts, bool parallel)
    {
        var tables = new DocTable[parts.Count];
        var bases = new int[parts.Count];
        long documents = 0;
        FieldStatistics text = default, title = default;
        for (int p = 0; p < parts.Count; p++)
        {
            tables[p] = parts[p].Documents;
            bases[p] = checked((int)documents);
            documents += tables[p].Count;
            text += parts[p].TextStatistics;
            title += parts[p].TitleStatistics;
        }
        if (documents >= int.MaxValue)
            throw new ArgumentException($"{documents} documents exceed one part's limit of 2^31 − 2.", nameof(parts));

        int n = (int)documents;
        var frames = new ulong[n];
        var lengths = new int[2 * n];
        for (int p = 0; p < parts.Count; p++)
        {
            for (int d = 0; d < tables[p].Count; d++)
            {
                int doc = bases[p] + d;
                frames[doc] = tables[p].FrameId(d);
                if (d > 0 && frames[doc] <= frames[doc - 1])
                    FormatViolation.Throw($"lexical index: frame ids of part {p} do not ascend ({frames[doc]} follows {frames[doc - 1]})");
                if (doc > 0 && frames[doc] <= frames[doc - 1])
                    throw new ArgumentException($"Frame ids must ascend across parts: {frames[doc]} follows {frames[doc - 1]}.", nameof(parts));
                lengths[2 * doc] = tables[p].TextLength(d);
                lengths[2 * doc + 1] = tables[p].TitleLength(d);
            }
        }

        // Terms are encoded in two ranges at once when there are enough of them (a bulk seal merges the parts
        // it built on every core, and this merge would otherwise be its one serial step). The split falls on
        // a dictionary block boundary, so the second range's bytes are what one pass would write after the
        // first's, once its block offsets are shifted (PayloadSections.Assemble).
        var terms = MergedTerms(parts);
        int split = parallel && terms.Count >= ParallelTerms ? terms.Count / 2 / TermsPerBlock * TermsPerBlock : terms.Count;
        if (split == terms.Count)
        {
            var sections = PayloadSections.SizedFor(terms, 0, terms.Count);
            EncodeTerms(parts, bases, lengths, terms, 0, terms.Count, sections);
            return PayloadSections.Assemble([sections], n, frames, lengths, text, title);
        }
        var (head, rest) = (PayloadSections.SizedFor(terms, 0, split), PayloadSections.SizedFor(terms, split, terms.Count));
        // The second range on a helper thread, the first on this one (Parallel.Invoke, used before, loaded
        // a dozen more types at the first seal and wrapped a range's exception in an AggregateException).
        SideBySide.Run([
            () => EncodeTerms(parts, bases, lengths, terms, 0, split, head),
            () => EncodeTerms(parts, bases, lengths, terms, split, terms.Count, rest)]);
        return PayloadSections.Assemble([head, rest], n, frames, lengths, text, title);
    }

    /// <summary>Below this many distinct terms the merge runs on one thread.</summary>
    private const int ParallelTerms = 4096;

    /// <summary>Appends merged terms [<paramref name="from"/>, <paramref name="to"/>) to <paramref name="sections"/>.</summary>
    [MethodImpl(HotPath.Optimize)]
    private static void EncodeTerms(IReadOnlyList<ILexicalPart> parts, int[] bases, int[] lengths,
        List<(byte[] Utf8, (int Part, TermHandle Term)[] Sources)> terms, int from, int to, PayloadSections sections)
    {
        var scratch = new BuilderTerm(string.Empty);
        var cursor = new PostingsCursor();
        var blocks = new BlockInfo[4];
        for (int t = from; t < to; t++)
        {
            var (utf8, sources) = terms[t];
            // A builder's term alone in the first part is already in the persisted block format, with the
            // block boundaries a re-blocking would draw (same postings, same ordinals): copy its bytes
            // instead of decoding and re-encoding them (the writer's whole cost for a single builder).
            if (sources.Length == 1 && bases[sources[0].Part] == 0 && sources[0].Term.Entry is BuilderTerm own)
            {
                sections.AddBuilt(utf8, own);
                continue;
            }
            scratch.Clear();
            int first = 0;
            if (bases[sources[0].Part] == 0 && sources[0].Term.Entry is BuilderTerm start)
            {
                // The first part's postings need no shift: continue from its encoded state.
                scratch.CopyFrom(start);
                first = 1;
            }
            foreach (var (p, handle) in sources.AsSpan(first))
            {
                parts[p].Open(handle, cursor, positions: true);
                while (cursor.NextDoc() != PostingsCursor.Exhausted)
                {
                    int doc = bases[p] + cursor.Doc;
                    scratch.Append(doc, cursor.TfText, cursor.TfTitle, cursor.CurrentPositionBytes(), lengths[2 * doc], lengths[2 * doc + 1]);
                }
            }
            if (blocks.Length < scratch.BlockCount)
                blocks = new BlockInfo[scratch.BlockCount * 2];
            scratch.CopyBlocks(blocks);
            sections.AddTerm(utf8, scratch, blocks.AsSpan(0, scratch.BlockCount));
                }
    }

    /// <summary>Each distinct term once, ascending, with the parts (in order) that hold it.</summary>
    private static List<(byte[] Utf8, (int Part, TermHandle Term)[] Sources)> MergedTerms(IReadOnlyList<ILexicalPart> parts)
    {
        var cursors = new IEnumerator<(byte[] Utf8, TermHandle Term)>[parts.Count];
        for (int p = 0; p < parts.Count; p++)
            cursors[p] = parts[p].TermsInOrder().GetEnumerator();
        var live = new bool[parts.Count];
        for (int p = 0; p < parts.Count; p++)
            live[p] = cursors[p].MoveNext();
        var merged = new List<(byte[] Utf8, (int Part, TermHandle Term)[] Sources)>();
        var sources = new List<(int Part, TermHandle Term)>();
        while (true)
        {
            byte[]? least = null;
            for (int p = 0; p < parts.Count; p++)
            {
                if (live[p] && (least is null || cursors[p].Current.Utf8.AsSpan().SequenceCompareTo(least) < 0))
                    least = cursors[p].Current.Utf8;
            }
            if (least is null)
                return merged;
            sources.Clear();
            for (int p = 0; p < parts.Count; p++)
            {
                if (live[p] && cursors[p].Current.Utf8.AsSpan().SequenceEqual(least))
                {
                    sources.Add((p, cursors[p].Current.Term));
                    live[p] = cursors[p].MoveNext();
                }
            }
            merged.Add((least, sources.ToArray()));
        }
    }
}
