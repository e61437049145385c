using Capsule.Indexing.Lexical.Index;

namespace Capsule.Tests.Lexical.Index;

public sealed class SpanIntMapTests
{
    [Fact]
    public void Agrees_with_a_dictionary_through_growth()
    {
        // Short keys over a small alphabet: many shared prefixes, equal lengths, and several rehashes.
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var map = new SpanIntMap();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < 20_000; i++)
        {
            var key = new string(Enumerable.Range(0, random.Next(0, 6)).Select(_ => (char)('a' + random.Next(4))).ToArray());
            bool found = map.TryGetValue(key, out int value);
            Assert.True(found == reference.TryGetValue(key, out int expected), $"seed {seed}: '{key}' found {found}");
            if (found)
                Assert.True(value == expected, $"seed {seed}: '{key}' → {value}, expected {expected}");
            else
            {
                map.Add(key, i);
                reference.Add(key, i);
            }
            Assert.Equal(reference.Count, map.Count);
        }
        foreach (var (key, expected) in reference)
            Assert.True(map.TryGetValue(key, out int value) && value == expected, $"seed {seed}: '{key}'");
        Assert.False(map.TryGetValue("zzzzzzz", out _));
    }
}
