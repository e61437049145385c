namespace Capsule.Format;

/// <summary>Timestamps on disk are signed microseconds since 1970-01-01T00:00:00Z (FORMAT.md §1).</summary>
internal static class Time
{
    private static readonly long MinMicros = DateTimeOffset.MinValue.ToUnixTimeMilliseconds() * 1000;
    private static readonly long MaxMicros = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() * 1000;

    public static long ToMicros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static bool IsRepresentable(long micros) => micros >= MinMicros && micros <= MaxMicros;

    public static DateTimeOffset FromMicros(long micros)
    {
        if (micros < MinMicros || micros > MaxMicros)
        {
            FormatViolation.Throw($"timestamp {micros} µs is outside the representable range");
        }
        return DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
    }
}
