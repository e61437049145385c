using System.Text;
using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Indexes;

/// <summary>
/// A writer starts a bulk commit's full-text index on another core while frames are still being put
/// (EarlyFullTextBuild). Wherever that build has got to when the commit comes (all frames, some, none),
/// and whatever happens to the pending frames first (a rollback, a commit that does not seal), the file
/// holds exactly the bytes a writer without it writes.
/// </summary>
public sealed class EarlyIndexingTests
{
    [Theory]
    [InlineData(0)]    // commit at once: the early part holds whatever it reached
    [InlineData(300)]  // the early part has had time to take every frame
    public void A_bulk_commit_writes_the_same_bytes_with_and_without_early_indexing(int pauseMs)
    {
        var docs = Docs(seed: 1, count: 700);
        byte[] Build(bool early) => Write(early, c =>
        {
            foreach (var (uri, text) in docs.Take(400)) c.Put(new FrameDraft(text) { Uri = uri, Title = uri });
            Thread.Sleep(pauseMs);
            foreach (var (uri, text) in docs.Skip(400)) c.Put(new FrameDraft(text) { Uri = uri });
            c.Delete(5);
            c.Commit(sealTail: true);
        });

        Assert.True(Build(early: true).AsSpan().SequenceEqual(Build(early: false)), $"pause {pauseMs} ms: the files differ");
    }

    [Fact]
    public void Rolled_back_and_unsealed_pending_frames_leave_the_same_bytes()
    {
        var first = Docs(seed: 2, count: 500);
        var second = Docs(seed: 3, count: 600);
        byte[] Build(bool early) => Write(early, c =>
        {
            foreach (var (uri, text) in first) c.Put(new FrameDraft(text) { Uri = uri });
            Thread.Sleep(100);
            c.Rollback(); // the early part of these frames must not reach the next commit
            foreach (var (uri, text) in second) c.Put(new FrameDraft(text) { Uri = uri });
            Thread.Sleep(100);
            c.Commit(); // below the seal thresholds: the tail is not sealed, the early part is dropped
            foreach (var (uri, text) in first) c.Put(new FrameDraft(text) { Uri = uri });
            c.Commit(sealTail: true); // the tail holds a commit already: no early part is started
        });

        Assert.True(Build(early: true).AsSpan().SequenceEqual(Build(early: false)));
    }

    private static byte[] Write(bool early, Action<Capsule> work)
    {
        var device = new MemoryDevice("early.mvc");
        using (var c = Capsule.Create(device, new CapsuleOptions { Clock = new TestClock(), EarlyIndexing = early }))
        {
            work(c);
        }
        return device.ToArray();
    }

    /// <summary>About 1 KB of words per document, so a few hundred pass the early build's 256 KiB start.</summary>
    private static List<(string Uri, string Text)> Docs(int seed, int count)
    {
        var random = new Random(seed);
        string[] words = ["wing", "pressure", "boundary", "layer", "flow", "heat", "shock", "plate", "the", "of", "supersonic", "laminar", "Mach", "number", "café", "東京都"];
        var docs = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder();
            while (text.Length < 1000) text.Append(words[random.Next(words.Length)]).Append(' ');
            docs.Add(($"doc/{seed}/{i}", text.ToString()));
        }
        return docs;
    }
}
