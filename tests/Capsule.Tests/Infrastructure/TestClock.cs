namespace Capsule.Tests.Infrastructure;

/// <summary>A clock that starts at a fixed instant and advances one millisecond per reading, so files are reproducible.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public TestClock() : this(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        var now = _now;
        _now = _now.AddMilliseconds(1);
        return now;
    }
}
