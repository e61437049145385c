using Capsule.Indexing.Lexical.Index;

namespace Capsule.Tests.Lexical.Index;

public sealed class PackedFormMapTests
{
    private static PackedForm Pack(string form) => PackedForm.Of(form, 0, form.Length);

    [Fact]
    public void Agrees_with_a_dictionary_through_growth()
    {
        // Forms of 1 to 16 chars over a small alphabet, half of them after one 8-char prefix: those share their low
        // word and differ only in the high one, so probes run into keys that match half of them.
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var map = new PackedFormMap();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < 20_000; i++)
        {
            var form = (random.Next(2) == 0 ? "storage_" : "") + new string(Enumerable.Range(0, random.Next(1, 9)).Select(_ => (char)('a' + random.Next(3))).ToArray());
            var key = Pack(form);
            bool found = map.TryGetValue(key, out int value);
            Assert.True(found == reference.TryGetValue(form, out int expected), $"seed {seed}: '{form}' found {found}");
            if (found)
                Assert.True(value == expected, $"seed {seed}: '{form}' → {value}, expected {expected}");
            else
            {
                Assert.Equal(i, map.GetOrAdd(key, i));
                reference.Add(form, i);
                expected = i;
            }
            Assert.Equal(expected, map.GetOrAdd(key, -7)); // a key that is there keeps its value
            Assert.Equal(reference.Count, map.Count);
        }
        foreach (var (form, expected) in reference)
            Assert.True(map.TryGetValue(Pack(form), out int value) && value == expected, $"seed {seed}: '{form}'");
        Assert.False(map.TryGetValue(Pack("zzzz"), out _));
    }

    [Fact]
    public void Threads_that_add_the_same_keys_at_once_agree_on_one_value_per_key()
    {
        var keys = Enumerable.Range(0, 30_000).Select(i => Pack($"k{(i * 7919) % 30_000}")).ToArray();
        var map = new PackedFormMap();
        ConcurrentAdds.AgreeOnOneValuePerKey(keys.Length, (int i, out int value) => map.TryGetValue(keys[i], out value), (i, value) => map.GetOrAdd(keys[i], value), () => map.Count);
    }

    [Fact]
    public void A_full_map_keeps_what_it_holds_and_takes_nothing_more()
    {
        var map = new PackedFormMap(0, maxCount: 2);
        map.GetOrAdd(Pack("a"), 10);
        map.GetOrAdd(Pack("b"), 11);
        Assert.True(map.IsFull);
        Assert.Equal(12, map.GetOrAdd(Pack("c"), 12)); // handed back, not stored
        Assert.False(map.TryGetValue(Pack("c"), out _));
        Assert.Equal(11, map.GetOrAdd(Pack("b"), 99));
        Assert.Equal(2, map.Count);
        Assert.Throws<ArgumentException>(() => map.GetOrAdd(PackedForm.None, 1));
    }
}
