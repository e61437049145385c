using Capsule.Format;

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
