namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>
/// Units a count can name. Minutes and hours are elapsed time; days and larger are calendar
/// steps on the local wall clock, so "1 day" across spring-forward is 23 elapsed hours.
/// </summary>
internal enum TimeUnit
{
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}
