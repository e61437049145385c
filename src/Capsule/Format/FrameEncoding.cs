using System.Text;

namespace Capsule.Format;

/// <summary>
/// The bytes of one Smart Frame inside a segment block (FORMAT.md §5):
/// <code>
/// u64  frame id
/// u8   kind (FrameKind)
/// u8   flags: bit0 event time, bit1 parent, bit2 supersedes, bit3 embedding; other bits 0
/// i64  ingested at (µs since the Unix epoch, UTC)
/// [i64 event time µs]   [u64 parent id]   [u64 supersedes id]
/// str  uri, str title, str content type      (str = LEB128 length + UTF-8)
/// LEB  tag count, then per tag: str key, str value
/// LEB  payload length, payload bytes
/// [LEB dimension, dimension × f32 LE]
/// </code>
/// </summary>
internal static class FrameEncoding
{
    public const int MaxUriBytes = 8 * 1024;
    public const int MaxTitleBytes = 64 * 1024;
    public const int MaxContentTypeBytes = 1024;
    public const int MaxTags = 4096;
    public const int MaxTagKeyBytes = 1024;
    public const int MaxTagValueBytes = 64 * 1024;
    public const int MaxPayloadBytes = 1 << 30;
    public const int MaxEmbeddingDimension = 65536;

    private const byte HasEventTime = 1;
    private const byte HasParent = 2;
    private const byte HasSupersedes = 4;
    private const byte HasEmbedding = 8;
    private const byte KnownFlags = HasEventTime | HasParent | HasSupersedes | HasEmbedding;

    /// <summary>
    /// Content types almost every frame repeats: decoding returns these instances instead of a new
    /// string per read (strings are immutable, so sharing them is invisible to callers).
    /// </summary>
    private static readonly (byte[] Utf8, string Value)[] CommonContentTypes =
        [Common("text/plain; charset=utf-8"), Common("application/octet-stream"), Common("application/json"), Common("text/markdown"), Common("text/html")];

    private static (byte[] Utf8, string Value) Common(string value) => (Encoding.UTF8.GetBytes(value), value);

