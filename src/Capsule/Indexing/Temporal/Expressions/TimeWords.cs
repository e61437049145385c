namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>English names of months, weekdays and units, full and abbreviated, lower-case.</summary>
internal static class TimeWords
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["january"] = 1, ["jan"] = 1, ["february"] = 2, ["feb"] = 2, ["march"] = 3, ["mar"] = 3,
        ["april"] = 4, ["apr"] = 4, ["may"] = 5, ["june"] = 6, ["jun"] = 6, ["july"] = 7, ["jul"] = 7,
        ["august"] = 8, ["aug"] = 8, ["september"] = 9, ["sep"] = 9, ["sept"] = 9,
        ["october"] = 10, ["oct"] = 10, ["november"] = 11, ["nov"] = 11, ["december"] = 12, ["dec"] = 12,
    };

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new(StringComparer.Ordinal)
    {
        ["monday"] = DayOfWeek.Monday, ["mon"] = DayOfWeek.Monday,
        ["tuesday"] = DayOfWeek.Tuesday, ["tue"] = DayOfWeek.Tuesday, ["tues"] = DayOfWeek.Tuesday,
        ["wednesday"] = DayOfWeek.Wednesday, ["wed"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday, ["thu"] = DayOfWeek.Thursday, ["thur"] = DayOfWeek.Thursday,
        ["thurs"] = DayOfWeek.Thursday, ["friday"] = DayOfWeek.Friday, ["fri"] = DayOfWeek.Friday,
        ["saturday"] = DayOfWeek.Saturday, ["sat"] = DayOfWeek.Saturday,
        ["sunday"] = DayOfWeek.Sunday, ["sun"] = DayOfWeek.Sunday,
    };

    private static readonly Dictionary<string, TimeUnit> Units = new(StringComparer.Ordinal)
    {
        ["minute"] = TimeUnit.Minute, ["minutes"] = TimeUnit.Minute, ["min"] = TimeUnit.Minute, ["mins"] = TimeUnit.Minute,
        ["hour"] = TimeUnit.Hour, ["hours"] = TimeUnit.Hour, ["hr"] = TimeUnit.Hour, ["hrs"] = TimeUnit.Hour,
        ["day"] = TimeUnit.Day, ["days"] = TimeUnit.Day,
        ["week"] = TimeUnit.Week, ["weeks"] = TimeUnit.Week, ["wk"] = TimeUnit.Week, ["wks"] = TimeUnit.Week,
        ["month"] = TimeUnit.Month, ["months"] = TimeUnit.Month,
        ["quarter"] = TimeUnit.Quarter, ["quarters"] = TimeUnit.Quarter,
        ["year"] = TimeUnit.Year, ["years"] = TimeUnit.Year, ["yr"] = TimeUnit.Year, ["yrs"] = TimeUnit.Year,
    };

    public static bool TryMonth(TimeToken token, out int month) =>
        Months.TryGetValue(WordOf(token), out month);

    public static bool TryWeekday(TimeToken token, out DayOfWeek day) =>
        Weekdays.TryGetValue(WordOf(token), out day);

    public static bool TryUnit(TimeToken token, out TimeUnit unit) =>
        Units.TryGetValue(WordOf(token), out unit);

    /// <summary>English name of a month number, for error messages.</summary>
    public static string MonthName(int month) =>
        System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);

    private static string WordOf(TimeToken token) => token.Kind == TimeTokenKind.Word ? token.Text : "";
}
