using System.Text;

namespace Capsule;

/// <summary>
/// A Smart Frame: the immutable unit of memory. Frame ids are dense and start at 0; a frame never
/// changes after it is written. Updates write a new frame that supersedes the old one; deletes
/// write a tombstone frame.
/// </summary>
public sealed class Frame
{
    internal Frame(
        ulong id, FrameKind kind, DateTimeOffset ingestedAt, DateTimeOffset? eventTime, string uri, string title,
        string contentType, IReadOnlyList<KeyValuePair<string, string>> tags, ReadOnlyMemory<byte> payload,
        ulong? parentId, ulong? supersedesId, float[]? embedding)
    {
        Id = id;
        Kind = kind;
        IngestedAt = ingestedAt;
        EventTime = eventTime;
        Uri = uri;
        Title = title;
        ContentType = contentType;
        Tags = tags;
        Payload = payload;
        ParentId = parentId;
        SupersedesId = supersedesId;
        Embedding = embedding;
    }

    public ulong Id { get; }

    public FrameKind Kind { get; }

    /// <summary>When the frame was put (the capsule's clock), to the microsecond.</summary>
    public DateTimeOffset IngestedAt { get; }

    /// <summary>When the thing the frame describes happened, if the caller said.</summary>
    public DateTimeOffset? EventTime { get; }

    /// <summary>The frame's address; empty when the frame has none. At most one live frame has a given uri.</summary>
    public string Uri { get; }

    public string Title { get; }

    public string ContentType { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The payload decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);

    /// <summary>The document a chunk belongs to.</summary>
    public ulong? ParentId { get; }

    /// <summary>The earlier frame this one replaces (an update), or deletes (a tombstone).</summary>
    public ulong? SupersedesId { get; }

    public float[]? Embedding { get; }

    /// <summary>The value of the first tag with this key, or null.</summary>
    public string? Tag(string key)
    {
        foreach (var tag in Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }
        return null;
    }

    public override string ToString() => $"frame {Id} ({Kind}) {Uri}";
}
