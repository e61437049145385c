using System.Text;
using Capsule.Indexing.Lexical.Persisted;
using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// The second half of a build split across threads: writes the payload of <see cref="AnalyzedDocuments"/> ranges
/// with each thread taking a contiguous range of the terms in payload (byte) order over every document. A
/// term's postings are built by one thread, in document order, exactly as one sequential build appends them, and
/// each thread encodes its own terms' dictionary, postings and positions (<see cref="TermRangeInverter"/>); the
/// ranges are then laid end to end, so the payload is byte for byte the one a sequential build writes, with no
/// merge between parts. (Splitting the documents instead left a merge that re-blocked every later part's postings
/// on one thread: 15-20 ms of a 60 ms bulk seal of cran or med, warm.)
/// </summary>
internal static class TermSplitInversion
{
    /// <summary>
    /// The payload of <paramref name="ranges"/> (consecutive, ascending frame ids, sharing one
    /// <see cref="SharedTermIds"/>) built on <paramref name="threads"/> threads; null when they hold no document.
    /// </summary>
    public static byte[]? Build(IReadOnlyList<AnalyzedDocuments> ranges, int threads)
    {
        if (ranges.Count == 0)
            return null;
        var terms = ranges[0].Terms;
        int documents = 0;
        FieldStatistics text = default, title = default;
        foreach (var range in ranges)
        {
            if (!ReferenceEquals(range.Terms, terms))
                throw new ArgumentException("Every range must share one term table.", nameof(ranges));
            documents = checked(documents + range.DocumentCount);
            text += range.TextStatistics;
            title += range.TitleStatistics;
        }
        if (documents == 0)
            return null;
        var (frames, lengths) = Documents(ranges, documents);

        threads = Math.Max(1, threads);
        var (keys, ids) = SortTerms(terms, threads);
        var tokens = TokenCounts(ranges, terms.Count);
        var ends = RangeEnds(ids, tokens, threads);
        // Each term id's place in the sorted order: a thread's terms are those from its range's start to its end.
        var rank = new int[ids.Length];
        for (int i = 0; i < ids.Length; i++)
            rank[ids[i]] = i;
        var sections = new PayloadSections[ends.Length];
        var pieces = new Action[ends.Length];
        for (int r = 0; r < ends.Length; r++)
        {
            int mine = r, start = r == 0 ? 0 : ends[r - 1], end = ends[r];
            pieces[r] = () => sections[mine] = TermRangeInverter.Encode(ranges, keys.AsSpan(start, end - start), ids.AsSpan(start, end - start),
                rank, start, tokens, lengths);
        }
        SideBySide.Run(pieces);
        return PayloadSections.Assemble(sections, documents, frames, lengths, text, title);
    }

    /// <summary>Frame ids and field lengths of every document, in order.</summary>
    private static (ulong[] Frames, int[] Lengths) Documents(IReadOnlyList<AnalyzedDocuments> ranges, int documents)
    {
        var frames = new ulong[documents];
        var lengths = new int[2 * documents];
        int doc = 0;
        foreach (var range in ranges)
        {
            for (int d = 0; d < range.DocumentCount; d++, doc++)
            {
                frames[doc] = range.FrameId(d);
                if (doc > 0 && frames[doc] <= frames[doc - 1])
                    throw new ArgumentException($"Frame ids must ascend across ranges: {frames[doc]} follows {frames[doc - 1]}.", nameof(ranges));
                lengths[2 * doc] = range.TextLength(d);
                lengths[2 * doc + 1] = range.TitleLength(d);
            }
        }
        return (frames, lengths);
    }

    /// <summary>
    /// Every term's UTF-8 bytes and id, in byte order: each thread sorts a share of the ids (<see cref="Utf8TermSort"/>),
    /// then the shares merge.
    /// </summary>
    private static (byte[][] Keys, int[] Ids) SortTerms(SharedTermIds terms, int threads)
    {
        int count = terms.Count;
        threads = Math.Clamp(count / 1024, 1, threads); // a thread per thousand terms at most: small builds sort here
        var shares = new (byte[][] Keys, int[] Ids)[threads];
        var pieces = new Action[threads];
        for (int t = 0; t < threads; t++)
        {
            int share = t, step = threads;
            pieces[t] = () =>
            {
                int mine = count <= share ? 0 : (count - share + step - 1) / step;
                var keys = new byte[mine][];
                for (int i = 0, id = share; i < mine; i++, id += step)
                {
                    var term = terms[id];
                    keys[i] = new byte[Encoding.UTF8.GetByteCount(term)];
                    Encoding.UTF8.GetBytes(term, keys[i]);
                }
                var order = Utf8TermSort.Sort(keys);
                var ids = new int[mine];
                for (int i = 0; i < mine; i++)
                    ids[i] = share + order[i] * step;
                shares[share] = (keys, ids);
            };
        }
        SideBySide.Run(pieces);
        return shares.Length == 1 ? shares[0] : Merge(shares, count);
    }

    private static (byte[][] Keys, int[] Ids) Merge((byte[][] Keys, int[] Ids)[] shares, int count)
    {
        var keys = new byte[count][];
        var ids = new int[count];
        var at = new int[shares.Length];
        for (int i = 0; i < count; i++)
        {
            int least = -1;
            for (int s = 0; s < shares.Length; s++)
            {
                if (at[s] < shares[s].Keys.Length
                    && (least < 0 || shares[s].Keys[at[s]].AsSpan().SequenceCompareTo(shares[least].Keys[at[least]]) < 0))
                    least = s;
            }
            keys[i] = shares[least].Keys[at[least]];
            ids[i] = shares[least].Ids[at[least]++];
        }
        return (keys, ids);
    }

    /// <summary>Tokens of each term id over every range, as the collectors counted them (each collector once: its
    /// counts cover every range it analyzed).</summary>
    private static long[] TokenCounts(IReadOnlyList<AnalyzedDocuments> ranges, int terms)
    {
        var tokens = new long[terms];
        var counted = new List<TokenCollector>();
        foreach (var range in ranges)
        {
            if (counted.Exists(c => ReferenceEquals(c, range.Collector)))
                continue;
            counted.Add(range.Collector);
            var counts = range.Collector.Counts;
            for (int id = 0; id < counts.Length && id < tokens.Length; id++)
                tokens[id] += counts[id];
        }
        return tokens;
    }

    /// <summary>
    /// Exclusive ends of <paramref name="threads"/> ranges of the sorted terms, each ending on a dictionary block
    /// (every range but the last; PayloadSections.Assemble), with about equal numbers of tokens: the work of
    /// inverting a term is its postings and positions.
    /// </summary>
    private static int[] RangeEnds(int[] sorted, long[] tokens, int threads)
    {
        long total = 0;
        foreach (var t in tokens) total += t;
        var ends = new int[threads];
        long seen = 0;
        int range = 0;
        for (int i = 0; i < sorted.Length && range < threads - 1; i++)
        {
            seen += tokens[sorted[i]];
            if ((i + 1) % LexicalPayloadLayout.TermsPerBlock == 0 && seen * threads >= total * (range + 1))
                ends[range++] = i + 1;
        }
        for (; range < threads; range++) ends[range] = sorted.Length;
        return ends;
    }
}
