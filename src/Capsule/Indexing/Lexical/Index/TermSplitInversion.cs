using System.Runtime.CompilerServices;
using System.Text;
using Capsule.Indexing.Lexical.Persisted;
using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// The second half of a build split across threads: writes the payload of <see cref="AnalyzedDocuments"/> ranges
/// with each thread taking a contiguous range of the terms in payload (byte) order over every document. A
/// term's postings are built by one thread, in document order, exactly as one sequential build appends them, and
/// each thread encodes its own terms' dictionary, postings and positions; the ranges are then laid end to end, so
/// the payload is byte for byte the one a sequential build writes, with no merge between parts. (Splitting the
/// documents instead left a merge that re-blocked every later part's postings on one thread: 15-20 ms of a 60 ms
/// bulk seal of cran or med, warm.)
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
        var built = new BuilderTerm[terms.Count];
        var (keys, sorted) = SortTerms(terms, built, threads);
        var ends = RangeEnds(ranges, sorted, threads);
        var owner = new int[built.Length];
        for (int r = 0, i = 0; r < ends.Length; r++)
        {
            for (; i < ends[r]; i++)
                owner[sorted[i].Id] = r;
        }
        var sections = new PayloadSections[ends.Length];
        var pieces = new Action[ends.Length];
        for (int r = 0; r < ends.Length; r++)
        {
            int mine = r, start = r == 0 ? 0 : ends[r - 1], end = ends[r];
            pieces[r] = () => sections[mine] = InvertAndEncode(ranges, keys.AsSpan(start, end - start), sorted.AsSpan(start, end - start), owner, mine, built);
        }
        SideBySide.Run(pieces, ownThreads: true);
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
    /// Every term (made here, into <paramref name="built"/> by id) with its UTF-8 bytes, in byte order: each thread
    /// sorts a share of the ids (<see cref="Utf8TermSort"/>), then the shares merge.
    /// </summary>
    private static (byte[][] Keys, BuilderTerm[] Terms) SortTerms(SharedTermIds terms, BuilderTerm[] built, int threads)
    {
        int count = terms.Count;
        threads = Math.Clamp(count / 1024, 1, threads); // a thread per thousand terms at most: small builds sort here
        var shares = new (byte[][] Keys, BuilderTerm[] Terms)[threads];
        var pieces = new Action[threads];
        for (int t = 0; t < threads; t++)
        {
            int share = t, step = threads;
            pieces[t] = () =>
            {
                int mine = count <= share ? 0 : (count - share + step - 1) / step;
                var keys = new byte[mine][];
                var items = new BuilderTerm[mine];
                for (int i = 0, id = share; i < mine; i++, id += step)
                {
                    var term = terms[id];
                    items[i] = built[id] = new BuilderTerm(term) { Id = id };
                    keys[i] = Encoding.UTF8.GetBytes(term);
                }
                Utf8TermSort.Sort(keys, items);
                shares[share] = (keys, items);
            };
        }
        SideBySide.Run(pieces, ownThreads: true);
        return shares.Length == 1 ? shares[0] : Merge(shares, count);
    }

    private static (byte[][] Keys, BuilderTerm[] Terms) Merge((byte[][] Keys, BuilderTerm[] Terms)[] shares, int count)
    {
        var keys = new byte[count][];
        var items = new BuilderTerm[count];
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
            items[i] = shares[least].Terms[at[least]++];
        }
        return (keys, items);
    }

    /// <summary>
    /// Exclusive ends of <paramref name="threads"/> ranges of the sorted terms, each ending on a dictionary block
    /// (every range but the last; PayloadSections.Assemble), with about equal numbers of tokens: the work of
    /// inverting a term is its postings and positions.
    /// </summary>
    private static int[] RangeEnds(IReadOnlyList<AnalyzedDocuments> ranges, BuilderTerm[] sorted, int threads)
    {
        // Each collector once: its counts cover every range it analyzed.
        var tokens = new long[sorted.Length];
        var counted = new List<TokenCollector>();
        foreach (var range in ranges)
        {
            if (counted.Exists(c => ReferenceEquals(c, range.Collector)))
                continue;
            counted.Add(range.Collector);
            AddCounts(range.Collector.Counts, tokens);
        }
        long total = 0;
        foreach (var t in tokens) total += t;
        var ends = new int[threads];
        long seen = 0;
        int range0 = 0;
        for (int i = 0; i < sorted.Length && range0 < threads - 1; i++)
        {
            seen += tokens[sorted[i].Id];
            if ((i + 1) % LexicalPayloadLayout.TermsPerBlock == 0 && seen * threads >= total * (range0 + 1))
                ends[range0++] = i + 1;
        }
        for (; range0 < threads; range0++) ends[range0] = sorted.Length;
        return ends;
    }

    private static void AddCounts(ReadOnlySpan<int> counts, long[] tokens)
    {
        for (int id = 0; id < counts.Length && id < tokens.Length; id++)
            tokens[id] += counts[id];
    }

    /// <summary>
    /// Builds the postings of the sorted <paramref name="terms"/> (those whose <paramref name="owner"/> is
    /// <paramref name="mine"/>) over every document, and encodes them.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    private static PayloadSections InvertAndEncode(IReadOnlyList<AnalyzedDocuments> ranges, ReadOnlySpan<byte[]> keys, ReadOnlySpan<BuilderTerm> terms,
        int[] owner, int mine, BuilderTerm[] built)
    {
        var inverter = new DocumentInverter();
        inverter.EnsureTerms(built.Length);
        var own = new TokenList();
        int doc = 0;
        foreach (var range in ranges)
        {
            for (int d = 0; d < range.DocumentCount; d++, doc++)
            {
                own.Clear();
                Keep(range.Text(d), own, owner, mine);
                int textTokens = own.Count;
                Keep(range.Title(d), own, owner, mine);
                if (own.Count > 0)
                    inverter.Invert(built, doc, own.Terms, own.Positions, textTokens, range.TextLength(d), range.TitleLength(d));
            }
        }
        var sections = PayloadSections.SizedFor(keys, terms);
        for (int i = 0; i < terms.Length; i++)
            sections.AddBuilt(keys[i], terms[i]);
        return sections;
    }

    /// <summary>Appends the tokens of one field's stream whose term is this thread's, with their positions.</summary>
    [MethodImpl(HotPath.Optimize)]
    private static void Keep(ReadOnlySpan<int> stream, TokenList into, int[] owner, int mine)
    {
        int position = 0;
        foreach (int value in stream)
        {
            if (value < 0)
            {
                position -= value;
                continue;
            }
            if (owner[value] == mine)
                into.Add(value, position);
            position++;
        }
    }
}
