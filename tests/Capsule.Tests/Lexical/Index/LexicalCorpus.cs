using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Persisted;
using Capsule.Indexing.Lexical.Query;
using Capsule.Indexing.Lexical.Ranking;
using Capsule.Indexing.Lexical.Search;
using Capsule.Indexing.Storage;

namespace Capsule.Tests.Lexical.Index;

/// <summary>A seeded random corpus with a Zipf-skewed vocabulary, and the ways tests index and search it.</summary>
internal sealed record LexicalCorpus(IReadOnlyList<(ulong Frame, string? Title, string Text)> Docs, string[] Vocabulary)
{
    public static readonly Analyzer Analyzer = new();

    /// <summary>Words the analyzer keeps as they are (no stop words, stems of themselves).</summary>
    public static string[] Words(int count) =>
        Enumerable.Range(0, count).Select(i => "w" + ToLetters(i)).ToArray();

    private static string ToLetters(int i)
    {
        var s = "";
        do
        {
            s = (char)('a' + i % 26) + s;
            i /= 26;
        } while (i > 0);
        return s;
    }

    /// <summary><paramref name="count"/> documents with frame ids ascending with random gaps; word i drawn with weight 1/(i+1).</summary>
    public static LexicalCorpus Random(Random random, int count, int vocabulary = 60, int maxLength = 40, double titleRate = 0.3)
    {
        var words = Words(vocabulary);
        var weights = Enumerable.Range(0, vocabulary).Select(i => 1.0 / (i + 1)).ToArray();
        double total = weights.Sum();
        string Draw()
        {
            double x = random.NextDouble() * total;
            for (int i = 0; i < weights.Length; i++)
            {
                if ((x -= weights[i]) < 0)
                    return words[i];
            }
            return words[^1];
        }
        var docs = new List<(ulong, string?, string)>();
        ulong frame = (ulong)random.Next(0, 5);
        for (int d = 0; d < count; d++)
        {
            frame += (ulong)random.Next(1, 4);
            var text = string.Join(' ', Enumerable.Range(0, random.Next(0, maxLength)).Select(_ => Draw()));
            string? title = random.NextDouble() < titleRate ? string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Draw())) : null;
            docs.Add((frame, title, text));
        }
        return new LexicalCorpus(docs, words);
    }

    public LexicalIndexBuilder Build(int from = 0, int to = -1)
    {
        var builder = new LexicalIndexBuilder(Analyzer);
        foreach (var (frame, title, text) in Docs.Take(to < 0 ? Docs.Count : to).Skip(from))
            builder.Add(frame, title, text);
        return builder;
    }

    /// <summary>The corpus cut into <paramref name="count"/> consecutive builders (some may be empty).</summary>
    public LexicalIndexBuilder[] Split(int count, Random random)
    {
        var cuts = Enumerable.Range(0, count - 1).Select(_ => random.Next(0, Docs.Count + 1)).Order().ToList();
        cuts.Insert(0, 0);
        cuts.Add(Docs.Count);
        return Enumerable.Range(0, count).Select(i => Build(cuts[i], cuts[i + 1])).ToArray();
    }

    /// <summary>The reference: the exhaustive scorer over the same documents, ids = frame ids padded to 20
    /// digits, so its ordinal tie-break on ids orders them as frame ids.</summary>
    public InMemoryIndex Reference(InMemoryIndexOptions? options = null)
    {
        var index = new InMemoryIndex(Analyzer, options);
        foreach (var (frame, title, text) in Docs)
            index.Add(Id(frame), title, text);
        return index;
    }

    public static string Id(ulong frame) => frame.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);

    public static PersistedLexicalPart Persist(LexicalIndexBuilder builder) =>
        PersistedLexicalPart.Open(IndexPayload.FromBytes(LexicalIndexWriter.Write(builder)));

    public static IReadOnlyList<LexicalHit> Search(IReadOnlyList<ILexicalPart> parts, string query, int k = 10,
        Func<ulong, bool>? accept = null, LexicalSearchCounters? counters = null) =>
        new LexicalSearcher(parts).Search(new QueryParser().Parse(query), k, accept, counters);

    public static IReadOnlyList<LexicalHit> Search(ILexicalPart part, string query, int k = 10) => Search([part], query, k);
}
