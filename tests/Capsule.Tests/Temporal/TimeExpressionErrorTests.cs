using Capsule.Indexing.Temporal.Expressions;

namespace Capsule.Tests.Temporal;

public sealed class TimeExpressionErrorTests
{
    private static readonly DateTimeOffset Reference = TimeExpressionTableTests.Instant("2025-03-05T10:00Z");

    private static TimeZoneInfo Berlin => TimeZones.Find("Europe/Berlin");

    [Theory]
    [InlineData("last tuesdy", 5, "expected a weekday")]
    [InlineData("February 30", 9, "February 2025 has no day 30")]
    [InlineData("2023-02-29", 8, "February 2023 has no day 29")]
    [InlineData("2024-13", 5, "there is no month 13")]
    [InlineData("", 0, "the expression is empty")]
    [InlineData("3 days", 6, "expected 'ago'")]
    [InlineData("yesterday please", 10, "unexpected 'please'")]
    [InlineData("between 2024-03-05 and 2024-03-01", 23, "ends before it starts")]
    [InlineData("between 2024 or 2025", 13, "expected 'and'")]
    [InlineData("tuesday", 0, "say 'last tuesday'")]
    [InlineData("2024-03-05T25:00", 11, "is not a time of day")]
    [InlineData("2024-03-05T14:30.5", 16, "fractional seconds")]
    [InlineData("2024-03-05T14:30+15:00", 16, "offset is outside")]
    [InlineData("100000000 years ago", 0, "outside years 1 to 9999")]
    [InlineData("10000000000 days ago", 0, "too large")]
    [InlineData("last 0 days", 5, "at least 1")]
    [InlineData("since", 5, "ends where a date or period was expected")]
    [InlineData("2024-03-05 @", 11, "unexpected '@'")]
    [InlineData("12 blah", 3, "expected a unit")]
    [InlineData("soon", 0, "'soon' is not a time word")]
    public void Unreadable_expression_reports_position_and_reason(string text, int position, string reason)
    {
        var e = Assert.Throws<TimeExpressionException>(() => TimeExpressionParser.Parse(text, Reference, Berlin));

        Assert.Equal(position, e.Position);
        Assert.Equal(text, e.Input);
        Assert.Contains(reason, e.Error.Reason, StringComparison.Ordinal);
        Assert.Contains($"at position {position}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_quotes_the_input_marks_the_position_and_lists_every_form()
    {
        var e = Assert.Throws<TimeExpressionException>(() => TimeExpressionParser.Parse("last tuesdy", Reference, Berlin));

        Assert.IsAssignableFrom<FormatException>(e);
        Assert.Contains("\"last tuesdy\"", e.Message, StringComparison.Ordinal);
        var lines = e.Message.Split(Environment.NewLine);
        var quoted = Array.FindIndex(lines, l => l.TrimStart().StartsWith("\"last tuesdy\"", StringComparison.Ordinal));
        Assert.True(quoted >= 0, e.Message);
        // The caret sits under the 't' of "tuesdy" (input index 5), one column past the opening quote.
        var inputColumn = lines[quoted].IndexOf('"', StringComparison.Ordinal) + 1;
        Assert.Equal(inputColumn + 5, lines[quoted + 1].IndexOf('^', StringComparison.Ordinal));
        Assert.Equal('t', lines[quoted][lines[quoted + 1].IndexOf('^', StringComparison.Ordinal)]);
        Assert.Contains("Understood forms:", e.Message, StringComparison.Ordinal);
        Assert.NotEmpty(TimeExpressionForms.All);
        foreach (var form in TimeExpressionForms.All)
            Assert.Contains(form, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_returns_the_same_error_as_the_exception_without_throwing()
    {
        var ok = TimeExpressionParser.TryParse("last tuesdy", Reference, Berlin, out var range, out var error);
        var thrown = Assert.Throws<TimeExpressionException>(() => TimeExpressionParser.Parse("last tuesdy", Reference, Berlin));

        Assert.False(ok);
        Assert.Equal(default, range);
        Assert.Equal(thrown.Error, error);
        Assert.Equal(thrown.Message, error.Message);
    }

    [Fact]
    public void TryParse_succeeds_with_no_error_on_readable_text()
    {
        var ok = TimeExpressionParser.TryParse("today", Reference, Berlin, out var range, out var error);

        Assert.True(ok);
        Assert.Equal(default, error);
        Assert.Equal(TimeExpressionTableTests.Instant("2025-03-04T23:00Z"), range.Start);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => TimeExpressionParser.Parse(null!, Reference, Berlin));
        Assert.Throws<ArgumentNullException>(() => TimeExpressionParser.Parse("today", Reference, null!));
    }
}
