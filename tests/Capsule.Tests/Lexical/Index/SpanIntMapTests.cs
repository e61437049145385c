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
            expected = found ? expected : i;
            if (found)
                Assert.True(value == expected, $"seed {seed}: '{key}' → {value}, expected {expected}");
            else
            {
                Assert.Equal(i, map.GetOrAdd(key, i));
                reference.Add(key, i);
            }
            Assert.Equal(expected, map.GetOrAdd(key, -7)); // a key that is there keeps its value
            Assert.Equal(reference.Count, map.Count);
        }
        foreach (var (key, expected) in reference)
            Assert.True(map.TryGetValue(key, out int value) && value == expected, $"seed {seed}: '{key}'");
        Assert.False(map.TryGetValue("zzzzzzz", out _));
    }

    [Fact]
    public void Threads_that_add_the_same_keys_at_once_agree_on_one_value_per_key()
    {
        var keys = Enumerable.Range(0, 30_000).Select(i => $"k{(i * 7919) % 30_000}").ToArray();
        var map = new SpanIntMap();
        ConcurrentAdds.AgreeOnOneValuePerKey(keys.Length, (int i, out int value) => map.TryGetValue(keys[i], out value), (i, value) => map.GetOrAdd(keys[i], value), () => map.Count);
    }

    [Fact]
    public void Intern_gives_dense_ids_in_first_seen_order_and_KeyAt_gives_the_keys_back()
    {
        var map = new SpanIntMap();
        string[] words = ["storage", "engine", "storage", "", "engine", "wal"];
        var ids = words.Select(w => map.Intern(w)).ToArray();
        Assert.Equal([0, 1, 0, 2, 1, 3], ids);
        Assert.Equal(4, map.Count);
        Assert.Equal("storage", map.KeyAt(0).ToString());
        Assert.Equal("", map.KeyAt(2).ToString());
        Assert.Equal("wal", map.KeyAt(3).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => map.KeyAt(4));
    }

    [Fact]
    public void A_full_map_keeps_what_it_holds_and_takes_nothing_more()
    {
        var map = new SpanIntMap(0, maxCount: 2);
        map.GetOrAdd("a", 10);
        map.GetOrAdd("b", 11);
        Assert.True(map.IsFull);
        Assert.Equal(12, map.GetOrAdd("c", 12)); // handed back, not stored
        Assert.False(map.TryGetValue("c", out _));
        Assert.Equal(11, map.GetOrAdd("b", 99));
        Assert.Throws<InvalidOperationException>(() => map.Intern("d"));
        Assert.Equal(2, map.Count);
    }
}
