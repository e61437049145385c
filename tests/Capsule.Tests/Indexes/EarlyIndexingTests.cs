using System.Text;
using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Indexes;

/// <summary>
/// A writer starts the next run's full-text index on another core while frames are still being put
/// (EarlyFullTextBuild), across the tail's commits up to the sealing one. Wherever that build has got to
/// when the seal comes (all frames, some, none), and whatever happens first (a rollback, commits that do not
/// seal, a branch switch), the file holds exactly the bytes a writer without it writes.
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

    [Fact]
    public void An_import_committing_in_batches_writes_the_same_bytes()
    {
        var docs = Docs(seed: 4, count: 1_200);
        byte[] Build(bool early) => Write(early, c =>
        {
            for (var batch = 0; batch < 4; batch++)
            {
                foreach (var (uri, text) in docs.Skip(batch * 300).Take(300)) c.Put(new FrameDraft(text) { Uri = uri });
                if (batch == 1) c.Update(docs[7].Uri, new FrameDraft("an update of a committed frame"));
                Thread.Sleep(50);
                c.Commit(); // the early build goes on through commits that leave the tail open
            }
            c.Commit(sealTail: true); // nothing pending: the seal reads the tail back, with the early part
        });

        Assert.True(Build(early: true).AsSpan().SequenceEqual(Build(early: false)));
    }

    [Fact]
    public void A_branch_switch_drops_the_early_build()
    {
        var docs = Docs(seed: 5, count: 800);
        byte[] Build(bool early) => Write(early, c =>
        {
            foreach (var (uri, text) in docs.Take(400)) c.Put(new FrameDraft(text) { Uri = uri });
            c.Commit();
            c.CreateBranch("side");
            c.SwitchBranch("side");
            foreach (var (uri, text) in docs.Skip(400)) c.Put(new FrameDraft(text) { Uri = uri });
            c.Commit(sealTail: true);
            c.SwitchBranch("main");
            c.Merge("side", new MergeOptions());
            c.Commit(sealTail: true);
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
