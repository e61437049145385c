namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>Periods named by the calendar: March 2024, March 5, 5 March 2024, Q3 2025, 2023.</summary>
internal sealed partial class TimeExpressionReader
{
    private bool TryReadCalendar(out TimeRange range)
    {
        var token = Current;
        if (TimeWords.TryMonth(token, out var month))
        {
            range = ReadMonthFirst(month);
            return true;
        }

        if (token.Text.Length == 2 && token.Text[0] == 'q' && token.Text[1] is >= '1' and <= '4')
        {
            Advance();
            // "Q3" alone is Q3 of the reference year, like "March" alone.
            var year = Current.IsYear ? ReadInt(Advance()) : _calendar.Today.Year;
            range = _calendar.Quarter(year, token.Text[1] - '0');
            return true;
        }

        range = default;
        return false;
    }

    /// <summary>
    /// "March" (the reference year's March), "March 2024", "March 5" (reference year),
    /// "March 5, 2024" and "March 5 2024". A day number has one or two digits, a year four.
    /// </summary>
    private TimeRange ReadMonthFirst(int month)
    {
        Advance();
        if (Current.IsYear)
            return _calendar.Month(ReadInt(Advance()), month);
        if (Current.Kind != TimeTokenKind.Number)
            return _calendar.Month(_calendar.Today.Year, month);

        var dayToken = Advance();
        if (Current.Kind == TimeTokenKind.Comma && Peek().IsYear)
            Advance();
        var year = Current.IsYear ? ReadInt(Advance()) : _calendar.Today.Year;
        return _calendar.Day(MakeDate(year, month, dayToken));
    }

    /// <summary>"5 March" (reference year) and "5 March 2024".</summary>
    private TimeRange ReadDayFirstDate()
    {
        var dayToken = Advance();
        TimeWords.TryMonth(Advance(), out var month);
        if (Current.Kind == TimeTokenKind.Comma && Peek().IsYear)
            Advance();
        var year = Current.IsYear ? ReadInt(Advance()) : _calendar.Today.Year;
        return _calendar.Day(MakeDate(year, month, dayToken));
    }

    /// <summary>Builds the date or fails at the day number: "February 30" is an error, not March 1.</summary>
    private DateOnly MakeDate(int year, int month, TimeToken dayToken)
    {
        if (dayToken.Text.Length > 2)
            Fail(dayToken, $"expected a day of the month but found {Describe(dayToken)}");
        var day = ReadInt(dayToken);
        if (year < 1 || year > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month))
            Fail(dayToken, $"{TimeWords.MonthName(month)} {year} has no day {day}");
        return new DateOnly(year, month, day);
    }
}
