using System.Text;
using Capsule.Indexing.Lexical.Index;

namespace Capsule.Tests.Lexical.Index;

/// <summary>The radix sort of terms agrees with a comparison sort in unsigned byte order.</summary>
public sealed class Utf8TermSortTests
{
    [Fact]
    public void Agrees_with_a_byte_order_comparison_sort()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        // Short and long terms, many sharing their first 8 bytes or more, some non-ASCII (bytes ≥ 0x80 must sort
        // after ASCII, as unsigned bytes), and prefixes of one another.
        string[] stems = ["a", "electromagnet", "électro", "东京", "zz", "abcdefgh", "abcdefghi", "0", "9"];
        var terms = new HashSet<string>(StringComparer.Ordinal);
        while (terms.Count < 3000)
        {
            var stem = stems[random.Next(stems.Length)];
            var tail = new string(Enumerable.Range(0, random.Next(0, 6)).Select(_ => "abyz09éß"[random.Next(8)]).ToArray());
            terms.Add(stem + tail);
        }
        var keys = terms.Select(t => Encoding.UTF8.GetBytes(t)).ToArray();
        var items = terms.Select(t => new BuilderTerm(t)).ToArray();
        var expected = terms.OrderBy(t => Encoding.UTF8.GetBytes(t), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToArray();

        Utf8TermSort.Sort(keys, items);

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i] == items[i].Term, $"seed {seed}: position {i} holds '{items[i].Term}', expected '{expected[i]}'");
            Assert.True(Encoding.UTF8.GetBytes(expected[i]).AsSpan().SequenceEqual(keys[i]), $"seed {seed}: key {i} does not travel with its term");
        }
    }

    [Fact]
    public void Orders_short_runs_of_terms_that_share_their_first_8_bytes()
    {
        // Real vocabularies share 8-byte prefixes in runs of a few terms ("electromagnet", "electromagnetic", ...),
        // which take another path than the long runs above.
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var terms = new HashSet<string>(StringComparer.Ordinal);
        for (int group = 0; group < 400; group++)
        {
            var prefix = new string(Enumerable.Range(0, 8).Select(_ => (char)('a' + random.Next(3))).ToArray());
            for (int i = random.Next(1, 8); i > 0; i--)
                terms.Add(prefix + new string(Enumerable.Range(0, random.Next(0, 4)).Select(_ => "éab"[random.Next(3)]).ToArray()));
        }
        var keys = terms.Select(t => Encoding.UTF8.GetBytes(t)).ToArray();
        var before = (byte[][])keys.Clone();
        var expected = terms.OrderBy(t => Encoding.UTF8.GetBytes(t), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToArray();

        var order = Utf8TermSort.Sort(keys);

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Encoding.UTF8.GetBytes(expected[i]).AsSpan().SequenceEqual(keys[i]), $"seed {seed}: position {i} holds '{Encoding.UTF8.GetString(keys[i])}', expected '{expected[i]}'");
            Assert.True(ReferenceEquals(before[order[i]], keys[i]), $"seed {seed}: order[{i}] does not say where key {i} came from");
        }
    }

    [Fact]
    public void Sorts_zero_and_one_term()
    {
        Utf8TermSort.Sort([], []);
        byte[][] keys = [[1]];
        BuilderTerm[] items = [new("x")];
        Utf8TermSort.Sort(keys, items);
        Assert.Equal("x", items[0].Term);
    }
}
