using FsCheck;
using FsCheck.Fluent;
using Capsule.Indexing.Lexical.Index;
using static Capsule.Tests.Lexical.Index.LexicalCorpus;

namespace Capsule.Tests.Lexical.Index;

/// <summary>
/// Property: for FsCheck-chosen corpora (seeded, Zipf vocabulary, random titles and frame gaps), a query
/// of 1–6 terms (some title-limited, some excluded), k and a split into parts, the pruned search over the
/// parts returns exactly the exhaustive ranking: the same search over one builder, scored with pruning
/// disabled by asking for every match (k = documents), then cut to k.
/// </summary>
public sealed class PruningProperties
{
    private static readonly string[] Prefixes = ["", "", "", "title:", "-"];

    [Fact]
    public void Pruned_top_k_equals_the_exhaustive_top_k()
    {
        var cases = from seed in Gen.Choose(0, int.MaxValue)
                    from size in Gen.Choose(1, 900)
                    from terms in Gen.Choose(1, 6)
                    from k in Gen.Choose(1, 25)
                    from ways in Gen.Choose(1, 5)
                    select (seed, size, terms, k, ways);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var random = new Random(c.seed);
            var corpus = LexicalCorpus.Random(random, c.size, vocabulary: 50);
            var words = Enumerable.Range(0, c.terms).Select(i => (i == 0 ? "" : Prefixes[random.Next(Prefixes.Length)]) + corpus.Vocabulary[random.Next(50)]);
            var query = string.Join(' ', words);
            var parts = corpus.Split(c.ways, random).Select(b => random.Next(2) == 0 ? (ILexicalPart)b : Persist(b)).ToArray();
            var all = Search([corpus.Build()], query, c.size);
            var pruned = Search(parts, query, c.k);
            Assert.True(all.Take(c.k).SequenceEqual(pruned), $"{c}: '{query}'");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true));
    }
}
