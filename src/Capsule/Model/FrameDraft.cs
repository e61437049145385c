using System.Text;

namespace Capsule;

/// <summary>What a caller gives <c>Put</c> or <c>Update</c>: everything a frame holds except its id and ingest time.</summary>
public sealed record FrameDraft
{
    public FrameDraft()
    {
    }

    /// <summary>A text frame: the payload is the UTF-8 bytes of <paramref name="text"/>.</summary>
    public FrameDraft(string text)
    {
        Payload = Encoding.UTF8.GetBytes(text);
        ContentType = "text/plain; charset=utf-8";
    }

    public FrameKind Kind { get; init; } = FrameKind.Document;

    public string Uri { get; init; } = "";

    public string Title { get; init; } = "";

    public string ContentType { get; init; } = "application/octet-stream";

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    public ReadOnlyMemory<byte> Payload { get; init; }

    public DateTimeOffset? EventTime { get; init; }

    public ulong? ParentId { get; init; }

    public float[]? Embedding { get; init; }
}
