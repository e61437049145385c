using System.Text;
using Capsule.Format;

namespace Capsule.Tests.Model;

public sealed class FrameDraftTests
{
    private static byte[] Encoded(FrameDraft draft)
    {
        var writer = new ByteWriter();
        FrameEncoding.Validate(draft);
        FrameEncoding.Encode(writer, 7, draft, 11, null);
        return writer.WrittenSpan.ToArray();
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain ASCII text")]
    [InlineData("héllo wörld, 東京, 𝐀")]
    [InlineData("a lone surrogate \uD800 and one reversed \uDC00\uD800")] // both become U+FFFD, as Encoding.UTF8 makes them
    public void A_text_draft_writes_the_frame_its_UTF8_bytes_as_payload_write(string text)
    {
        // The writer encodes a text draft's text straight into the frame; the frame must be the one written from
        // the same bytes given as the payload.
        var fromText = new FrameDraft(text) { Uri = "doc/1", Title = "t" };
        var fromBytes = new FrameDraft { Payload = Encoding.UTF8.GetBytes(text), ContentType = "text/plain; charset=utf-8", Uri = "doc/1", Title = "t" };
        Assert.Equal(Encoded(fromBytes), Encoded(fromText));
        Assert.Equal(Encoding.UTF8.GetBytes(text), fromText.Payload.ToArray());
    }

    [Fact]
    public void A_payload_given_to_a_text_draft_replaces_the_text()
    {
        var draft = new FrameDraft("text") with { Payload = new byte[] { 1, 2, 3 } };
        Assert.Equal([1, 2, 3], draft.Payload.ToArray());
        var frame = FrameEncoding.Decode(Encoded(draft));
        Assert.Equal([1, 2, 3], frame.Payload.ToArray());
    }

    [Fact]
    public void Null_text_is_refused() => Assert.Throws<ArgumentNullException>(() => new FrameDraft((string)null!));
}
