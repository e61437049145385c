using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Engine;

public sealed class CapsuleApiTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string PathFor(string name) => _dir.File(name);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void PutCommitReopenGetRoundTripsEveryField()
    {
        var path = PathFor("a.mvc");
        var when = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
        ulong doc, chunk;
        using (var c = Capsule.Create(path, new CapsuleOptions { Clock = new TestClock() }))
        {
            doc = c.Put(new FrameDraft("full text") { Uri = "doc/1", Title = "Doc", Tags = [new("a", "b")], EventTime = when });
            chunk = c.Put(new FrameDraft("part") { Kind = FrameKind.Chunk, ParentId = doc, Embedding = [0.25f, 0.5f] });
            Assert.Equal(1UL, c.Commit().Sequence);
        }
        using (var c = Capsule.Open(path, new CapsuleOptions { ReadOnly = true }))
        {
            var d = c.Get(doc);
            Assert.Equal(("full text", "doc/1", "Doc", "b", when), (d.Text, d.Uri, d.Title, d.Tag("a"), d.EventTime!.Value));
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 1, TimeSpan.Zero), d.IngestedAt); // the first tick stamped the capsule's creation
            var ch = c.Get(chunk);
            Assert.Equal((FrameKind.Chunk, doc), (ch.Kind, ch.ParentId!.Value));
            Assert.Equal([0.25f, 0.5f], ch.Embedding!);
            Assert.True(c.TryGetByUri("doc/1", out var byUri) && byUri.Id == doc);
        }
    }

    [Fact]
    public void WriterSeesItsPendingChangesAndRollbackDiscardsThem()
    {
        using var c = Capsule.Create(PathFor("p.mvc"));
        var id = c.Put("pending", uri: "x");
        Assert.True(c.TryGetByUri("x", out _));
        Assert.Equal(1, c.Stats().PendingFrames);
        c.Rollback();
        Assert.False(c.TryGetByUri("x", out _));
        Assert.False(c.TryGet(id, out _));
        Assert.Equal(0UL, c.NextFrameId);
        Assert.Equal(0UL, c.Commit().Sequence); // nothing pending: no new commit
    }

    [Fact]
    public void UpsertUpdateAndDeleteKeepHistory()
    {
        using var c = Capsule.Create(PathFor("u.mvc"));
        var v1 = c.Put("one", uri: "k");
        var v2 = c.Put("two", uri: "k");
        c.Commit();
        Assert.Equal(v1, c.Get(v2).SupersedesId);
        Assert.Throws<KeyNotFoundException>(() => c.Get(v1));
        Assert.True(c.TryGetHistorical(v1, out var old) && old.Text == "one");
        var v3 = c.Update("k", new FrameDraft("three"));
        Assert.Throws<KeyNotFoundException>(() => c.Update("missing", new FrameDraft("x")));
        Assert.True(c.Delete("k"));
        Assert.False(c.Delete(v3));
        Assert.False(c.Delete(9999));
        c.Commit();
        Assert.False(c.TryGetByUri("k", out _));
        Assert.Empty(c.Frames());
        Assert.Equal(4, c.Frames(includeHistory: true).Count());
        var stats = c.Stats();
        Assert.Equal((0UL, 3UL, 1UL), (stats.LiveFrames, stats.DeadFrames, stats.TombstoneFrames));
    }

    [Fact]
    public void ManyCommitsSealLogarithmicallyManyRunsAndReopenWithoutReplayingThem()
    {
        var path = PathFor("runs.mvc");
        var options = new CapsuleOptions { SealCommitThreshold = 4, SealFrameThreshold = 1000, RunMergeFactor = 3 };
        using (var c = Capsule.Create(path, options))
        {
            for (var i = 0; i < 300; i++)
            {
                c.Put($"fact {i}", uri: $"f/{i % 120}");
                c.Commit();
            }
        }
        using (var c = Capsule.Open(path, options with { ReadOnly = true }))
        {
            var stats = c.Stats();
            Assert.True(stats.Runs <= 10, $"{stats.Runs} runs for 300 commits");
            Assert.True(stats.TailCommits < 4, $"open replayed {stats.TailCommits} commits");
            Assert.Equal(120UL, stats.LiveFrames);
            for (var u = 0; u < 120; u++)
            {
                Assert.True(c.TryGetByUri($"f/{u}", out var f));
                Assert.Equal($"fact {(u + 240 < 300 ? u + 240 : u + 120)}", f.Text);
            }
            Assert.Equal(300, c.Commits().Count());
            Assert.True(c.Layout().GarbageRuns > 0);
        }
        Assert.True(Capsule.Verify(path).Ok);
    }

    [Fact]
    public void ReaderRefreshesToTheWritersNewestCommit()
    {
        var path = PathFor("r.mvc");
        using var writer = Capsule.Create(path);
        writer.Put("first", uri: "a");
        writer.Commit();
        using var reader = Capsule.Open(path, new CapsuleOptions { ReadOnly = true });
        writer.Put("second", uri: "b");
        Assert.False(reader.TryGetByUri("b", out _));
        writer.Commit();
        Assert.False(reader.TryGetByUri("b", out _)); // a reader keeps its snapshot until it refreshes
        Assert.True(reader.Refresh());
        Assert.True(reader.TryGetByUri("b", out var b) && b.Text == "second");
        Assert.False(reader.Refresh());
        Assert.Throws<InvalidOperationException>(() => reader.Put("nope"));
    }

    [Fact]
    public void SecondWriterInTheSameProcessIsLockedOut()
    {
        var path = PathFor("l.mvc");
        using var first = Capsule.Create(path);
        Assert.Throws<CapsuleLockedException>(() => Capsule.Open(path));
        first.Dispose();
        using var second = Capsule.Open(path);
        Assert.False(second.IsReadOnly);
    }

    [Fact]
    public void TornTailIsIgnoredByReadersAndCutByTheNextWriter()
    {
        var path = PathFor("t.mvc");
        using (var c = Capsule.Create(path))
        {
            c.Put("kept", uri: "k");
            c.Commit();
        }
        var committed = new FileInfo(path).Length;
        File.AppendAllText(path, "half a record that never committed");
        using (var reader = Capsule.Open(path, new CapsuleOptions { ReadOnly = true }))
        {
            Assert.True(reader.Stats().TornTailBytes > 0);
            Assert.True(reader.TryGetByUri("k", out _));
        }
        using (var writer = Capsule.Open(path))
        {
            Assert.Equal(0, writer.Stats().TornTailBytes);
        }
        Assert.Equal(committed, new FileInfo(path).Length);
        Assert.True(Capsule.Verify(path).Ok);
        Assert.Single(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void DisposedCapsuleThrowsObjectDisposed()
    {
        var c = Capsule.Create(PathFor("d.mvc"));
        c.Dispose();
        Assert.Throws<ObjectDisposedException>(() => c.Put("x"));
        Assert.Throws<ObjectDisposedException>(() => c.Stats());
    }

    [Fact]
    public void ParentMustExist()
    {
        using var c = Capsule.Create(PathFor("parent.mvc"));
        Assert.Throws<ArgumentException>(() => c.Put(new FrameDraft("x") { ParentId = 5 }));
    }
}
