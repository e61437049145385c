namespace Capsule;

/// <summary>
/// Base of the small family of errors Capsule throws for bad input, bad bytes or a busy file.
/// It derives from <see cref="IOException"/> so callers that already handle I/O failures keep working.
/// </summary>
public class CapsuleException : IOException
{
    public CapsuleException(string message, string? path = null, long? offset = null, Exception? inner = null)
        : base(Compose(message, path, offset), inner)
    {
        FilePath = path;
        Offset = offset;
    }

    /// <summary>The capsule file the error is about, when known.</summary>
    public string? FilePath { get; }

    /// <summary>The byte offset in the file the error is about, when known.</summary>
    public long? Offset { get; }

    private static string Compose(string message, string? path, long? offset)
    {
        var where = (path, offset) switch
        {
            (null, null) => "",
            (null, long o) => $" (at offset {o})",
            (string p, null) => $" ({p})",
            (string p, long o) => $" ({p}, at offset {o})",
        };
        return message + where;
    }
}
