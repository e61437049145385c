namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>Periods named relative to the reference instant: today, last tuesday, 3 days ago, past 2 hours.</summary>
internal sealed partial class TimeExpressionReader
{
    // Parts of the day, in local wall-clock hours. Boundaries follow common English usage (and
    // match duckling's defaults): morning until noon, afternoon until 17:00, evening until 21:00,
    // night from 21:00 to 05:00 the next morning.
    private const int MorningStart = 5;
    private const int Noon = 12;
    private const int EveningStart = 17;
    private const int NightStart = 21;

    private bool TryReadRelative(out TimeRange range)
    {
        var today = _calendar.Today;
        switch (Current.Text)
        {
            case "today":
                Advance();
                range = _calendar.Day(today);
                return true;
            case "yesterday":
                Advance();
                range = _calendar.Day(today.AddDays(-1));
                return true;
            case "tomorrow":
                Advance();
                range = _calendar.Day(today.AddDays(1));
                return true;
            case "this" or "last" or "next" or "past" or "the":
                range = ReadQualified();
                return true;
            case "a" or "an":
                range = ReadCountAgo();
                return true;
            default:
                range = default;
                return false;
        }
    }

    /// <summary>this / last / next / past followed by a part of day, weekday, unit or count.</summary>
    private TimeRange ReadQualified()
    {
        if (Current.Text == "the")
        {
            // "the past 3 days", "the last week": the article changes nothing.
            Advance();
            if (Current.Text is not ("past" or "last" or "next"))
                Fail(Current, $"expected 'past', 'last' or 'next' after 'the' but found {Describe(Current)}");
        }

        var qualifier = Advance().Text;
        var next = Current;
        var today = _calendar.Today;

        if (qualifier == "this" && next.Text is "morning" or "afternoon" or "evening")
        {
            Advance();
            return next.Text switch
            {
                "morning" => _calendar.Hours(today, MorningStart, today, Noon),
                "afternoon" => _calendar.Hours(today, Noon, today, EveningStart),
                _ => _calendar.Hours(today, EveningStart, today, NightStart),
            };
        }

        if (qualifier == "last" && next.Text == "night")
        {
            Advance();
            return _calendar.Hours(today.AddDays(-1), NightStart, today, MorningStart);
        }

        if (qualifier != "this" && (next.Kind == TimeTokenKind.Number || next.Text is "a" or "an" || qualifier == "past"))
            return ReadRolling(qualifier);

        if (TimeWords.TryWeekday(next, out var weekday))
        {
            Advance();
            return _calendar.Day(WeekdayFrom(qualifier, weekday));
        }

        if (TimeWords.TryUnit(next, out var unit))
        {
            // "last week" is the previous calendar week, but "last hour" reads as the past hour:
            // below a week, last/next are rolling, while "this hour" / "this day" are the current unit.
            if (unit < TimeUnit.Week && qualifier != "this")
                return ReadRolling(qualifier);
            Advance();
            var step = qualifier switch { "last" => -1, "next" => 1, _ => 0 };
            return Bucket(unit, step);
        }

        Fail(next, $"expected a weekday, 'week', 'month', 'quarter', 'year' or a number after '{qualifier}' but found {Describe(next)}");
        return default;
    }

    /// <summary>
    /// "last tuesday" is the most recent Tuesday strictly before today (a week ago when today is
    /// Tuesday); "next tuesday" is the first Tuesday strictly after today; "this tuesday" is the
    /// Tuesday of the current ISO week, which may be past or still to come.
    /// </summary>
    private DateOnly WeekdayFrom(string qualifier, DayOfWeek weekday)
    {
        var today = _calendar.Today;
        var todayIndex = (int)today.DayOfWeek;
        var target = (int)weekday;
        return qualifier switch
        {
            "last" => today.AddDays(-((todayIndex - target + 6) % 7 + 1)),
            "next" => today.AddDays((target - todayIndex + 6) % 7 + 1),
            _ => ZonedCalendar.MondayOf(today).AddDays((target + 6) % 7),
        };
    }

