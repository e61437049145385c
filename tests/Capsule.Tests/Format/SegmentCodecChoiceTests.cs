using Capsule.Codecs;
using Capsule.Format;

namespace Capsule.Tests.Format;

/// <summary>
/// The codec a segment gets when its trials only sample it: past the sample budget the dictionary
/// candidate is still tried (and wins) for many small, alike records, and is skipped for large text
/// frames, where one Zstandard frame per block already compresses better than a dictionary can.
/// </summary>
public sealed class SegmentCodecChoiceTests
{
    [Fact]
    public void Small_alike_records_past_the_sample_budget_still_get_a_trained_dictionary()
    {
        // 6,000 facts of about 110 bytes: 700 KB, well past the 256 KiB the trials sample.
        var frames = new List<SegmentFrame>();
        var random = new Random(7);
        string[] names = ["alice", "bob", "carol", "dave", "erin", "frank"];
        string[] verbs = ["prefers", "reported", "closed", "reopened", "assigned", "reviewed"];
        for (var i = 0; i < 6_000; i++)
        {
            var text = $"{{\"user\":\"{names[random.Next(names.Length)]}\",\"action\":\"{verbs[random.Next(verbs.Length)]}\",\"ticket\":{random.Next(100_000)},\"at\":\"2026-11-{1 + random.Next(28):00}\"}}";
            frames.Add(Frame(i, text, "fact/" + i));
        }

        // 4 KiB blocks, the dictionary's own block size: plain Zstandard then sees as little context per
        // block as the dictionary candidate does, and the dictionary is what makes such blocks compress.
        var built = SegmentBuilder.Build(frames, 4 * 1024, 3);

        Assert.True(built.RawBytes > 256 * 1024, $"{built.RawBytes} raw bytes: the test must exceed the sample budget");
        Assert.Equal(CodecId.ZstdDictionary, built.Codec);
    }

    [Fact]
    public void Large_text_frames_past_the_sample_budget_get_plain_zstd()
    {
        var frames = new List<SegmentFrame>();
        var random = new Random(11);
        string[] words = ["memory", "capsule", "frame", "segment", "the", "of", "agent", "knows", "when", "index", "wing", "pressure"];
        for (var i = 0; i < 400; i++)
        {
            var text = string.Join(' ', Enumerable.Range(0, 300).Select(_ => words[random.Next(words.Length)]));
            frames.Add(Frame(i, text, "doc/" + i));
        }

        var built = SegmentBuilder.Build(frames, 16 * 1024, 3);

        Assert.True(built.RawBytes > 256 * 1024);
        Assert.Equal(CodecId.Zstd, built.Codec);
    }

    private static SegmentFrame Frame(int id, string text, string uri)
    {
        var writer = new ByteWriter();
        FrameEncoding.Encode(writer, (ulong)id, new FrameDraft(text) { Uri = uri }, 1, null);
        return new SegmentFrame((ulong)id, writer.ToArray(), FrameKind.Document, uri, null);
    }
}
