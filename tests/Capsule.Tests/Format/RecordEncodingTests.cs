using Capsule.Engine;
using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Tests.Format;

public sealed class RecordEncodingTests
{
    [Fact]
    public void FrameRoundTripsEveryField()
    {
        var draft = new FrameDraft("héllo wörld")
        {
            Kind = FrameKind.Chunk,
            Uri = "doc/ü",
            Title = "Title",
            Tags = [new("k", "v"), new("k", "w")],
            EventTime = new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero),
            ParentId = 3,
            Embedding = [1.5f, -2f, float.Epsilon],
        };
        var w = new ByteWriter();
        FrameEncoding.Encode(w, 9, draft, 1_700_000_000_000_000, 4);
        var frame = FrameEncoding.Decode(w.WrittenSpan);
        Assert.Equal((9UL, FrameKind.Chunk, "doc/ü", "Title", "héllo wörld"), (frame.Id, frame.Kind, frame.Uri, frame.Title, frame.Text));
        Assert.Equal(draft.Tags, frame.Tags);
        Assert.Equal(draft.EventTime, frame.EventTime);
        Assert.Equal((3UL, 4UL), (frame.ParentId!.Value, frame.SupersedesId!.Value));
        Assert.Equal(draft.Embedding, frame.Embedding);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), frame.IngestedAt);
    }

    [Fact]
    public void A_frame_decoded_sharing_its_payload_equals_the_copying_decode()
    {
        var w = new ByteWriter();
        FrameEncoding.Encode(w, 2, new FrameDraft("shared payload") { Uri = "u", Title = "t", Embedding = [1f, 2f] }, 5, null);
        var bytes = w.WrittenMemory;
        var shared = FrameEncoding.DecodeSharingPayload(bytes);
        var copied = FrameEncoding.Decode(bytes.Span);
        Assert.Equal((copied.Id, copied.Uri, copied.Title, copied.Text), (shared.Id, shared.Uri, shared.Title, shared.Text));
        Assert.Equal(copied.Embedding, shared.Embedding);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(shared.Payload, out var segment) && segment.Offset > 0,
            "the payload is a slice of the encoded frame");
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(70_000, 0)]
    [InlineData(40_000, 50_000)]
    [InlineData(200_000, 3)]
    public void A_record_appended_in_two_parts_is_the_framed_concatenation(int headLength, int tailLength)
    {
        var random = new Random(headLength + tailLength);
        var head = new byte[headLength];
        var tail = new byte[tailLength];
        random.NextBytes(head);
        random.NextBytes(tail);
        var device = new MemoryDevice("two-part");
        device.Write(0, new byte[4096 + 17]); // records sit at arbitrary offsets; the CRC is seeded with it
        var offset = RecordIO.Append(device, RecordKind.Segment, head, tail);
        Assert.Equal(4096 + 17, offset);
        var expected = RecordFraming.Frame(RecordKind.Segment, [.. head, .. tail], offset);
        Assert.True(device.ToArray().AsSpan((int)offset).SequenceEqual(expected));
    }

    [Fact]
    public void FrameDecoderRejectsUnknownFlagsTrailingBytesAndTruncation()
    {
        var w = new ByteWriter();
        FrameEncoding.Encode(w, 1, new FrameDraft("x"), 0, null);
        var bytes = w.ToArray();
        var flags = (byte[])bytes.Clone();
        flags[9] = 0x80;
        Assert.Throws<FormatViolation>(() => FrameEncoding.Decode(flags));
        Assert.Throws<FormatViolation>(() => FrameEncoding.Decode([.. bytes, 0]));
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Throws<FormatViolation>(() => FrameEncoding.Decode(bytes.AsSpan(0, cut)));
        }
    }

    [Fact]
    public void FrameLimitsAreCheckedBeforeWriting()
    {
        Assert.Throws<ArgumentException>(() => FrameEncoding.Validate(new FrameDraft("x") { Uri = new string('u', FrameEncoding.MaxUriBytes + 1) }));
        Assert.Throws<ArgumentException>(() => FrameEncoding.Validate(new FrameDraft("x") { Embedding = [] }));
        Assert.Throws<ArgumentException>(() => FrameEncoding.Validate(new FrameDraft("x") { Kind = (FrameKind)77 }));
    }

    [Fact]
    public void CommitRecordRoundTripsAndRejectsBadStructure()
    {
        var commit = new CommitRecord(2, 8192, 5, 3, 7, 4, 1, 1, [9000L], [8500L], [new("main", 7)]);
        var decoded = CommitRecord.Decode(commit.Encode());
        Assert.Equal((commit.Sequence, commit.ParentOffset, commit.NextFrameId), (decoded.Sequence, decoded.ParentOffset, decoded.NextFrameId));
        Assert.Equal(commit.Segments, decoded.Segments);
        Assert.Equal(commit.Runs, decoded.Runs);
        Assert.Equal(commit.Heads, decoded.Heads);
        Assert.Throws<FormatViolation>(() => CommitRecord.Decode([.. commit.Encode(), 0]));
        Assert.Throws<FormatViolation>(() => CommitRecord.Decode((commit with { Sequence = 1 }).Encode())); // first commit with a parent
        Assert.Throws<FormatViolation>(() => CommitRecord.Decode((commit with { Segments = [100L] }).Encode())); // inside the superblocks
    }

    [Fact]
    public void VarIntRejectsOverlongEncodings()
    {
        byte[] overlong = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F];
        Assert.Throws<FormatViolation>(() => new SpanReader(overlong).VarU64());
        var w = new ByteWriter();
        w.VarU64(ulong.MaxValue);
        Assert.Equal(ulong.MaxValue, new SpanReader(w.WrittenSpan).VarU64());
    }
}