    /// <summary>
    /// "past N units" / "last N units": from N units before now up to now (exclusive); "next N
    /// units": from now for N units. "past week" without a count is one unit.
    /// </summary>
    private TimeRange ReadRolling(string qualifier)
    {
        var count = 1;
        if (Current.Kind == TimeTokenKind.Number)
        {
            var number = Advance();
            count = ReadInt(number);
            if (count == 0)
                Fail(number, "a rolling range needs a count of at least 1");
        }
        else if (Current.Text is "a" or "an")
        {
            Advance();
        }

        var unitToken = Current;
        if (!TimeWords.TryUnit(unitToken, out var unit))
            Fail(unitToken, $"expected a unit (minutes, hours, days, weeks, months, quarters, years) but found {Describe(unitToken)}");
        Advance();
        var now = _calendar.Now;
        return qualifier == "next"
            ? new TimeRange(now, Shift(unit, count))
            : new TimeRange(Shift(unit, -count), now);
    }

    /// <summary>
    /// "N units ago" is the whole unit holding the moment N units back: "3 days ago" is that local
    /// day, "2 hours ago" that clock hour, "2 weeks ago" that ISO week. "a"/"an" count as 1.
    /// </summary>
    private TimeRange ReadCountAgo()
    {
        var countToken = Advance();
        var count = countToken.Kind == TimeTokenKind.Number ? ReadInt(countToken) : 1;
        if (!TimeWords.TryUnit(Current, out var unit))
            Fail(Current, $"expected a unit (minutes, hours, days, ...) but found {Describe(Current)}");
        Advance();
        if (!Current.IsWord("ago"))
            Fail(Current, $"expected 'ago' but found {Describe(Current)}");
        Advance();
        return Bucket(unit, -count);
    }

    /// <summary>The whole unit (clock minute/hour, local day, ISO week, month, quarter, year) <paramref name="step"/> units from now.</summary>
    private TimeRange Bucket(TimeUnit unit, int step)
    {
        var today = _calendar.Today;
        switch (unit)
        {
            case TimeUnit.Minute:
            case TimeUnit.Hour:
                // Elapsed time back, then floored on the local clock: in a +05:30 zone the hour
                // starts at :00 local, not :00 UTC. Flooring the instant (not the wall clock)
                // keeps the right pass of a repeated fall-back hour.
                var width = unit == TimeUnit.Minute ? TimeSpan.FromMinutes(1) : TimeSpan.FromHours(1);
                var moment = _calendar.Now + width * step;
                var local = TimeZoneInfo.ConvertTime(moment, _calendar.Zone);
                var start = moment.AddTicks(-(local.TimeOfDay.Ticks % width.Ticks));
                return new TimeRange(start, start + width);
            case TimeUnit.Day:
                return _calendar.Day(today.AddDays(step));
            case TimeUnit.Week:
                return _calendar.Week(today.AddDays(7 * step));
            case TimeUnit.Month:
                var month = new DateOnly(today.Year, today.Month, 1).AddMonths(step);
                return _calendar.Month(month.Year, month.Month);
            case TimeUnit.Quarter:
                var quarter = new DateOnly(today.Year, (ZonedCalendar.QuarterOf(today.Month) - 1) * 3 + 1, 1).AddMonths(3 * step);
                return _calendar.Quarter(quarter.Year, ZonedCalendar.QuarterOf(quarter.Month));
            default:
                return _calendar.Year(today.Year + step);
        }
    }

    /// <summary>Now moved by <paramref name="count"/> units: elapsed time for minutes/hours, the local calendar for days and up.</summary>
    private DateTimeOffset Shift(TimeUnit unit, int count)
    {
        var local = _calendar.LocalNow;
        return unit switch
        {
            TimeUnit.Minute => _calendar.Now.AddMinutes(count),
            TimeUnit.Hour => _calendar.Now.AddHours(count),
            TimeUnit.Day => _calendar.ToUtc(local.AddDays(count)),
            TimeUnit.Week => _calendar.ToUtc(local.AddDays(7.0 * count)),
            TimeUnit.Month => _calendar.ToUtc(local.AddMonths(count)),
            TimeUnit.Quarter => _calendar.ToUtc(local.AddMonths(3 * count)),
            _ => _calendar.ToUtc(local.AddYears(count)),
        };
    }
}
