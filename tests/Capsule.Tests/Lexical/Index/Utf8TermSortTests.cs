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
    public void Sorts_zero_and_one_term()
    {
        Utf8TermSort.Sort([], []);
        byte[][] keys = [[1]];
        BuilderTerm[] items = [new("x")];
        Utf8TermSort.Sort(keys, items);
        Assert.Equal("x", items[0].Term);
    }
}
