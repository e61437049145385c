using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>
/// Recursive-descent reader over the tokens of one expression. This file holds the cursor and
/// the outer forms (since / after / before / until / between / from / in); the periods they wrap
/// are read in the Relative and Calendar partial files.
/// </summary>
internal sealed partial class TimeExpressionReader
{
    private readonly string _input;
    private readonly List<TimeToken> _tokens;
    private readonly ZonedCalendar _calendar;
    private int _index;

    public TimeExpressionReader(string input, ZonedCalendar calendar)
    {
        _input = input;
        _calendar = calendar;
        _tokens = TimeExpressionLexer.Tokenize(input);
    }

    private TimeToken Current => _tokens[_index];

    private TimeToken Peek(int ahead = 1) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private TimeToken Advance() => _tokens[_index++];

    public TimeRange ReadExpression()
    {
        if (Current.Kind == TimeTokenKind.End)
            Fail(Current, "the expression is empty");

        var range = Current.Text switch
        {
            // since: from the start of the period on, so "since yesterday" includes yesterday.
            "since" => Open(start: ReadAfterKeyword().Start, end: null),
            // after: from the end of the period on, so "after March 2024" starts on April 1.
            "after" => Open(start: ReadAfterKeyword().End, end: null),
            // before: up to the start of the period, so "before 2024" ends at 2024-01-01 00:00.
            "before" => Open(start: null, end: ReadAfterKeyword().Start),
            // until: up to the end of the period, so "until March" includes March.
            "until" => Open(start: null, end: ReadAfterKeyword().End),
            "between" => ReadSpan("and"),
            "from" => ReadSpan("to", "until"),
            "in" => ReadAfterKeyword(),
            _ => ReadPeriod(),
        };

        if (Current.Kind != TimeTokenKind.End)
            Fail(Current, $"unexpected {Describe(Current)} after a complete expression");
        return range;
    }

    private static TimeRange Open(DateTimeOffset? start, DateTimeOffset? end) => new(start, end);

    private TimeRange ReadAfterKeyword()
    {
        Advance();
        return ReadPeriod();
    }

    /// <summary>"between A and B" / "from A to B": from the start of A to the end of B, both included.</summary>
    private TimeRange ReadSpan(params string[] joiners)
    {
        var first = ReadAfterKeyword();
        if (!joiners.Contains(Current.Text) || Current.Kind != TimeTokenKind.Word)
            Fail(Current, $"expected '{string.Join("' or '", joiners)}' but found {Describe(Current)}");
        Advance();
        var secondToken = Current;
        var second = ReadPeriod();
        if (second.End < first.Start)
            Fail(secondToken, "the range ends before it starts");
        return new TimeRange(first.Start, second.End);
    }

    /// <summary>A closed period: every form that names one stretch of time.</summary>
    private TimeRange ReadPeriod()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TimeTokenKind.Iso:
                Advance();
                return IsoDateTimeReader.Read(token, _calendar, _input);
            case TimeTokenKind.Number:
                return ReadNumberLed();
            case TimeTokenKind.Word:
                if (TryReadRelative(out var relative) || TryReadCalendar(out relative))
                    return relative;
                if (TimeWords.TryWeekday(token, out _))
                    Fail(token, $"say 'last {token.Text}', 'this {token.Text}' or 'next {token.Text}'");
                Fail(token, $"{Describe(token)} is not a time word");
                break;
            case TimeTokenKind.End:
                Fail(token, "the expression ends where a date or period was expected");
                break;
        }

        Fail(token, $"expected a date or period but found {Describe(token)}");
        return default;
    }

    /// <summary>A number starts "3 days ago", "5 March 2024" or the year "2023".</summary>
    private TimeRange ReadNumberLed()
    {
        var number = Current;
        if (TimeWords.TryUnit(Peek(), out _))
            return ReadCountAgo();
        if (TimeWords.TryMonth(Peek(), out _))
            return ReadDayFirstDate();
        if (number.IsYear)
        {
            Advance();
            return _calendar.Year(ReadInt(number));
        }

        Fail(Peek(), $"expected a unit (days, hours, ...) or a month name after the number {number.Text}");
        return default;
    }

    private int ReadInt(TimeToken number)
    {
        // Nine digits keep every count inside int; larger ones are refused rather than wrapped.
        if (number.Text.Length <= 9 && int.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return value;
        Fail(number, $"the number {number.Text} is too large");
        return 0;
    }

    private static string Describe(TimeToken token) => token.Kind switch
    {
        TimeTokenKind.End => "the end of the expression",
        TimeTokenKind.Comma => "','",
        _ => $"'{token.Text}'",
    };

    [DoesNotReturn]
    private void Fail(TimeToken at, string reason) =>
        throw new TimeExpressionException(new TimeExpressionError(_input, at.Position, reason));
}
