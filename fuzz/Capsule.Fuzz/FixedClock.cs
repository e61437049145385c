namespace Capsule.Fuzz;

/// <summary>
/// A clock that starts at a fixed instant and advances one millisecond per reading, so seed
/// capsules are byte-for-byte reproducible (CapsuleOptions.Clock exists for exactly this).
/// </summary>
public sealed class FixedClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks;

    public FixedClock() : this(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => start.AddTicks(Interlocked.Add(ref _ticks, TimeSpan.TicksPerMillisecond));
}
