using System.Diagnostics.CodeAnalysis;

namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>
/// Reads the ISO 8601 shapes people type: <c>yyyy-MM</c>, <c>yyyy-MM-dd</c>, and
/// <c>yyyy-MM-ddTHH:mm[:ss]</c> with an optional <c>Z</c> or <c>±HH[:]mm</c> offset ('T' may be a
/// space). Hand-written rather than <c>DateTime.TryParseExact</c> so an error points at the
/// character that is wrong.
/// </summary>
/// <remarks>
/// Width follows precision: a month is the whole month, a date the whole local day, a time with
/// minutes that minute, a time with seconds that second. A time without an offset is on the
/// zone's wall clock (skipped and repeated times follow <see cref="ZonedCalendar.ToUtc"/>).
/// </remarks>
internal ref struct IsoDateTimeReader
{
    // Real offsets lie within UTC-12:00 .. UTC+14:00; ISO 8601 allows up to ±14:00 either way.
    private const int MaxOffsetMinutes = 14 * 60;

    private readonly string _text;
    private readonly int _origin;
    private readonly string _input;
    private int _at;

    private IsoDateTimeReader(TimeToken token, string input)
    {
        _text = token.Text;
        _origin = token.Position;
        _input = input;
        _at = 0;
    }

    public static TimeRange Read(TimeToken token, ZonedCalendar calendar, string input) =>
        new IsoDateTimeReader(token, input).Read(calendar);

    private TimeRange Read(ZonedCalendar calendar)
    {
        var year = Digits(4, "a four-digit year");
        Expect('-');
        var monthAt = _at;
        var month = Digits(2, "a two-digit month");
        if (month is < 1 or > 12)
            FailAt(monthAt, $"there is no month {month}");
        if (AtEnd)
            return calendar.Month(year, month);

        Expect('-');
        var dayAt = _at;
        var day = Digits(2, "a two-digit day");
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
            FailAt(dayAt, $"{TimeWords.MonthName(month)} {year} has no day {day}");
        var date = new DateOnly(year, month, day);
        if (AtEnd)
            return calendar.Day(date);

        if (_text[_at] is not ('T' or 't' or ' '))
            FailAt(_at, "expected 'T' between the date and the time");
        _at++;
        var hourAt = _at;
        var hour = Digits(2, "a two-digit hour");
        Expect(':');
        var minute = Digits(2, "two-digit minutes");
        var second = 0;
        var width = TimeSpan.FromMinutes(1);
        if (!AtEnd && _text[_at] == ':')
        {
            _at++;
            second = Digits(2, "two-digit seconds");
            width = TimeSpan.FromSeconds(1);
        }

        if (hour > 23 || minute > 59 || second > 59)
            FailAt(hourAt, $"{hour:D2}:{minute:D2}:{second:D2} is not a time of day");
        var local = date.ToDateTime(new TimeOnly(hour, minute, second));
        var offset = ReadOffset();
        if (!AtEnd)
            FailAt(_at, $"unexpected '{_text[_at]}' in the date-time");

        var start = offset is { } o ? new DateTimeOffset(local, o) : calendar.ToUtc(local);
        return new TimeRange(start, start + width);
    }

    private readonly bool AtEnd => _at >= _text.Length;

    private TimeSpan? ReadOffset()
    {
        if (AtEnd)
            return null;
        var sign = _text[_at];
        if (sign is 'Z' or 'z')
        {
            _at++;
            return TimeSpan.Zero;
        }

        if (sign is not ('+' or '-'))
            FailAt(_at, sign == '.' ? "fractional seconds are not supported" : $"unexpected '{sign}' after the time");
        var offsetAt = _at++;
        var hours = Digits(2, "a two-digit offset hour");
        if (!AtEnd && _text[_at] == ':')
            _at++;
        var minutes = Digits(2, "two-digit offset minutes");
        var total = hours * 60 + minutes;
        if (minutes > 59 || total > MaxOffsetMinutes)
            FailAt(offsetAt, "the offset is outside -14:00 to +14:00");
        return TimeSpan.FromMinutes(sign == '-' ? -total : total);
    }

    private int Digits(int count, string what)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            if (_at >= _text.Length || !char.IsAsciiDigit(_text[_at]))
                FailAt(_at, $"expected {what}");
            value = value * 10 + (_text[_at++] - '0');
        }

        return value;
    }

    private void Expect(char c)
    {
        if (AtEnd || _text[_at] != c)
            FailAt(_at, $"expected '{c}'");
        _at++;
    }

    [DoesNotReturn]
    private readonly void FailAt(int at, string reason) =>
        throw new TimeExpressionException(new TimeExpressionError(_input, _origin + at, reason));
}
