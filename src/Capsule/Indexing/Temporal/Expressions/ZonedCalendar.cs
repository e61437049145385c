namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>
/// Calendar arithmetic in one time zone around one reference instant. Every boundary is a local
/// wall-clock time (midnight, the first of a month, 05:00) converted to UTC, so a day that
/// loses or gains an hour to daylight saving is 23 or 25 hours long.
/// </summary>
internal sealed class ZonedCalendar
{
    public ZonedCalendar(DateTimeOffset reference, TimeZoneInfo zone)
    {
        Zone = zone;
        Now = reference.ToUniversalTime();
        LocalNow = TimeZoneInfo.ConvertTime(reference, zone).DateTime;
        Today = DateOnly.FromDateTime(LocalNow);
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The reference instant in UTC.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The reference instant on the zone's wall clock.</summary>
    public DateTime LocalNow { get; }

    public DateOnly Today { get; }

    /// <summary>
    /// Converts a wall-clock time to UTC. Rule for the two cases a wall clock cannot decide:
    /// <list type="bullet">
    /// <item>A time skipped by spring-forward (02:30 in Berlin on the last Sunday of March) is read
    /// with the offset in force before the gap, which lands the same distance past the gap
    /// (03:30 CEST); a boundary at the gap's start (a midnight skipped in some zones) lands on the
    /// first instant that exists.</item>
    /// <item>A time repeated by fall-back (02:30 in Berlin on the last Sunday of October) is the
    /// earlier of its two instants, also the offset in force before the change, so a day or
    /// hour never starts late and loses the first pass of the repeated hour.</item>
    /// </list>
    /// </summary>
    public DateTimeOffset ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (Zone.IsAmbiguousTime(local))
        {
            // Clocks went back, so the offset before the change is the larger one.
            offset = Zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else if (Zone.IsInvalidTime(local))
        {
            // Clocks went forward, so the offset before the gap is the smaller one. Offsets a day
            // either side of the gap are the "before" and "after" ones for every real zone.
            var asUtc = DateTime.SpecifyKind(local, DateTimeKind.Utc);
            var before = Zone.GetUtcOffset(asUtc.AddHours(-26));
            var after = Zone.GetUtcOffset(asUtc.AddHours(26));
            offset = before < after ? before : after;
        }
        else
        {
            offset = Zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public DateTimeOffset StartOf(DateOnly day) => ToUtc(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>From local midnight of <paramref name="first"/> to local midnight after <paramref name="last"/>.</summary>
    public TimeRange Days(DateOnly first, DateOnly last) => new(StartOf(first), StartOf(last.AddDays(1)));

    public TimeRange Day(DateOnly day) => Days(day, day);

    /// <summary>Wall-clock hours: from <paramref name="fromHour"/> on one day to <paramref name="toHour"/> on another.</summary>
    public TimeRange Hours(DateOnly fromDay, int fromHour, DateOnly toDay, int toHour) =>
        new(ToUtc(fromDay.ToDateTime(new TimeOnly(fromHour, 0))), ToUtc(toDay.ToDateTime(new TimeOnly(toHour, 0))));

    /// <summary>The ISO 8601 week (Monday to Sunday) holding <paramref name="day"/>.</summary>
    public TimeRange Week(DateOnly day)
    {
        var monday = MondayOf(day);
        return Days(monday, monday.AddDays(6));
    }

    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public TimeRange Month(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return Days(first, first.AddMonths(1).AddDays(-1));
    }

    public TimeRange Quarter(int year, int quarter)
    {
        var first = new DateOnly(year, (quarter - 1) * 3 + 1, 1);
        return Days(first, first.AddMonths(3).AddDays(-1));
    }

    public TimeRange Year(int year) => Days(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    public static int QuarterOf(int month) => (month - 1) / 3 + 1;
}
