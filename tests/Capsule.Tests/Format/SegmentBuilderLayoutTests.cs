using System.Text;
using Capsule.Engine;
using Capsule.Format;

namespace Capsule.Tests.Format;

/// <summary>
/// A segment's bytes depend only on its frames, not on where their bytes sit in memory: frames end to end
/// in a writer's arena (read in place, blocks straddling its chunks gathered) and frames in arrays of their
/// own (always gathered) give the same body, for every codec the builder can choose.
/// </summary>
public sealed class SegmentBuilderLayoutTests
{
    [Theory]
    [InlineData(300, 1500)]   // large text frames: one arena chunk after another, blocks straddle them
    [InlineData(2000, 120)]   // small frames: the trained-dictionary candidate is tried
    [InlineData(50, 40_000)]  // frames larger than a block
    public void Arena_frames_and_separate_frames_give_the_same_segment(int count, int meanLength)
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var arena = new FrameArena();
        var inArena = new List<SegmentFrame>();
        var separate = new List<SegmentFrame>();
        for (int i = 0; i < count; i++)
        {
            var text = Text(random, random.Next(1, 2 * meanLength));
            var writer = new ByteWriter();
            FrameEncoding.Encode(writer, (ulong)i, new FrameDraft(text) { Uri = $"doc/{i}" }, 1, null);
            inArena.Add(new SegmentFrame((ulong)i, arena.Add(writer.WrittenSpan), FrameKind.Document, $"doc/{i}", null));
            separate.Add(new SegmentFrame((ulong)i, writer.ToArray(), FrameKind.Document, $"doc/{i}", null));
        }
        var a = SegmentBuilder.Build(inArena, 16 * 1024, 3);
        var b = SegmentBuilder.Build(separate, 16 * 1024, 3);
        Assert.True(a.Codec == b.Codec && a.ToBody().AsSpan().SequenceEqual(b.ToBody()), $"seed {seed}: {a.Codec} vs {b.Codec}");
    }

    private static string Text(Random random, int length)
    {
        string[] words = ["memory", "capsule", "frame", "segment", "the", "of", "agent", "knows", "when", "index"];
        var text = new StringBuilder();
        while (text.Length < length) text.Append(words[random.Next(words.Length)]).Append(random.Next(3) == 0 ? ". " : " ");
        return text.ToString(0, length);
    }
}
