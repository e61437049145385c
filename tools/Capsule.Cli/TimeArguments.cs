using Capsule.Indexing.Temporal.Expressions;

namespace Capsule.Cli;

/// <summary>
/// Time expressions on the command line ("yesterday", "last tuesday", "3 days ago", "Q3 2025",
/// ISO dates), resolved against the local clock and zone.
/// </summary>
internal static class TimeArguments
{
    /// <summary>The range an expression names.</summary>
    /// <exception cref="TimeExpressionException">The expression is not understood (the message lists the forms that are).</exception>
    public static TimeRange Range(string expression) => TimeExpressionParser.Parse(expression, DateTimeOffset.Now, TimeZoneInfo.Local);

    /// <summary>--since WHEN: from the start of the range WHEN names.</summary>
    public static DateTimeOffset? Since(string? expression) => expression is null ? null : Range(expression).Start ?? DateTimeOffset.MinValue;

    /// <summary>--until WHEN: up to the end of the range WHEN names (exclusive).</summary>
    public static DateTimeOffset? Until(string? expression) => expression is null ? null : Range(expression).End ?? DateTimeOffset.MaxValue;
}
