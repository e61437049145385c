namespace Capsule;

/// <summary>
/// The capsule was written by a newer format version, or uses a feature this reader must understand
/// but does not. Nothing is modified; upgrade Capsule to open it.
/// </summary>
public sealed class UnsupportedFormatException : CapsuleException
{
    public UnsupportedFormatException(string message, string? path, long offset) : base(message, path, offset) { }
}
