namespace Capsule;

/// <summary>The file does not start with the capsule magic bytes (or is too short to hold a superblock).</summary>
public sealed class NotACapsuleException : CapsuleException
{
    public NotACapsuleException(string message, string? path) : base(message, path, 0) { }
}
