using System.Globalization;
using System.Text.Unicode;

namespace Capsule.Cli;

/// <summary>Parses what users type for a frame's kind, tags, event time and content type.</summary>
internal static class FrameFields
{
    public const string TextContentType = "text/plain; charset=utf-8";

    /// <summary>The kinds a user may put; tombstones are written only by delete.</summary>
    private static readonly FrameKind[] UserKinds = [FrameKind.Document, FrameKind.Chunk, FrameKind.Fact, FrameKind.Event, FrameKind.Note];

    /// <exception cref="ArgumentException">Not one of the user kinds.</exception>
    public static FrameKind ParseKind(string value)
    {
        // Matched by name only: Enum.TryParse would also accept "3" or "tombstone".
        foreach (var kind in UserKinds)
        {
            if (string.Equals(kind.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        throw new ArgumentException($"unknown kind '{value}'; use one of: {string.Join(", ", UserKinds.Select(Name))}");
    }

    public static string Name(FrameKind kind) => kind.ToString().ToLowerInvariant();

    /// <exception cref="ArgumentException">Not of the form key=value with a non-empty key.</exception>
    public static KeyValuePair<string, string> ParseTag(string value)
    {
        var equals = value.IndexOf('=');
        if (equals <= 0)
        {
            throw new ArgumentException($"tag '{value}' is not of the form key=value");
        }
        return new(value[..equals], value[(equals + 1)..]);
    }

    /// <summary>An ISO-8601 time; without an offset it is taken as UTC, so results do not depend on the machine's zone.</summary>
    /// <exception cref="FormatException">Not an ISO-8601 time.</exception>
    public static DateTimeOffset ParseTime(string value)
    {
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            && LooksIso(value))
        {
            return time;
        }
        throw new FormatException($"'{value}' is not an ISO-8601 time (e.g. 2025-03-14 or 2025-03-14T09:30:00Z)");
    }

    /// <summary>Unix seconds (fractions allowed) as a time.</summary>
    /// <exception cref="FormatException">Outside the years 1..9999.</exception>
    public static DateTimeOffset FromUnixSeconds(double seconds)
    {
        const double MinSeconds = -62_135_596_800, MaxSeconds = 253_402_300_799;
        if (!(seconds >= MinSeconds && seconds <= MaxSeconds))
        {
            throw new FormatException($"{seconds} unix seconds is outside the years 1..9999");
        }
        return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }

    /// <summary>
    /// The invariant culture also accepts forms like "3/14/2025" or "March 14"; requiring a leading
    /// yyyy-MM-dd keeps --time and imported times unambiguous.
    /// </summary>
    private static bool LooksIso(string value) =>
        value.Length >= 10 && char.IsAsciiDigit(value[0]) && char.IsAsciiDigit(value[3]) && value[4] == '-' && value[7] == '-';

    public static string ContentTypeForFile(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".txt" or ".md" => TextContentType,
        ".json" => "application/json",
        _ => "application/octet-stream",
    };

    /// <summary>Bytes piped in on stdin are text when they decode as UTF-8, and opaque otherwise.</summary>
    public static string ContentTypeForBytes(byte[] bytes) => Utf8.IsValid(bytes) ? TextContentType : "application/octet-stream";

    public static bool IsText(string contentType) =>
        contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
}
