using Capsule.Indexing.Temporal.Expressions;

namespace Capsule.Tests.Temporal;

public sealed class TimeRangeTests
{
    private static readonly DateTimeOffset Noon = TimeExpressionTableTests.Instant("2024-03-05T12:00Z");

    [Fact]
    public void Range_is_half_open()
    {
        var range = new TimeRange(Noon, Noon.AddHours(1));

        Assert.True(range.Contains(Noon));
        Assert.True(range.Contains(Noon.AddMinutes(59)));
        Assert.False(range.Contains(Noon.AddHours(1)));
        Assert.False(range.Contains(Noon.AddTicks(-1)));
    }

    [Fact]
    public void Open_sides_reach_without_limit()
    {
        Assert.True(new TimeRange(Noon, null).Contains(DateTimeOffset.MaxValue));
        Assert.True(new TimeRange(null, Noon).Contains(DateTimeOffset.MinValue));
        Assert.False(new TimeRange(null, Noon).Contains(Noon));
        Assert.Null(new TimeRange(null, Noon).Duration);
    }

    [Fact]
    public void Sides_are_normalised_to_utc()
    {
        var local = new DateTimeOffset(2024, 3, 5, 13, 0, 0, TimeSpan.FromHours(1));
        var range = new TimeRange(local, null);

        Assert.Equal(TimeSpan.Zero, range.Start!.Value.Offset);
        Assert.Equal(new TimeRange(Noon, null), range);
    }

    [Fact]
    public void Start_after_end_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new TimeRange(Noon, Noon.AddTicks(-1)));
    }

    [Fact]
    public void Missing_zone_fails_the_test_with_a_clear_message()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TimeZones.Find("Nowhere/Atlantis"));

        Assert.Contains("'Nowhere/Atlantis' is not installed", e.Message, StringComparison.Ordinal);
        Assert.Contains("tzdata", e.Message, StringComparison.Ordinal);
    }
}
