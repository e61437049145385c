using System.Text;

namespace Capsule;

/// <summary>What a caller gives <c>Put</c> or <c>Update</c>: everything a frame holds except its id and ingest time.</summary>
public sealed record FrameDraft
{
    public FrameDraft()
    {
    }

    /// <summary>A text frame: the payload is the UTF-8 bytes of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public FrameDraft(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
        ContentType = "text/plain; charset=utf-8";
    }

    // The text a text draft was made from, until a payload is given: the writer encodes it straight into the frame
    // (FrameEncoding), so a put of text makes no array of its bytes to copy from. Made first, those arrays were a
    // tenth of a bulk import's puts and all of its garbage.
    private readonly string? _text;
    private ReadOnlyMemory<byte> _payload;

    public FrameKind Kind { get; init; } = FrameKind.Document;

    public string Uri { get; init; } = "";

    public string Title { get; init; } = "";

    public string ContentType { get; init; } = "application/octet-stream";

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    /// <summary>The payload (a text draft's UTF-8 bytes are made at the first read).</summary>
    public ReadOnlyMemory<byte> Payload
    {
        get => _text is null || !_payload.IsEmpty ? _payload : _payload = Encoding.UTF8.GetBytes(_text);
        init
        {
            _payload = value;
            _text = null;
        }
    }

    /// <summary>The text whose UTF-8 bytes are the payload, when the draft was made from text and given no other payload.</summary>
    internal string? PayloadText => _text;

    /// <summary>The payload's length in bytes, without making the bytes of a text draft.</summary>
    internal int PayloadLength => _text is null ? _payload.Length : Encoding.UTF8.GetByteCount(_text);

    public DateTimeOffset? EventTime { get; init; }

    public ulong? ParentId { get; init; }

    public float[]? Embedding { get; init; }
}
