namespace Capsule;

/// <summary>
/// Conditions a search result must meet, combined with AND and with any query: tags equal to values,
/// a uri prefix, a frame kind, a time range. The empty filter accepts every live frame.
/// </summary>
public sealed record SearchFilter
{
    /// <summary>Each (key, value) must be one of the frame's tags.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    /// <summary>The frame's uri starts with this (ordinal); null for any.</summary>
    public string? UriPrefix { get; init; }

    public FrameKind? Kind { get; init; }

    /// <summary>Inclusive start of the time range, on <see cref="TimeField"/>.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive end of the time range.</summary>
    public DateTimeOffset? Until { get; init; }

    public TimeField TimeField { get; init; } = TimeField.Ingested;

    public static SearchFilter None { get; } = new();

    /// <summary>True when the filter looks at more than the frame kind (it must read the frame).</summary>
    internal bool NeedsFrame => Tags.Count > 0 || UriPrefix is not null || From is not null || Until is not null;

    internal bool IsEmpty => !NeedsFrame && Kind is null;

    internal bool Matches(Frame frame)
    {
        if (Kind is { } kind && frame.Kind != kind) return false;
        if (UriPrefix is not null && !frame.Uri.StartsWith(UriPrefix, StringComparison.Ordinal)) return false;
        foreach (var (key, value) in Tags)
        {
            if (!frame.Tags.Any(t => t.Key == key && t.Value == value)) return false;
        }
        if (From is not null || Until is not null)
        {
            var time = TimeField == TimeField.Event ? frame.EventTime : frame.IngestedAt;
            if (time is not { } t || (From is { } from && t < from) || (Until is { } until && t >= until)) return false;
        }
        return true;
    }
}
