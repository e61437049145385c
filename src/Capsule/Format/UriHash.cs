using System.Text;

namespace Capsule.Format;

/// <summary>
/// FNV-1a 64-bit over the uri's UTF-8 bytes (offset basis 0xCBF29CE484222325, prime 0x100000001B3),
/// the key of the persisted uri tables (FORMAT.md §7). Collisions are allowed: a lookup compares the
/// frame's stored uri before it answers.
/// </summary>
internal static class UriHash
{
    public static ulong Of(string uri)
    {
        Span<byte> small = stackalloc byte[256];
        var count = Encoding.UTF8.GetByteCount(uri);
        var bytes = count <= small.Length ? small[..count] : new byte[count];
        Encoding.UTF8.GetBytes(uri, bytes);
        return OfUtf8(bytes);
    }

    /// <summary>The hash of a uri given as its UTF-8 bytes.</summary>
    public static ulong OfUtf8(ReadOnlySpan<byte> bytes)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }
}
