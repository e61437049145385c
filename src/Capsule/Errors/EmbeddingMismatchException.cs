namespace Capsule;

/// <summary>
/// An embedding does not match the capsule's binding (dimension or model): mixing them would make
/// every distance meaningless, so the put is refused and nothing is written.
/// </summary>
public sealed class EmbeddingMismatchException : ArgumentException
{
    public EmbeddingMismatchException(string message) : base(message) { }
}
