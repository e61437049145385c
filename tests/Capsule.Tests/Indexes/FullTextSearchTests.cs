using Capsule.Engine;
using Capsule.Format;
using Capsule.Indexing.Lexical.Query;
using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Indexes;

/// <summary>Full-text search through the capsule: runs' persisted indexes plus the tail, filters, history and damage.</summary>
public sealed class FullTextSearchTests
{
    private static readonly string[] Words = ["wing", "stall", "flap", "lift", "drag", "rudder", "glider", "tow", "thermal", "ridge", "winch", "canopy"];

    private static string Sentence(Random random, int length) =>
        string.Join(' ', Enumerable.Range(0, length).Select(_ => Words[random.Next(Words.Length)]));

    /// <summary>The same 400 documents, sealed into runs at <paramref name="sealEvery"/> frames (0: all in the tail).</summary>
    private static MemoryDevice Corpus(int sealEvery)
    {
        var random = new Random(21);
        var device = new MemoryDevice("text");
        var options = new CapsuleOptions { Clock = new TestClock(), SealFrameThreshold = sealEvery == 0 ? 1_000_000 : sealEvery, SealCommitThreshold = 100_000, RunMergeFactor = 4 };
        using var c = Capsule.Create(device, options);
        for (var i = 0; i < 400; i++)
        {
            c.Put(new FrameDraft(Sentence(random, 5 + random.Next(30)))
            {
                Uri = $"doc/{i}",
                Title = i % 5 == 0 ? Sentence(random, 2) : "",
                Kind = i % 3 == 0 ? FrameKind.Note : FrameKind.Document,
                Tags = [new("team", i % 2 == 0 ? "red" : "blue")],
            });
            if (i % 20 == 19) c.Commit();
        }
        c.Commit();
        return device;
    }

    private static Capsule Open(MemoryDevice device) =>
        Capsule.Open(new MemoryDevice(device.Name, device.ToArray(), readOnly: true), new CapsuleOptions { ReadOnly = true });

    [Theory]
    [InlineData("wing stall")]
    [InlineData("glider AND thermal")]
    [InlineData("\"tow winch\"")]
    [InlineData("title:canopy OR ridge -drag")]
    public void ScoresAreIdenticalWhetherTheCorpusSitsInTheTailInOneRunOrInMany(string query)
    {
        using var tail = Open(Corpus(0));
        using var one = Open(Corpus(400));
        using var many = Open(Corpus(60));
        var expected = tail.Search(query, new SearchOptions { K = 50, Snippets = false }).Select(h => (h.FrameId, h.Score)).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, one.Search(query, new SearchOptions { K = 50, Snippets = false }).Select(h => (h.FrameId, h.Score)).ToList());
        Assert.Equal(expected, many.Search(query, new SearchOptions { K = 50, Snippets = false }).Select(h => (h.FrameId, h.Score)).ToList());
    }

    [Fact]
    public void ASealedCapsuleSearchesWithoutBuildingAnyIndexInMemory()
    {
        var device = Corpus(60);
        using (var writer = Capsule.Open(device))
        {
            writer.Commit(sealTail: true);
        }
        using var c = Open(device);
        Assert.Equal(0UL, c.Stats().TailFrames);
        Assert.NotEmpty(c.Search("wing"));
        Assert.Equal(0, c.IndexesBuiltInMemory);
    }

    [Fact]
    public void DeletedAndSupersededFramesNeverAppearButTheirOlderViewsFindThem()
    {
        var device = new MemoryDevice("history");
        using (var c = Capsule.Create(device, new CapsuleOptions { SealFrameThreshold = 3 }))
        {
            c.Put("the glider stalls at low speed", uri: "doc/a");
            c.Put("thermal soaring over the ridge", uri: "doc/b");
            c.Commit();
            c.Update("doc/a", new FrameDraft("the canopy was replaced"));
            c.Delete("doc/b");
            c.Commit();
            c.Put("winch launch notes", uri: "doc/c");
            c.Commit();
        }
        using var head = Open(device);
        Assert.Empty(head.Search("glider"));
        Assert.Empty(head.Search("thermal"));
        Assert.Equal(["doc/a"], head.Search("canopy").Select(h => h.Uri));
        using var before = Capsule.OpenAsOf(new MemoryDevice("h", device.ToArray(), readOnly: true), AsOf.Commit(1));
        Assert.Equal(["doc/a"], before.Search("glider").Select(h => h.Uri));
        Assert.Equal(["doc/b"], before.Search("thermal").Select(h => h.Uri));
        Assert.Empty(before.Search("canopy"));
    }

    [Fact]
    public void FiltersCombineWithTheQuery()
    {
        using var c = Open(Corpus(60));
        var all = c.Search("wing", new SearchOptions { K = 400, Snippets = false });
        var filtered = c.Search("wing", new SearchOptions { K = 400, Snippets = false, Filter = new SearchFilter { Kind = FrameKind.Note, Tags = [new("team", "red")], UriPrefix = "doc/1" } });
        var expected = all.Where(h => { var f = c.Get(h.FrameId); return f.Kind == FrameKind.Note && f.Tag("team") == "red" && f.Uri.StartsWith("doc/1", StringComparison.Ordinal); }).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(h => (h.FrameId, h.Score)), filtered.Select(h => (h.FrameId, h.Score)));
        // Hits without snippets read only the frame's head: uri and title must still be the frame's.
        Assert.All(filtered, h => Assert.Equal((c.Get(h.FrameId).Uri, c.Get(h.FrameId).Title), (h.Uri, h.Title)));
        Assert.Contains(filtered, h => h.Title.Length > 0);
    }

    [Fact]
    public void SnippetsMarkTheMatchedWordsAndAMalformedQueryPointsAtItsPosition()
    {
        var device = new MemoryDevice("snip");
        using (var c = Capsule.Create(device))
        {
            c.Put("Before launch, check the Winch and the tow rope; then the canopy.", uri: "doc/x", title: "Checklist");
            c.Commit();
        }
        using var r = Open(device);
        var hit = Assert.Single(r.Search("winches"));
        Assert.Equal("doc/x", hit.Uri);
        Assert.Equal("Checklist", hit.Title);
        Assert.Contains("[Winch]", hit.Snippet!.Render());
        var e = Assert.Throws<QueryParseException>(() => r.Search("winch AND (tow"));
        Assert.Contains("position", e.Message);
        Assert.Empty(r.Search("and or not")); // lower-case operators are words (here: stop words), not syntax
    }

    [Fact]
    public void AFlippedPostingsByteIsCorruptionNamingTheIndexRecord()
    {
        var device = Corpus(400);
        var state = Recovery.Recover(device, Recovery.ReadSuperblocks(device).Chosen);
        var offset = state.Runs.Single().IndexOffset(IndexType.FullText);
        var record = IndexRecord.Parse(device, offset, RecordIO.ReadCommitted(device, offset, RecordKind.Index, checkCrc: true).BodyLength);
        var bytes = device.ToArray();
        bytes[record.PayloadOffset + record.PayloadLength - 100] ^= 0x10; // in the postings or positions at the end
        using var damaged = Capsule.Open(new MemoryDevice("x", bytes, readOnly: true), new CapsuleOptions { ReadOnly = true });
        var e = Assert.Throws<CorruptCapsuleException>(() =>
        {
            foreach (var word in Words) damaged.Search($"\"{word} {word}\" {word}", new SearchOptions { K = 400 });
        });
        Assert.Equal(offset, e.Offset);
        Assert.False(Capsule.Verify(new MemoryDevice("x", bytes, readOnly: true)).Ok);
    }
}
