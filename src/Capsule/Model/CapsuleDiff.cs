namespace Capsule;

/// <summary>
/// What changed between two points of a capsule's timeline: frames added (and still live at the later
/// point), frames deleted, and frames superseded by a newer version, each listed once. Versions that
/// came and went between the two points are not listed.
/// </summary>
public sealed record CapsuleDiff(
    IReadOnlyList<ulong> Added,
    IReadOnlyList<ulong> Deleted,
    IReadOnlyList<(ulong Old, ulong New)> Superseded);
