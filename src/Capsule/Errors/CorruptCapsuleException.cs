namespace Capsule;

/// <summary>
/// Bytes that a commit depends on fail their checksum or their structure rules. Committed data is
/// never silently replaced: the caller learns the offset and what was expected there.
/// </summary>
public sealed class CorruptCapsuleException : CapsuleException
{
    public CorruptCapsuleException(string message, string? path, long offset, string? recordKind = null, Exception? inner = null)
        : base(recordKind is null ? message : $"{recordKind} record: {message}", path, offset, inner)
    {
        RecordKind = recordKind;
    }

    /// <summary>The kind of record that is damaged ("segment", "commit", ...), when known.</summary>
    public string? RecordKind { get; }
}
