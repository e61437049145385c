using System.Globalization;

namespace Capsule;

/// <summary>Which kind of point an <see cref="AsOf"/> names.</summary>
public enum AsOfKind
{
    /// <summary>The state a commit made durable.</summary>
    Commit,

    /// <summary>The state right after a frame was written.</summary>
    Frame,

    /// <summary>The newest commit made at or before an instant.</summary>
    Time,
}

/// <summary>
/// A point in a capsule's timeline, for <see cref="Capsule.OpenAsOf(string, AsOf, CapsuleOptions?)"/>:
/// a commit (<c>@3</c>), a frame id (<c>42</c>: frames 0..42 with their effects, so a frame deleted or
/// superseded by a later frame is still live), or a time (the newest commit made at or before it).
/// </summary>
public sealed record AsOf
{
    /// <summary>The forms <see cref="Parse"/> understands, for error messages and help texts.</summary>
    public const string Forms = "@COMMIT (a commit sequence, e.g. @3), FRAME-ID (a frame id, e.g. 42) or ISO-TIME (an ISO-8601 time, e.g. 2026-01-02T03:04:05Z)";

    // 'T' times down to 100 ns with an optional offset (K: none, Z or ±hh:mm), and plain dates.
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-ddK",
    ];

    private AsOf(AsOfKind kind, ulong number, DateTimeOffset instant)
    {
        Kind = kind;
        Number = number;
        Instant = instant;
    }

    public AsOfKind Kind { get; }

    /// <summary>The commit sequence (<see cref="AsOfKind.Commit"/>) or frame id (<see cref="AsOfKind.Frame"/>); 0 for a time.</summary>
    public ulong Number { get; }

    /// <summary>The instant of a <see cref="AsOfKind.Time"/> point.</summary>
    public DateTimeOffset Instant { get; }

    /// <summary>The state commit <paramref name="sequence"/> made durable; commit 0 is the empty capsule before the first commit.</summary>
    public static AsOf Commit(ulong sequence) => new(AsOfKind.Commit, sequence, default);

    /// <summary>The state right after frame <paramref name="frameId"/> was written: frames 0..id and their effects.</summary>
    public static AsOf Frame(ulong frameId) => new(AsOfKind.Frame, frameId, default);

    /// <summary>The newest commit whose committed-at time is at or before <paramref name="instant"/> (empty before the first commit).</summary>
    public static AsOf Time(DateTimeOffset instant) => new(AsOfKind.Time, 0, instant);

    /// <summary>Reads <c>@N</c> (commit N), a plain unsigned integer (a frame id) or an ISO-8601 time (UTC when it has no offset).</summary>
    /// <exception cref="FormatException">The text is none of these forms.</exception>
    public static AsOf Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith('@') && TryParseNumber(trimmed[1..], out var sequence))
        {
            return Commit(sequence);
        }
        if (TryParseNumber(trimmed, out var frameId))
        {
            return Frame(frameId);
        }
        if (DateTimeOffset.TryParseExact(trimmed, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return Time(instant);
        }
        throw new FormatException($"'{text}' is not a point in the timeline; use {Forms}");
    }

    /// <summary>The form <see cref="Parse"/> reads back.</summary>
    public override string ToString() => Kind switch
    {
        AsOfKind.Commit => $"@{Number}",
        AsOfKind.Frame => Number.ToString(CultureInfo.InvariantCulture),
        _ => Instant.ToString("O", CultureInfo.InvariantCulture),
    };

    // NumberStyles.None: no sign, no spaces, no thousands separators, so "-1" or "1,000" are not ids.
    private static bool TryParseNumber(string text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
