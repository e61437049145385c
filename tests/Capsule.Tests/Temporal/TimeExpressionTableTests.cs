using System.Globalization;
using Capsule.Indexing.Temporal.Expressions;

namespace Capsule.Tests.Temporal;

public sealed class TimeExpressionTableTests
{
    public static TheoryData<string, string, string, string?, string?> Rows() => TimeExpressionCases.Rows();

    [Theory]
    [MemberData(nameof(Rows))]
    public void Expression_resolves_to_the_expected_utc_range(
        string expression, string reference, string zoneId, string? expectedStart, string? expectedEnd)
    {
        var range = TimeExpressionParser.Parse(expression, Instant(reference), TimeZones.Find(zoneId));

        Assert.Equal(Optional(expectedStart), range.Start);
        Assert.Equal(Optional(expectedEnd), range.End);
        Assert.True(range.Start is null || range.Start.Value.Offset == TimeSpan.Zero, "start must be in UTC");
        Assert.True(range.End is null || range.End.Value.Offset == TimeSpan.Zero, "end must be in UTC");
    }

    [Fact]
    public void Table_is_large_enough_to_cover_the_forms()
    {
        Assert.True(TimeExpressionCases.Rows().Count >= 60, $"only {TimeExpressionCases.Rows().Count} rows");
    }

    [Theory]
    [InlineData("yesterday", "2024-04-01T10:00Z", "Europe/Berlin", 23)]
    [InlineData("today", "2024-10-27T12:00Z", "Europe/Berlin", 25)]
    [InlineData("yesterday", "2024-03-11T16:00Z", "America/New_York", 23)]
    [InlineData("today", "2024-11-03T17:00Z", "America/New_York", 25)]
    [InlineData("today", "2024-03-05T20:00Z", "Asia/Kolkata", 24)]
    public void Days_across_daylight_saving_changes_are_23_or_25_hours(string expression, string reference, string zoneId, int hours)
    {
        var range = TimeExpressionParser.Parse(expression, Instant(reference), TimeZones.Find(zoneId));

        Assert.Equal(TimeSpan.FromHours(hours), range.Duration);
    }

    internal static DateTimeOffset Instant(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static DateTimeOffset? Optional(string? text) => text is null ? null : Instant(text);
}
