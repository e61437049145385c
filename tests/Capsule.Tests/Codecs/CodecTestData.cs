using System.Text;

namespace Capsule.Tests.Codecs;

/// <summary>Seeded inputs for codec tests: the same seed always gives the same bytes.</summary>
internal static class CodecTestData
{
    private static readonly string[] s_words =
    [
        "memory", "capsule", "segment", "frame", "commit", "index", "vector", "the", "a", "of",
        "search", "agent", "document", "chunk", "time", "branch", "rewind", "query", "and", "to",
    ];

    /// <summary>Incompressible bytes.</summary>
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Word-like ASCII text, which every codec should shrink.</summary>
    public static byte[] Text(int length, int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(length + 16);
        while (builder.Length < length)
        {
            builder.Append(s_words[random.Next(s_words.Length)]).Append(random.Next(12) == 0 ? ".\n" : " ");
        }

        return Encoding.ASCII.GetBytes(builder.ToString(0, length));
    }

    /// <summary>A small JSON record shaped like a capsule frame's metadata: similar keys, varying values.</summary>
    public static byte[] JsonSample(int index, int seed)
    {
        var random = new Random(HashCode.Combine(index, seed));
        var word = s_words[random.Next(s_words.Length)];
        var json = $$"""
            {"frame_id":{{index}},"kind":"{{(index % 3 == 0 ? "document" : "chunk")}}","uri":"mv://notes/{{word}}/{{random.Next(1000)}}","title":"Notes about {{word}} {{s_words[random.Next(s_words.Length)]}}","tags":{"project":"capsule","author":"agent-{{random.Next(8)}}"},"ingested_at":"2025-0{{1 + random.Next(9)}}-1{{random.Next(10)}}T12:{{10 + random.Next(50)}}:00Z","content_type":"text/markdown"}
            """;
        return Encoding.UTF8.GetBytes(json);
    }

    public static List<ReadOnlyMemory<byte>> JsonSamples(int count, int seed)
    {
        var samples = new List<ReadOnlyMemory<byte>>(count);
        for (var i = 0; i < count; i++)
        {
            samples.Add(JsonSample(i, seed));
        }

        return samples;
    }
}
