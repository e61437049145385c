namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>
/// Reads English time expressions ("last tuesday", "3 days ago", "between March 2024 and Q3 2025",
/// "2024-03-05T14:30Z") into UTC <see cref="TimeRange"/>s, resolved against a reference instant and
/// time zone that the caller passes; nothing here reads the machine clock or zone.
/// </summary>
/// <remarks>
/// Calendar words are resolved in <c>zone</c>: a day runs from local midnight to local midnight,
/// a week is the ISO week (Monday first), and the result is converted to UTC. The full list of
/// forms and rules is <see cref="TimeExpressionForms.All"/>; the wall-clock rule for skipped and
/// repeated local times is on <see cref="ZonedCalendar.ToUtc"/>. Matching is case-insensitive and
/// tolerant of extra whitespace. Text it cannot read is an error, never an empty range.
/// </remarks>
public static class TimeExpressionParser
{
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="zone"/> is null.</exception>
    /// <exception cref="TimeExpressionException">The text is not one of the understood forms, or names a date that does not exist.</exception>
    public static TimeRange Parse(string text, DateTimeOffset reference, TimeZoneInfo zone)
    {
        if (TryParse(text, reference, zone, out var range, out var error))
            return range;
        throw new TimeExpressionException(error);
    }

    /// <summary>Reads <paramref name="text"/>; on failure returns false and says where and why in <paramref name="error"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="zone"/> is null.</exception>
    public static bool TryParse(
        string text, DateTimeOffset reference, TimeZoneInfo zone, out TimeRange range, out TimeExpressionError error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(zone);
        var reader = new TimeExpressionReader(text, new ZonedCalendar(reference, zone));
        // The reader unwinds with TimeExpressionException from deep inside the grammar; catching it
        // here keeps every rule a plain function. Parsing a short phrase is far off any hot path.
        try
        {
            range = reader.ReadExpression();
            error = default;
            return true;
        }
        catch (TimeExpressionException e)
        {
            range = default;
            error = e.Error;
            return false;
        }
        catch (ArgumentOutOfRangeException)
        {
            // DateOnly/DateTimeOffset arithmetic past year 1 or 9999 ("100000 years ago"). The
            // whole expression is at fault, not one token, so the error points at its start.
            range = default;
            error = new TimeExpressionError(text, 0, "the date falls outside years 1 to 9999");
            return false;
        }
    }
}
