using Capsule.Engine;

namespace Capsule.Tests.Engine;

public sealed class ClockCacheTests
{
    [Fact]
    public void KeepsWhatWasReadSinceTheLastSweepAndEvictsTheRest()
    {
        var evicted = new List<int>();
        var cache = new ClockCache<int, int>(3, evicted: evicted.Add);
        cache.Add(1, 10);
        cache.Add(2, 20);
        cache.Add(3, 30);
        Assert.True(cache.TryGet(1, out var one));
        Assert.Equal(10, one);

        cache.Add(4, 40); // 1 was read, so the sweep gives it a second chance and evicts 2

        Assert.Equal([20], evicted);
        Assert.True(cache.TryGet(1, out _));
        Assert.False(cache.TryGet(2, out _));
        Assert.True(cache.TryGet(3, out _));
        Assert.True(cache.TryGet(4, out _));
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void WeightBoundsTheCacheAndClearReleasesEverything()
    {
        var evicted = new List<byte[]?>();
        var cache = new ClockCache<(long, int), byte[]?>(1000, b => (b?.Length ?? 0) + 64, evicted.Add);
        for (var i = 0; i < 50; i++)
        {
            cache.Add((i, i), new byte[100]);
            Assert.True(cache.Count * 164 <= 1000);
        }
        cache.Add((-1, 0), null); // a marker weighs 64
        Assert.True(cache.TryGet((-1, 0), out var marker));
        Assert.Null(marker);
        Assert.True(cache.TryGet((49, 49), out var newest));
        Assert.NotNull(newest);

        var held = cache.Count;
        cache.Clear();
        Assert.Equal(0, cache.Count);
        Assert.Equal(50 + 1, evicted.Count);
        Assert.False(cache.TryGet((49, 49), out _));
        Assert.True(held > 0);
    }

    [Fact]
    public void AddingAKeyTwiceKeepsTheFirstValue()
    {
        var cache = new ClockCache<long, string>(4);
        cache.Add(7, "first");
        cache.Add(7, "second");
        Assert.True(cache.TryGet(7, out var value));
        Assert.Equal("first", value);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Lowering_the_capacity_evicts_down_to_it_and_raising_it_makes_room_again()
    {
        var cache = new ClockCache<int, byte[]>(1000, b => b.Length);
        for (var i = 0; i < 10; i++) cache.Add(i, new byte[100]);
        Assert.Equal(1000, cache.Weight);

        cache.Capacity = 350;

        Assert.Equal(300, cache.Weight);
        Assert.Equal(3, cache.Count);
        cache.Capacity = 1000;
        for (var i = 10; i < 17; i++) cache.Add(i, new byte[100]);
        Assert.Equal(1000, cache.Weight);
    }
}
