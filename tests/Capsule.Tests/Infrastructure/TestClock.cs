namespace Capsule.Tests.Infrastructure;

/// <summary>A clock that starts at a fixed instant and advances one millisecond per reading, so files are reproducible.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public TestClock() : this(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero))
    {
    }

    /// <summary>Moves the clock forward (each reading also advances it by 1 ms).</summary>
    public void Advance(TimeSpan by) => _now += by;

    public override DateTimeOffset GetUtcNow()
    {
        var now = _now;
        _now = _now.AddMilliseconds(1);
        return now;
    }
}
