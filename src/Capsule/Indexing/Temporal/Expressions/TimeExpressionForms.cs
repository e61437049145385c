namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>
/// The forms <see cref="TimeExpressionParser"/> understands, in the words an error message shows.
/// Kept in one list so the message and the documentation cannot drift apart.
/// </summary>
public static class TimeExpressionForms
{
    public static IReadOnlyList<string> All { get; } =
    [
        "today | yesterday | tomorrow (whole local days)",
        "this morning (05-12) | this afternoon (12-17) | this evening (17-21) | last night (yesterday 21 - today 05)",
        "last | this | next monday..sunday (last = most recent before today, next = first after today, this = in this week)",
        "last | this | next week | month | quarter | year (weeks are ISO, Monday first)",
        "N minutes | hours | days | weeks | months | years ago, or 'an hour ago' (that whole minute, hour, day, week, month or year)",
        "past N days | last N hours | next N weeks, or 'past week' (rolling, ending or starting now)",
        "since DATE | after DATE | before DATE | until DATE",
        "between DATE and DATE | from DATE to DATE",
        "in March 2024 | March 2024 | March | in 2023 | 2023 | Q3 2025 | Q3",
        "March 5 | March 5, 2024 | 5 March 2024 | Mar 5th",
        "2024-03 | 2024-03-05 | 2024-03-05T14:30 | 2024-03-05 14:30:15 | 2024-03-05T14:30Z | 2024-03-05T14:30+02:00",
        "DATE above is any form except since/after/before/until/between/from",
    ];
}
