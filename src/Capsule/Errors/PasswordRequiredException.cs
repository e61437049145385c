namespace Capsule;

/// <summary>
/// The capsule is encrypted and no password was given (<see cref="CapsuleOptions.Password"/>), or a
/// password was given for a capsule that is not encrypted.
/// </summary>
public sealed class PasswordRequiredException : CapsuleException
{
    public PasswordRequiredException(string message, string? path = null)
        : base(message, path)
    {
    }
}
