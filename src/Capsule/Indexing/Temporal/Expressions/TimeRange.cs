namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>
/// A half-open span of time, <c>[Start, End)</c>, in UTC. A missing side is open: "since March"
/// has no end, "before March" has no start. Half-open ranges tile without overlap, so "today"
/// and "tomorrow" share the midnight instant without both claiming it.
/// </summary>
public readonly record struct TimeRange
{
    /// <exception cref="ArgumentException">Start is after End.</exception>
    public TimeRange(DateTimeOffset? start, DateTimeOffset? end)
    {
        // Normalised to offset zero so two equal ranges compare equal whatever offsets built them.
        Start = start?.ToUniversalTime();
        End = end?.ToUniversalTime();
        if (Start is { } s && End is { } e && s > e)
            throw new ArgumentException($"A time range cannot start ({s:O}) after it ends ({e:O}).", nameof(start));
    }

    /// <summary>Inclusive first instant, or null when the range reaches back without limit.</summary>
    public DateTimeOffset? Start { get; }

    /// <summary>Exclusive end instant, or null when the range reaches forward without limit.</summary>
    public DateTimeOffset? End { get; }

    /// <summary>True when <paramref name="instant"/> lies in <c>[Start, End)</c>.</summary>
    public bool Contains(DateTimeOffset instant) =>
        (Start is not { } s || instant >= s) && (End is not { } e || instant < e);

    /// <summary>Length of a closed range; null when a side is open.</summary>
    public TimeSpan? Duration => Start is { } s && End is { } e ? e - s : null;

    public override string ToString() =>
        $"[{Start?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "-inf"}, " +
        $"{End?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "+inf"})";
}