    /// <summary>Checks a draft against the format's limits before anything is written.</summary>
    public static void Validate(FrameDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!FrameKinds.IsDefined((byte)draft.Kind))
        {
            throw new ArgumentException($"frame kind {(byte)draft.Kind} is not defined", nameof(draft));
        }
        CheckString(draft.Uri, MaxUriBytes, "uri");
        CheckString(draft.Title, MaxTitleBytes, "title");
        CheckString(draft.ContentType, MaxContentTypeBytes, "content type");
        var tags = ListSpans.Of(draft.Tags);
        if (tags.Length > MaxTags)
        {
            throw new ArgumentException($"a frame holds at most {MaxTags} tags; got {tags.Length}", nameof(draft));
        }
        foreach (var tag in tags)
        {
            CheckString(tag.Key, MaxTagKeyBytes, "tag key");
            CheckString(tag.Value, MaxTagValueBytes, "tag value");
        }
        // A UTF-16 char is at most 3 UTF-8 bytes, so a text draft that short is under the limit without its bytes
        // being counted here as well as where the frame is encoded.
        if ((draft.PayloadText is not { } text || 3L * text.Length > MaxPayloadBytes) && draft.PayloadLength is var payloadLength
            && payloadLength > MaxPayloadBytes)
        {
            throw new ArgumentException($"payload of {payloadLength} bytes exceeds the {MaxPayloadBytes}-byte limit", nameof(draft));
        }
        if (draft.Embedding is { } e && (e.Length == 0 || e.Length > MaxEmbeddingDimension))
        {
            throw new ArgumentException($"embedding dimension {e.Length} is outside 1..{MaxEmbeddingDimension}", nameof(draft));
        }
    }

    private static void CheckString(string? value, int maxBytes, string what)
    {
        if (value is null)
        {
            throw new ArgumentNullException(what);
        }
        if (Encoding.UTF8.GetByteCount(value) > maxBytes)
        {
            throw new ArgumentException($"{what} exceeds {maxBytes} UTF-8 bytes");
        }
    }

    public static void Encode(ByteWriter w, ulong id, FrameDraft d, long ingestedMicros, ulong? supersedes)
    {
        w.U64(id);
        w.U8((byte)d.Kind);
        byte flags = 0;
        if (d.EventTime is not null) flags |= HasEventTime;
        if (d.ParentId is not null) flags |= HasParent;
        if (supersedes is not null) flags |= HasSupersedes;
        if (d.Embedding is not null) flags |= HasEmbedding;
        w.U8(flags);
        w.I64(ingestedMicros);
        if (d.EventTime is { } t) w.I64(Time.ToMicros(t));
        if (d.ParentId is { } p) w.U64(p);
        if (supersedes is { } s) w.U64(s);
        w.String(d.Uri);
        w.String(d.Title);
        w.String(d.ContentType);
        var tags = ListSpans.Of(d.Tags);
        w.VarU64((ulong)tags.Length);
        foreach (var tag in tags)
        {
            w.String(tag.Key);
            w.String(tag.Value);
        }
        if (d.PayloadText is { } text)
        {
            w.String(text); // the same length-prefixed UTF-8 bytes, encoded in place
        }
        else
        {
            w.LengthPrefixed(d.Payload.Span);
        }
        if (d.Embedding is { } e)
        {
            w.VarU64((ulong)e.Length);
            foreach (var f in e)
            {
                w.F32(f);
            }
        }
    }

    /// <summary>Parses one frame; throws <see cref="FormatViolation"/> on any structural error.</summary>
    public static Frame Decode(ReadOnlySpan<byte> bytes) => Decode(bytes, out _);

    /// <summary>
    /// Parses only the head of a frame, up to its title: what a search hit shows, without copying the
    /// payload or decoding tags and embedding. The fields it reads get the same checks as in <see cref="Decode(ReadOnlySpan{byte}, out ulong)"/>.
    /// </summary>
    public static FrameHead DecodeHead(ReadOnlySpan<byte> bytes, out ulong uriHash)
    {
        var r = new SpanReader(bytes);
        var h = ReadHead(ref r, out uriHash);
        return new FrameHead(h.Id, h.Kind, h.Supersedes, h.Uri, h.Title);
    }

    /// <summary>The fields up to the title, checked; what <see cref="Decode(ReadOnlySpan{byte}, out ulong)"/> and <see cref="DecodeHead"/> share.</summary>
    private readonly record struct Head(ulong Id, FrameKind Kind, byte Flags, DateTimeOffset Ingested, DateTimeOffset? EventTime, ulong? Parent, ulong? Supersedes, string Uri, string Title);

    private static Head ReadHead(ref SpanReader r, out ulong uriHash)
    {
        var id = r.U64();
        var kindByte = r.U8();
        if (!FrameKinds.IsDefined(kindByte))
        {
            FormatViolation.Throw($"frame {id} has undefined kind {kindByte}");
        }
        var flags = r.U8();
        if ((flags & ~KnownFlags) != 0)
        {
            FormatViolation.Throw($"frame {id} has unknown flag bits 0x{flags:X2}");
        }
        var ingested = Time.FromMicros(r.I64());
        DateTimeOffset? eventTime = (flags & HasEventTime) != 0 ? Time.FromMicros(r.I64()) : null;
        ulong? parent = (flags & HasParent) != 0 ? r.U64() : null;
        ulong? supersedes = (flags & HasSupersedes) != 0 ? r.U64() : null;
        var uriBytes = r.LengthPrefixed(MaxUriBytes);
        var uri = r.Utf8(uriBytes);
        uriHash = uriBytes.IsEmpty ? 0 : UriHash.OfUtf8(uriBytes);
        var title = r.String(MaxTitleBytes);
        return new Head(id, (FrameKind)kindByte, flags, ingested, eventTime, parent, supersedes, uri, title);
    }

    /// <summary>
    /// Parses one frame and also returns the uri hash (§7) of its uri bytes, which are valid UTF-8 once
    /// decoded, so they are exactly the bytes <see cref="UriHash.Of"/> would encode the string to.
    /// </summary>
    public static Frame Decode(ReadOnlySpan<byte> bytes, out ulong uriHash) => Decode(bytes, default, out uriHash);

    /// <summary>
    /// Parses one frame whose payload stays a slice of <paramref name="bytes"/> instead of a copy: for
    /// callers that hold the encoded frame anyway and read each frame more than once (index builds over a
    /// commit's pending frames), where the copies were most of the allocation.
    /// </summary>
    public static Frame DecodeSharingPayload(ReadOnlyMemory<byte> bytes) => Decode(bytes.Span, bytes, out _);

    private static Frame Decode(ReadOnlySpan<byte> bytes, ReadOnlyMemory<byte> shared, out ulong uriHash)
    {
        var r = new SpanReader(bytes);
        var (id, kind, flags, ingested, eventTime, parent, supersedes, uri, title) = ReadHead(ref r, out uriHash);
        var contentType = r.CommonString(MaxContentTypeBytes, CommonContentTypes);
        var tagCount = r.Length(MaxTags);
        var tags = tagCount == 0 ? Array.Empty<KeyValuePair<string, string>>() : new KeyValuePair<string, string>[tagCount];
        for (var i = 0; i < tagCount; i++)
        {
            var key = r.String(MaxTagKeyBytes);
            tags[i] = new KeyValuePair<string, string>(key, r.String(MaxTagValueBytes));
        }
        var payloadLength = r.Length(MaxPayloadBytes);
        var payloadStart = r.Position;
        var payloadSpan = r.Take(payloadLength);
        ReadOnlyMemory<byte> payload = shared.IsEmpty ? payloadSpan.ToArray() : shared.Slice(payloadStart, payloadLength);
        float[]? embedding = null;
        if ((flags & HasEmbedding) != 0)
        {
            var dimension = r.Length(MaxEmbeddingDimension);
            if (dimension == 0 || (long)dimension * 4 > r.Remaining)
            {
                FormatViolation.Throw($"frame {id} embedding dimension {dimension} does not fit the remaining {r.Remaining} bytes");
            }
            embedding = new float[dimension];
            for (var i = 0; i < dimension; i++)
            {
                embedding[i] = r.F32();
            }
        }
        if (!r.AtEnd)
        {
            r.ExpectEnd($"frame {id}"); // formats the message only when it is needed: this runs on every read
        }
        return new Frame(id, kind, ingested, eventTime, uri, title, contentType, tags, payload, parent, supersedes, embedding);
    }
}
