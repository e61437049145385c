namespace Capsule;

/// <summary>What <c>Capsule.Verify</c> found: every record, checksum, block and frame was read.</summary>
public sealed record VerifyReport
{
    public required string Path { get; init; }
    public required IReadOnlyList<VerifyProblem> Problems { get; init; }
    public required int Records { get; init; }
    public required ulong Commits { get; init; }
    public required int Segments { get; init; }
    public required ulong Frames { get; init; }
    public required long TornTailBytes { get; init; }
    public bool Ok => Problems.Count == 0;
}

/// <summary>One damaged place: its offset, the kind of record there, and what is wrong.</summary>
public sealed record VerifyProblem(long Offset, string RecordKind, string Message)
{
    public override string ToString() => $"offset {Offset}: {RecordKind}: {Message}";
}
