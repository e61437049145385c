using Capsule.Engine;
using Capsule.Format;
using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Indexes;

/// <summary>
/// Index records as the engine writes them: one per kind per sealed run, merged when runs merge,
/// payload pages checked on read, and a format-1 capsule upgraded by a writer.
/// </summary>
public sealed class IndexRecordTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CapsuleOptions SmallRuns(TestClock clock) => new()
    {
        Clock = clock,
        SealCommitThreshold = 2,
        SealFrameThreshold = 1_000_000,
        RunMergeFactor = 2,
    };

    [Fact]
    public void EverySealedAndMergedRunListsItsTemporalIndex()
    {
        var device = new MemoryDevice("runs");
        using (var c = Capsule.Create(device, SmallRuns(new TestClock())))
        {
            for (var i = 0; i < 9; i++)
            {
                c.Put($"fact {i}", uri: $"f/{i}");
                c.Commit();
            }
        }
        using var reopened = Capsule.Open(new MemoryDevice("runs", device.ToArray(), readOnly: true), new CapsuleOptions { ReadOnly = true });
        var state = Recovery.Recover(device, Recovery.ReadSuperblocks(device).Chosen);
        Assert.NotEmpty(state.Runs);
        Assert.Contains(state.Runs, r => r.Level > 0); // merges happened
        foreach (var run in state.Runs)
        {
            var offset = run.IndexOffset(IndexType.Temporal);
            Assert.True(offset > 0, $"run at {run.RecordOffset} lists no temporal index");
            var location = RecordIO.ReadCommitted(device, offset, RecordKind.Index, checkCrc: true);
            var record = IndexRecord.Parse(device, offset, location.BodyLength);
            Assert.Equal((run.FirstFrameId, run.EndFrameId), (record.FirstFrameId, record.EndFrameId));
            Assert.Equal(0, record.PayloadOffset % IndexLayout.PayloadAlignment);
        }
        Assert.True(Capsule.Verify(device).Ok);
    }

    /// <summary>
    /// A seal whose run is all in the sealing commit builds its indexes from the frames' encoded bytes on a
    /// second thread; a seal of frames committed earlier reads them back from the segments. Both must write
    /// the same index payloads, byte for byte, for every kind.
    /// </summary>
    [Fact]
    public void IndexesBuiltBesideTheSegmentsEqualIndexesBuiltFromTheWrittenFrames()
    {
        static Dictionary<IndexType, byte[]> Payloads(bool commitFirst)
        {
            var device = new MemoryDevice("seal");
            using (var c = Capsule.Create(device, new CapsuleOptions { Clock = new TestClock(), SealFrameThreshold = 1_000_000, SealCommitThreshold = 1_000 }))
            {
                var random = new Random(5);
                for (var i = 0; i < 300; i++)
                {
                    var embedding = new float[] { random.NextSingle(), random.NextSingle(), random.NextSingle(), 1 };
                    c.Put(new FrameDraft($"note {i} about {(i % 7 == 0 ? "the glider's winch" : "café thermals")} {random.Next(50)}")
                    {
                        Uri = $"n/{i % 250}", // the last 50 supersede earlier frames in the same commit
                        Title = i % 4 == 0 ? $"title {i}" : "",
                        Embedding = embedding,
                    });
                }
                c.Delete("n/3");
                if (commitFirst)
                {
                    c.Commit();
                }
                c.Commit(sealTail: true);
            }
            var state = Recovery.Recover(device, Recovery.ReadSuperblocks(device).Chosen);
            var run = Assert.Single(state.Runs);
            var payloads = new Dictionary<IndexType, byte[]>();
            foreach (var type in new[] { IndexType.FullText, IndexType.Vector, IndexType.Temporal })
            {
                var offset = run.IndexOffset(type);
                Assert.True(offset > 0, $"the run lists no {type} index");
                var location = RecordIO.ReadCommitted(device, offset, RecordKind.Index, checkCrc: true);
                using var payload = IndexRecord.Parse(device, offset, location.BodyLength).OpenPayload(device);
                payloads[type] = payload.Span(0, checked((int)payload.Length)).ToArray();
            }
            return payloads;
        }

        var beside = Payloads(commitFirst: false);
        var readBack = Payloads(commitFirst: true);
        foreach (var (type, bytes) in readBack)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(beside[type]), $"the {type} index differs");
        }
    }

    [Fact]
    public void FramesBetweenMatchesAScanAtHeadAndAsOfEveryCommit()
    {
        var clock = new TestClock();
        var device = new MemoryDevice("time");
        using (var c = Capsule.Create(device, SmallRuns(clock)))
        {
            for (var i = 0; i < 12; i++)
            {
                c.Put(new FrameDraft($"event {i}") { Uri = $"e/{i % 5}", EventTime = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(11 - i) });
                if (i % 4 == 3) c.Delete($"e/{(i + 2) % 5}");
                c.Commit();
                clock.Advance(TimeSpan.FromMinutes(1));
            }
        }
        var bytes = device.ToArray();
        using var head = Capsule.Open(new MemoryDevice("time", bytes, readOnly: true), new CapsuleOptions { ReadOnly = true });
        foreach (var commit in head.Commits().ToList())
        {
            using var view = Capsule.OpenAsOf(new MemoryDevice("time", bytes, readOnly: true), AsOf.Commit(commit.Sequence));
            var live = view.Frames().ToList();
            foreach (var field in new[] { TimeField.Ingested, TimeField.Event })
            {
                var all = live.Select(f => (Time: field == TimeField.Event ? f.EventTime : f.IngestedAt, f.Id)).Where(t => t.Time is not null).ToList();
                if (all.Count == 0) continue;
                var from = all.Min(t => t.Time!.Value).AddSeconds(1);
                var until = all.Max(t => t.Time!.Value);
                var expected = all.Where(t => t.Time >= from && t.Time < until).OrderBy(t => t.Time).ThenBy(t => t.Id).Select(t => t.Id).ToList();
                Assert.Equal(expected, view.FramesBetween(from, until, field).Select(f => f.Id).ToList());
            }
        }
    }

    [Fact]
    public void AFlippedIndexPayloadByteIsCorruptionNamingTheIndexRecord()
    {
        var device = new MemoryDevice("flip");
        using (var c = Capsule.Create(device, SmallRuns(new TestClock())))
        {
            for (var i = 0; i < 2; i++)
            {
                c.Put($"fact {i}");
                c.Commit();
            }
        }
        var state = Recovery.Recover(device, Recovery.ReadSuperblocks(device).Chosen);
        var offset = state.Runs.Single().IndexOffset(IndexType.Temporal);
        var record = IndexRecord.Parse(device, offset, RecordIO.ReadCommitted(device, offset, RecordKind.Index, checkCrc: true).BodyLength);
        var bytes = device.ToArray();
        bytes[record.PayloadOffset + 20] ^= 0x04; // inside the first ingestion entry
        using var damaged = Capsule.Open(new MemoryDevice("flip", bytes, readOnly: true), new CapsuleOptions { ReadOnly = true });
        var e = Assert.Throws<CorruptCapsuleException>(() => damaged.FramesBetween(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1)));
        Assert.Equal(offset, e.Offset);
        Assert.Equal("index", e.RecordKind);
        var report = Capsule.Verify(new MemoryDevice("flip", bytes, readOnly: true));
        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.Offset == offset);
    }

    [Fact]
    public void AWriterUpgradesAFormat1CapsuleAndKeepsEveryFrame()
    {
        var path = _dir.File("old.mvc");
        File.Copy(Path.Combine(RepoPaths.GoldenDirectory, "v1-mixed.mvc"), path);
        List<(ulong Id, string Text)> before;
        using (var old = Capsule.Open(path, new CapsuleOptions { ReadOnly = true }))
        {
            before = old.Frames().Select(f => (f.Id, f.Text)).ToList();
            Assert.NotEmpty(old.FramesBetween(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddYears(-1))); // format-1 runs are indexed in memory
            Assert.Equal("vec/3", old.Get(old.SearchVectors([3, 1.5f, -3, 0.25f])[0].FrameId).Uri);
            Assert.Equal("doc/lift", old.Search("lift revised").First().Uri);
        }
        using (var writer = Capsule.Open(path, new CapsuleOptions { SealCommitThreshold = 1 }))
        {
            writer.Put("written after the upgrade", uri: "fact/new");
            writer.Commit();
        }
        var device = FileDevice.Open(path, readOnly: true);
        using (device)
        {
            Assert.Equal(Superblock.CurrentMajor, Recovery.ReadSuperblocks(device).Chosen.Major);
        }
        using var upgraded = Capsule.Open(path, new CapsuleOptions { ReadOnly = true });
        var after = upgraded.Frames().Select(f => (f.Id, f.Text)).ToList();
        Assert.Equal(before, after.Take(before.Count));
        Assert.Equal("written after the upgrade", after[^1].Text);
        // Fuzzer seed 1976622727: sealing a format-1 capsule's embeddings (no binding recorded) crashed the commit.
        Assert.Equal("vec/3", upgraded.Get(upgraded.SearchVectors([3, 1.5f, -3, 0.25f])[0].FrameId).Uri);
        Assert.True(Capsule.Verify(path).Ok);
    }

    [Fact]
    public void TheFirstEmbeddingBindsTheDimensionAndAMismatchIsRefused()
    {
        var device = new MemoryDevice("emb");
        using (var c = Capsule.Create(device))
        {
            c.Put(new FrameDraft("a") { Embedding = [1, 2, 3] });
            var e = Assert.Throws<EmbeddingMismatchException>(() => c.Put(new FrameDraft("b") { Embedding = [1, 2] }));
            Assert.Contains("2 dimensions", e.Message);
            Assert.Contains("3", e.Message);
            c.Commit();
        }
        using var reopened = Capsule.Open(device);
        Assert.Equal(3, reopened.Settings.Embedding?.Dimension);
        Assert.Throws<EmbeddingMismatchException>(() => reopened.Put(new FrameDraft("c") { Embedding = [1, 2, 3, 4] }));
        reopened.Put(new FrameDraft("d") { Embedding = [4, 5, 6] });
        reopened.Commit();
    }

    [Fact]
    public void IndexSettingsAreRecordedAtCreationAndWinOverLaterOptions()
    {
        var device = new MemoryDevice("settings");
        var custom = new IndexSettings
        {
            Analyzer = new Indexing.Lexical.Analysis.AnalyzerSettings { Stemming = false },
            Bm25 = new Indexing.Lexical.Ranking.Bm25Parameters(0.9, 0.4),
            TitleBoost = 3,
        };
        using (var c = Capsule.Create(device, new CapsuleOptions { Indexing = custom }))
        {
            c.Put("x");
            c.Commit();
        }
        using var reopened = Capsule.Open(device, new CapsuleOptions { Indexing = IndexSettings.Default });
        Assert.Equal(custom.Analyzer, reopened.Settings.Analyzer);
        Assert.Equal(custom.Bm25, reopened.Settings.Bm25);
        Assert.Equal(3, reopened.Settings.TitleBoost);
    }

    /// <summary>Found by the fuzzer (seed 1280091829): a commit naming settings past the end of the file passed verify.</summary>
    [Theory]
    [InlineData(1L << 23)]
    [InlineData(8192L)]
    public void ACommitNamingSettingsThatAreNotThereIsCorruption(long settingsOffset)
    {
        var device = new MemoryDevice("settings");
        using (var c = Capsule.Create(device))
        {
            c.Put("x");
            c.Commit();
        }
        var bytes = device.ToArray();
        var head = Recovery.ReadSuperblocks(device).Chosen.HeadCommitOffset;
        var location = RecordIO.ReadCommitted(device, head, RecordKind.Commit, checkCrc: true);
        BitConverter.TryWriteBytes(bytes.AsSpan((int)(location.BodyOffset + location.BodyLength - 8)), settingsOffset);
        var covered = RecordFraming.HeaderLength + location.BodyLength;
        BitConverter.TryWriteBytes(bytes.AsSpan((int)head + covered), RecordFraming.Checksum(head, bytes.AsSpan((int)head, covered)));
        Assert.False(Capsule.Verify(new MemoryDevice("settings", bytes, readOnly: true)).Ok);
        var e = Assert.Throws<CorruptCapsuleException>(() => Capsule.Open(new MemoryDevice("settings", bytes, readOnly: true), new CapsuleOptions { ReadOnly = true }));
        Assert.Equal(settingsOffset, e.Offset);
    }

    /// <summary>Found by the fuzzer (seed 352999547): a damaged index page of a run being merged escaped Commit untyped.</summary>
    [Fact]
    public void AMergeOverADamagedIndexFailsTheCommitNamingTheIndexAndKeepsTheFile()
    {
        var device = new MemoryDevice("merge");
        var options = SmallRuns(new TestClock());
        using (var c = Capsule.Create(device, options))
        {
            for (var i = 0; i < 2; i++)
            {
                c.Put($"fact {i}");
                c.Commit();
            }
        }
        var state = Recovery.Recover(device, Recovery.ReadSuperblocks(device).Chosen);
        var offset = state.Runs.Single().IndexOffset(IndexType.Temporal);
        var record = IndexRecord.Parse(device, offset, RecordIO.ReadCommitted(device, offset, RecordKind.Index, checkCrc: true).BodyLength);
        var bytes = device.ToArray();
        bytes[record.PayloadOffset + 20] ^= 0x04;
        var damaged = new MemoryDevice("merge", bytes);
        using var writer = Capsule.Open(damaged, options);
        writer.Put("fact 2");
        writer.Commit();
        writer.Put("fact 3");
        var e = Assert.Throws<CapsuleException>(() => writer.Commit()); // the second run's seal merges the two runs
        var corrupt = Assert.IsType<CorruptCapsuleException>(e.InnerException);
        Assert.Equal(offset, corrupt.Offset);
        Assert.Equal(3UL, writer.Head.Sequence);
    }

    [Fact]
    public void AWriterClosesTheIndexesOfRunsThatMergedAway()
    {
        using var c = Capsule.Create(new MemoryDevice("retain"), SmallRuns(new TestClock()));
        for (var i = 0; i < 20; i++)
        {
            c.Put($"glider note {i}", uri: $"n/{i}");
            c.Commit();
            Assert.NotEmpty(c.Search("glider"));
            Assert.True(c.OpenRunIndexes <= c.Stats().Runs, $"after commit {i + 1}: {c.OpenRunIndexes} runs' indexes open, {c.Stats().Runs} runs live");
        }
        Assert.True(c.Stats().Runs < 10); // merges happened, so runs were retired along the way
    }
}
