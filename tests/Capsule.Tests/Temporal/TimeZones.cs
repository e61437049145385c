namespace Capsule.Tests.Temporal;

/// <summary>
/// Looks up IANA zones and fails loudly when one is missing: a skipped daylight-saving test would
/// hide exactly the bugs this suite exists to catch.
/// </summary>
internal static class TimeZones
{
    public static TimeZoneInfo Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException e)
        {
            throw new InvalidOperationException(
                $"Time zone '{id}' is not installed on this machine; install tzdata (/usr/share/zoneinfo) to run the temporal tests.", e);
        }
    }
}
