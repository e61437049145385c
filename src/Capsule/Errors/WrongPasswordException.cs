namespace Capsule;

/// <summary>
/// The password does not open this capsule: the key derived from it does not authenticate the
/// wrapped data key. (A tampered key record looks the same to the cipher, and gets the same error:
/// ChaCha20-Poly1305 cannot tell a wrong key from changed bytes.)
/// </summary>
public sealed class WrongPasswordException : CapsuleException
{
    public WrongPasswordException(string? path = null, Exception? inner = null)
        : base("wrong password", path, inner: inner)
    {
    }
}
