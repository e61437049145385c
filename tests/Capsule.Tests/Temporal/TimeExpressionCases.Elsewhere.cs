namespace Capsule.Tests.Temporal;

internal static partial class TimeExpressionCases
{
    private const string NewYork = "America/New_York";
    private const string Utc = "UTC";

    // Kolkata is UTC+05:30 all year: no daylight saving, and hours start at :30 UTC.
    private const string Kolkata = "Asia/Kolkata";

    // Tokyo is UTC+09:00 all year, so its new year starts on the previous UTC day.
    private const string Tokyo = "Asia/Tokyo";

    public static TheoryData<string, string, string, string?, string?> Rows()
    {
        var rows = new TheoryData<string, string, string, string?, string?>();
        AddBerlin(rows);
        AddNewYork(rows);
        AddUtc(rows);
        AddAsia(rows);
        return rows;
    }

    private static void AddNewYork(TheoryData<string, string, string, string?, string?> rows)
    {
        // Spring-forward, Sunday 2024-03-10: 02:00 EST (-5) becomes 03:00 EDT (-4). Reference is Monday noon EDT.
        const string MondayAfter = "2024-03-11T16:00Z";
        rows.Add("yesterday", MondayAfter, NewYork, "2024-03-10T05:00Z", "2024-03-11T04:00Z");
        rows.Add("this week", MondayAfter, NewYork, "2024-03-11T04:00Z", "2024-03-18T04:00Z");
        rows.Add("last week", MondayAfter, NewYork, "2024-03-04T05:00Z", "2024-03-11T04:00Z");
        rows.Add("2024-03-10T02:30", MondayAfter, NewYork, "2024-03-10T07:30Z", "2024-03-10T07:31Z");

        // Fall-back, Sunday 2024-11-03: 02:00 EDT becomes 01:00 EST. Reference is noon EST.
        const string FallBack = "2024-11-03T17:00Z";
        rows.Add("today", FallBack, NewYork, "2024-11-03T04:00Z", "2024-11-04T05:00Z");
        rows.Add("2024-11-03T01:30", FallBack, NewYork, "2024-11-03T05:30Z", "2024-11-03T05:31Z");
        rows.Add("last night", FallBack, NewYork, "2024-11-03T01:00Z", "2024-11-03T10:00Z");
    }

    private static void AddUtc(TheoryData<string, string, string, string?, string?> rows)
    {
        // Wednesday 2025-01-01: weeks, months and quarters reach back across the new year.
        const string NewYear = "2025-01-01T12:00Z";
        rows.Add("last month", "2025-01-15T12:00Z", Utc, "2024-12-01T00:00Z", "2025-01-01T00:00Z");
        rows.Add("last week", NewYear, Utc, "2024-12-23T00:00Z", "2024-12-30T00:00Z");
        rows.Add("this week", NewYear, Utc, "2024-12-30T00:00Z", "2025-01-06T00:00Z");
        rows.Add("Q1", NewYear, Utc, "2025-01-01T00:00Z", "2025-04-01T00:00Z");
        rows.Add("last quarter", "2025-01-15T12:00Z", Utc, "2024-10-01T00:00Z", "2025-01-01T00:00Z");
        rows.Add("last year", "2025-01-01T00:00Z", Utc, "2024-01-01T00:00Z", "2025-01-01T00:00Z");
        rows.Add("last sunday", NewYear, Utc, "2024-12-29T00:00Z", "2024-12-30T00:00Z");
        rows.Add("next week", "2024-12-30T00:00Z", Utc, "2025-01-06T00:00Z", "2025-01-13T00:00Z");
        rows.Add("1 month ago", "2024-03-31T12:00Z", Utc, "2024-02-01T00:00Z", "2024-03-01T00:00Z");

        // Leap day 2024-02-29.
        rows.Add("past year", "2024-02-29T12:00Z", Utc, "2023-02-28T12:00Z", "2024-02-29T12:00Z");
        rows.Add("1 year ago", "2024-02-29T12:00Z", Utc, "2023-01-01T00:00Z", "2024-01-01T00:00Z");
        rows.Add("yesterday", "2024-03-01T00:00Z", Utc, "2024-02-29T00:00Z", "2024-03-01T00:00Z");
        rows.Add("since 2024-02-29", NewYear, Utc, "2024-02-29T00:00Z", null);
        rows.Add("29 feb 2024", NewYear, Utc, "2024-02-29T00:00Z", "2024-03-01T00:00Z");
        rows.Add("2023", NewYear, Utc, "2023-01-01T00:00Z", "2024-01-01T00:00Z");
    }

    private static void AddAsia(TheoryData<string, string, string, string?, string?> rows)
    {
        // 20:00 UTC is already 01:30 on the next day in Kolkata.
        const string Late = "2024-03-05T20:00Z";
        rows.Add("today", Late, Kolkata, "2024-03-05T18:30Z", "2024-03-06T18:30Z");
        rows.Add("2 hours ago", Late, Kolkata, "2024-03-05T17:30Z", "2024-03-05T18:30Z");
        rows.Add("this morning", Late, Kolkata, "2024-03-05T23:30Z", "2024-03-06T06:30Z");

        // 16:00 UTC on Dec 31 is 01:00 on Jan 1 2025 in Tokyo.
        const string TokyoNewYear = "2024-12-31T16:00Z";
        rows.Add("last month", TokyoNewYear, Tokyo, "2024-11-30T15:00Z", "2024-12-31T15:00Z");
        rows.Add("this year", TokyoNewYear, Tokyo, "2024-12-31T15:00Z", "2025-12-31T15:00Z");
        rows.Add("yesterday", TokyoNewYear, Tokyo, "2024-12-30T15:00Z", "2024-12-31T15:00Z");
    }
}
