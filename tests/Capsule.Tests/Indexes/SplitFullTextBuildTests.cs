using Capsule.Engine.Indexes;
using Capsule.Format;
using Capsule.Tests.Lexical.Index;

namespace Capsule.Tests.Indexes;

/// <summary>
/// A bulk seal builds the full-text index in parts on several threads and merges them; the payload must be
/// the one a single sequential build writes, whatever the split (frames without text, titles only,
/// tombstones and parts with no document at all included).
/// </summary>
public sealed class SplitFullTextBuildTests
{
    [Fact]
    public void Any_split_gives_the_sequential_payload()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        for (int round = 0; round < 6; round++)
        {
            var frames = new DecodedFrames(RandomFrames(random, random.Next(1, 900)));
            var settings = IndexSettings.Default;
            var sequential = Sequential(frames, settings);
            foreach (int parts in (int[])[1, 2, 3, 8])
            {
                var split = FullTextIndexKind.BuildInParts(frames, settings, parts);
                Assert.True(sequential is null ? split is null : split is not null && sequential.AsSpan().SequenceEqual(split),
                    $"seed {seed} round {round}: {frames.Count} frames in {parts} parts");
            }
        }
    }

    [Fact]
    public void Frames_without_any_text_give_no_payload()
    {
        var frames = new DecodedFrames([Encode(0, new FrameDraft { Payload = new byte[] { 1, 2, 3 } }), Encode(1, new FrameDraft { Kind = FrameKind.Tombstone })]);
        Assert.Null(FullTextIndexKind.BuildInParts(frames, IndexSettings.Default, 2));
    }

    private static byte[]? Sequential(DecodedFrames frames, IndexSettings settings)
    {
        var build = FullTextIndexKind.Instance.Begin(settings, IndexPurpose.Run);
        foreach (var frame in frames) build.Add(frame);
        return build.Finish();
    }

    private static ReadOnlyMemory<byte>[] RandomFrames(Random random, int count)
    {
        var corpus = LexicalCorpus.Random(random, count);
        var frames = new ReadOnlyMemory<byte>[count];
        for (int i = 0; i < count; i++)
        {
            var (_, title, text) = corpus.Docs[i];
            var draft = random.Next(10) switch
            {
                0 => new FrameDraft { Payload = new byte[] { 0xFF, 0x00 }, Title = title ?? "" },   // binary: only its title counts
                1 => new FrameDraft("") { Kind = FrameKind.Tombstone },
                _ => new FrameDraft(text) { Title = title ?? "" },
            };
            frames[i] = Encode((ulong)i, draft);
        }
        return frames;
    }

    private static ReadOnlyMemory<byte> Encode(ulong id, FrameDraft draft)
    {
        var writer = new ByteWriter();
        FrameEncoding.Encode(writer, id, draft, 0, null);
        return writer.ToArray();
    }
}
