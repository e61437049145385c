namespace Capsule.Tests.Temporal;

/// <summary>
/// Rows of (expression, reference instant, zone, expected start, expected end); null is an open
/// side. Expected instants are worked out by hand from the zone's rules, not from the parser.
/// </summary>
internal static partial class TimeExpressionCases
{
    // Tuesday 2024-03-05 11:00 CET (UTC+1); Berlin springs forward on Sunday 2024-03-31.
    private const string Tue = "2024-03-05T10:00Z";
    private const string Berlin = "Europe/Berlin";

    private static void AddBerlin(TheoryData<string, string, string, string?, string?> rows)
    {
        rows.Add("today", Tue, Berlin, "2024-03-04T23:00Z", "2024-03-05T23:00Z");
        rows.Add("  TODAY  ", Tue, Berlin, "2024-03-04T23:00Z", "2024-03-05T23:00Z");
        rows.Add("yesterday", Tue, Berlin, "2024-03-03T23:00Z", "2024-03-04T23:00Z");
        rows.Add("tomorrow", Tue, Berlin, "2024-03-05T23:00Z", "2024-03-06T23:00Z");
        rows.Add("this morning", Tue, Berlin, "2024-03-05T04:00Z", "2024-03-05T11:00Z");
        rows.Add("this afternoon", Tue, Berlin, "2024-03-05T11:00Z", "2024-03-05T16:00Z");
        rows.Add("This   Evening", Tue, Berlin, "2024-03-05T16:00Z", "2024-03-05T20:00Z");
        rows.Add("last night", Tue, Berlin, "2024-03-04T20:00Z", "2024-03-05T04:00Z");
        // Today is a Tuesday, so "last tuesday" is a week back, not today.
        rows.Add("last tuesday", Tue, Berlin, "2024-02-26T23:00Z", "2024-02-27T23:00Z");
        rows.Add("last monday", Tue, Berlin, "2024-03-03T23:00Z", "2024-03-04T23:00Z");
        rows.Add("last wed", Tue, Berlin, "2024-02-27T23:00Z", "2024-02-28T23:00Z");
        rows.Add("this tuesday", Tue, Berlin, "2024-03-04T23:00Z", "2024-03-05T23:00Z");
        rows.Add("this sunday", Tue, Berlin, "2024-03-09T23:00Z", "2024-03-10T23:00Z");
        rows.Add("next tuesday", Tue, Berlin, "2024-03-11T23:00Z", "2024-03-12T23:00Z");
        rows.Add("next monday", Tue, Berlin, "2024-03-10T23:00Z", "2024-03-11T23:00Z");
        rows.Add("last week", Tue, Berlin, "2024-02-25T23:00Z", "2024-03-03T23:00Z");
        rows.Add("this week", Tue, Berlin, "2024-03-03T23:00Z", "2024-03-10T23:00Z");
        rows.Add("next week", Tue, Berlin, "2024-03-10T23:00Z", "2024-03-17T23:00Z");
        rows.Add("last month", Tue, Berlin, "2024-01-31T23:00Z", "2024-02-29T23:00Z");
        // March ends at midnight CEST (UTC+2), after the spring-forward.
        rows.Add("this month", Tue, Berlin, "2024-02-29T23:00Z", "2024-03-31T22:00Z");
        rows.Add("this quarter", Tue, Berlin, "2023-12-31T23:00Z", "2024-03-31T22:00Z");
        rows.Add("last year", Tue, Berlin, "2022-12-31T23:00Z", "2023-12-31T23:00Z");
        rows.Add("this year", Tue, Berlin, "2023-12-31T23:00Z", "2024-12-31T23:00Z");
        rows.Add("3 days ago", Tue, Berlin, "2024-03-01T23:00Z", "2024-03-02T23:00Z");
        rows.Add("2 hours ago", Tue, Berlin, "2024-03-05T08:00Z", "2024-03-05T09:00Z");
        rows.Add("90 minutes ago", Tue, Berlin, "2024-03-05T08:30Z", "2024-03-05T08:31Z");
        rows.Add("an hour ago", Tue, Berlin, "2024-03-05T09:00Z", "2024-03-05T10:00Z");
        rows.Add("2 weeks ago", Tue, Berlin, "2024-02-18T23:00Z", "2024-02-25T23:00Z");
        rows.Add("1 month ago", Tue, Berlin, "2024-01-31T23:00Z", "2024-02-29T23:00Z");
        rows.Add("1 year ago", Tue, Berlin, "2022-12-31T23:00Z", "2023-12-31T23:00Z");
        rows.Add("past 3 days", Tue, Berlin, "2024-03-02T10:00Z", Tue);
        rows.Add("last 24 hours", Tue, Berlin, "2024-03-04T10:00Z", Tue);
        rows.Add("the past week", Tue, Berlin, "2024-02-27T10:00Z", Tue);
        rows.Add("next 2 days", Tue, Berlin, Tue, "2024-03-07T10:00Z");
        rows.Add("since yesterday", Tue, Berlin, "2024-03-03T23:00Z", null);
        rows.Add("after March 2024", Tue, Berlin, "2024-03-31T22:00Z", null);
        rows.Add("before 2024", Tue, Berlin, null, "2023-12-31T23:00Z");
        rows.Add("until march 2024", Tue, Berlin, null, "2024-03-31T22:00Z");
        rows.Add("between 2024-03-01 and 2024-03-03", Tue, Berlin, "2024-02-29T23:00Z", "2024-03-03T23:00Z");
        rows.Add("from March 2024 to Q3 2025", Tue, Berlin, "2024-02-29T23:00Z", "2025-09-30T22:00Z");
        rows.Add("in March 2024", Tue, Berlin, "2024-02-29T23:00Z", "2024-03-31T22:00Z");
        rows.Add("MARCH    2024", Tue, Berlin, "2024-02-29T23:00Z", "2024-03-31T22:00Z");
        rows.Add("in 2023", Tue, Berlin, "2022-12-31T23:00Z", "2023-12-31T23:00Z");
        rows.Add("Q3 2025", Tue, Berlin, "2025-06-30T22:00Z", "2025-09-30T22:00Z");
        rows.Add("March 5", Tue, Berlin, "2024-03-04T23:00Z", "2024-03-05T23:00Z");
        rows.Add("Mar 5th, 2024", Tue, Berlin, "2024-03-04T23:00Z", "2024-03-05T23:00Z");
        rows.Add("5 March 2024", Tue, Berlin, "2024-03-04T23:00Z", "2024-03-05T23:00Z");
        rows.Add("2024-03-05", Tue, Berlin, "2024-03-04T23:00Z", "2024-03-05T23:00Z");
        rows.Add("2024-03-05T14:30", Tue, Berlin, "2024-03-05T13:30Z", "2024-03-05T13:31Z");
        rows.Add("2024-03-05T14:30Z", Tue, Berlin, "2024-03-05T14:30Z", "2024-03-05T14:31Z");
        rows.Add("2024-03-05T14:30+05:30", Tue, Berlin, "2024-03-05T09:00Z", "2024-03-05T09:01Z");
        rows.Add("2024-03-05 14:30:15", Tue, Berlin, "2024-03-05T13:30:15Z", "2024-03-05T13:30:16Z");
        rows.Add("2024-02", Tue, Berlin, "2024-01-31T23:00Z", "2024-02-29T23:00Z");
        rows.Add("February 29, 2024", Tue, Berlin, "2024-02-28T23:00Z", "2024-02-29T23:00Z");

        // Spring-forward, Sunday 2024-03-31: 02:00 CET becomes 03:00 CEST; that day is 23 hours.
        rows.Add("yesterday", "2024-04-01T10:00Z", Berlin, "2024-03-30T23:00Z", "2024-03-31T22:00Z");
        rows.Add("this morning", "2024-03-31T10:00Z", Berlin, "2024-03-31T03:00Z", "2024-03-31T10:00Z");
        rows.Add("last night", "2024-03-31T10:00Z", Berlin, "2024-03-30T20:00Z", "2024-03-31T03:00Z");
        rows.Add("past 1 day", "2024-03-31T12:00Z", Berlin, "2024-03-30T13:00Z", "2024-03-31T12:00Z");
        // 02:30 does not exist that night: read with the offset before the gap (+01), i.e. 03:30 CEST.
        rows.Add("2024-03-31T02:30", Tue, Berlin, "2024-03-31T01:30Z", "2024-03-31T01:31Z");

        // Fall-back, Sunday 2024-10-27: 03:00 CEST becomes 02:00 CET; that day is 25 hours.
        rows.Add("today", "2024-10-27T12:00Z", Berlin, "2024-10-26T22:00Z", "2024-10-27T23:00Z");
        // 02:30 happens twice: the earlier one (CEST, +02) is taken.
        rows.Add("2024-10-27T02:30", Tue, Berlin, "2024-10-27T00:30Z", "2024-10-27T00:31Z");
        // Now is 03:30 CET; an hour back is 02:30 CET, the second pass of the repeated hour.
        rows.Add("1 hour ago", "2024-10-27T02:30Z", Berlin, "2024-10-27T01:00Z", "2024-10-27T02:00Z");
    }
}
