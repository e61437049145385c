namespace Capsule;

/// <summary>A native library Capsule needs (libzstd, liblz4, libsodium) could not be loaded.</summary>
public sealed class NativeLibraryMissingException : CapsuleException
{
    public NativeLibraryMissingException(string library, IEnumerable<string> triedNames, string installHint)
        : base($"native library '{library}' could not be loaded (tried: {string.Join(", ", triedNames)}); {installHint}")
    {
        Library = library;
    }

    /// <summary>The logical library name, e.g. "zstd".</summary>
    public string Library { get; }
}
