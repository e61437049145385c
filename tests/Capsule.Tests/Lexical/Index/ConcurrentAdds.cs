namespace Capsule.Tests.Lexical.Index;

/// <summary>
/// The check that a map many threads read and add to at once keeps one value per key, for each such map
/// (<see cref="SpanIntMapTests"/>, <see cref="PackedFormMapTests"/>).
/// </summary>
internal static class ConcurrentAdds
{
    public delegate bool TryGet(int key, out int value);

    /// <summary>
    /// Four threads offer their own value for every one of <paramref name="keys"/> keys (by index) while the others
    /// read and add the same keys; the map should start small, so its table grows under the readers. The first add of
    /// a key wins: every thread must get that value back from its add and from later lookups, and the map must hold
    /// each key once.
    /// </summary>
    public static void AgreeOnOneValuePerKey(int keys, TryGet tryGet, Func<int, int, int> getOrAdd, Func<int> count)
    {
        int seed = Environment.TickCount;
        const int threads = 4;
        var seen = new int[threads][];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            // Half the threads add every key in one order without looking first, so a key they meet at once or
            // after the other added it must not be added twice; the others look first, in an order of their own.
            var random = new Random(seed + t);
            var order = t % 2 == 0 ? Enumerable.Range(0, keys).ToArray() : Enumerable.Range(0, keys).OrderBy(_ => random.Next()).ToArray();
            var mine = new int[keys];
            foreach (int i in order)
                mine[i] = t % 2 == 1 && tryGet(i, out int value) ? value : getOrAdd(i, t * keys + i);
            seen[t] = mine;
        });
        Assert.Equal(keys, count());
        for (int i = 0; i < keys; i++)
        {
            Assert.True(tryGet(i, out int held), $"seed {seed}: key {i} missing");
            Assert.True(held % keys == i, $"seed {seed}: key {i} holds {held}, a value offered for another key");
            for (int t = 0; t < threads; t++)
                Assert.True(seen[t][i] == held, $"seed {seed}: thread {t} got {seen[t][i]} for key {i}, the map holds {held}");
        }
    }
}
