namespace Capsule;

/// <summary>Another writer (in this or another process) holds the capsule's writer lock.</summary>
public sealed class CapsuleLockedException : CapsuleException
{
    public CapsuleLockedException(string message, string? path, int? holderProcessId)
        : base(message, path)
    {
        HolderProcessId = holderProcessId;
    }

    /// <summary>The process that holds the lock, when the operating system reports it.</summary>
    public int? HolderProcessId { get; }
}
