using System.Text;

namespace Capsule.Benchmarks;

/// <summary>
/// Deterministic synthetic facts: English-like words drawn from a small vocabulary with a fixed seed,
/// padded or cut to an exact UTF-8 length. Text like this compresses roughly as real notes do (a few
/// hundred distinct words), unlike random bytes (incompressible) or one repeated string (free).
/// </summary>
public static class Facts
{
    public const int Seed = 20240607;

    private static readonly string[] Words =
    [
        "user", "prefers", "dark", "mode", "meeting", "moved", "to", "tuesday", "the", "build", "server",
        "runs", "on", "port", "deploy", "failed", "because", "of", "a", "missing", "secret", "customer",
        "asked", "about", "invoice", "number", "project", "deadline", "is", "next", "friday", "team",
        "lead", "approved", "budget", "for", "quarter", "database", "migration", "finished", "at", "noon",
        "alice", "bob", "carol", "dave", "likes", "coffee", "without", "sugar", "ticket", "closed", "after",
        "review", "latency", "dropped", "by", "percent", "cache", "hit", "rate", "rose", "release", "notes",
        "mention", "new", "api", "endpoint", "and", "fixed", "crash", "in", "parser", "when", "input", "empty",
    ];

    /// <summary>Fact <paramref name="index"/> as exactly <paramref name="bytes"/> ASCII characters.</summary>
    public static string Make(long index, int bytes)
    {
        var random = new Random(unchecked((int)(Seed ^ index * 2654435761L)));
        var sb = new StringBuilder(bytes + 16);
        sb.Append("fact ").Append(index).Append(':');
        while (sb.Length < bytes)
        {
            sb.Append(' ').Append(Words[random.Next(Words.Length)]);
        }
        sb.Length = bytes;
        return sb.ToString();
    }

    /// <summary>Pre-built drafts, so benchmarks time Put rather than string building.</summary>
    public static FrameDraft[] Drafts(int count, int bytes, long firstIndex = 0, bool withUri = false)
    {
        var drafts = new FrameDraft[count];
        for (var i = 0; i < count; i++)
        {
            var index = firstIndex + i;
            drafts[i] = new FrameDraft(Make(index, bytes)) { Kind = FrameKind.Fact, Uri = withUri ? UriOf(index) : "" };
        }
        return drafts;
    }

    public static string UriOf(long index) => $"fact/{index}";

    /// <summary>Random ids in [0, count) from a fixed seed, so every run reads the same sequence.</summary>
    public static ulong[] RandomIds(int reads, ulong count, int seed = Seed)
    {
        var random = new Random(seed);
        var ids = new ulong[reads];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = (ulong)random.NextInt64((long)count);
        }
        return ids;
    }
}
