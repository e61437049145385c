using System.Text;
using Capsule.Storage;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Fuzz;

/// <summary>A named starting input: a seed capsule built here, or a file loaded from a corpus directory.</summary>
public sealed record SeedInput(string Name, byte[] Bytes);

/// <summary>
/// Seed capsules built through the public API with a <see cref="FixedClock"/>, so the same code
/// always gives the same bytes. Tiny seal thresholds and a merge factor of 2 make run records and
/// merged runs appear after a handful of commits; a batch of small similar frames makes the
/// segment builder pick Zstandard with a trained dictionary, a random payload makes it pick raw.
/// </summary>
public static class Seeds
{
    public static IReadOnlyList<SeedInput> Build() =>
    [
        new("empty", Write(new CapsuleOptions { Clock = new FixedClock() }, _ => { })),
        new("single", Write(new CapsuleOptions { Clock = new FixedClock() }, c =>
        {
            c.Put("hello", uri: "mem://hello", title: "greeting");
            c.Commit();
        })),
        new("rich", Rich()),
        new("runs", ManyRuns()),
        new("torn", Torn()),
        new("encrypted", Rich(FuzzKeys.Encrypt)),
        new("encrypted-torn", Torn(FuzzKeys.Encrypt)), // a writer cuts the tail and bumps the seal epoch (FORMAT.md §16.2)
    ];

    /// <summary>Every <c>*.mvc</c> file in <paramref name="directory"/> (the golden files in spec/golden/).</summary>
    public static IReadOnlyList<SeedInput> Load(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.mvc", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => new SeedInput(Path.GetFileName(f), File.ReadAllBytes(f))).ToList()
            : [];

    public static SeedInput ByName(string name) => Build().Single(s => s.Name == name);

    private static CapsuleOptions SmallRuns(int sealCommits) => new()
    {
        Clock = new FixedClock(),
        SealCommitThreshold = sealCommits,
        SealFrameThreshold = 1000,
        RunMergeFactor = 2,
        BlockSize = 512, // several blocks per segment, so block tables and BlockOf get exercised
    };

    /// <summary>The rich recipe; <paramref name="adjust"/> turns it into the encrypted seed.</summary>
    private static byte[] Rich(Func<CapsuleOptions, CapsuleOptions>? adjust = null) => Write((adjust ?? (o => o))(SmallRuns(sealCommits: 3)), c =>
    {
        var random = new Random(20240102);
        var binary = new byte[700];
        random.NextBytes(binary); // incompressible: this segment stays raw
        c.Put(new FrameDraft { Uri = "mem://blob", Payload = binary, Kind = FrameKind.Fact });
        c.Commit();
        c.Put(new FrameDraft("alpha note") { Uri = "mem://a", Title = "A", Tags = [new("topic", "alpha"), new("lang", "en")] });
        c.Put(new FrameDraft("beta") { Uri = "mem://b", EventTime = new DateTimeOffset(2023, 5, 6, 7, 8, 9, TimeSpan.Zero), Embedding = [0.25f, -1f, 3.5f] });
        c.Put(new FrameDraft("child of a") { ParentId = 1, Kind = FrameKind.Note });
        c.Commit();
        c.Update("mem://a", new FrameDraft("alpha note, revised") { Tags = [new("topic", "alpha")] });
        c.Delete("mem://b");
        for (var i = 0; i < 80; i++) // ≥ 64 small frames: the builder trains a zstd dictionary
        {
            c.Put(new FrameDraft($"{{\"event\":\"login\",\"user\":{i},\"ok\":{(i % 3 != 0 ? "true" : "false")},\"agent\":\"capsule-fuzz\"}}")
            {
                Uri = $"log://{i}",
                Kind = FrameKind.Event,
            });
        }
        c.Commit(); // third commit: seals run 1
        c.Put(new FrameDraft(Repeat("lz4 friendly text ", 40)) { Uri = "mem://text" });
        c.Commit();
        c.Update("mem://text", new FrameDraft("short"));
        c.Commit();
        c.Put("sixth", uri: "mem://six");
        c.Commit(); // seals run 2, merged with run 1 into a level-1 run
        c.Put("tail frame", uri: "mem://tail");
        c.Commit(); // stays in the tail
    });

    private static byte[] ManyRuns() => Write(SmallRuns(sealCommits: 1), c =>
    {
        for (var i = 0; i < 9; i++) // every commit seals; merges cascade through levels 1, 2 and 3
        {
            c.Put($"v{i}", uri: $"k://{i % 3}");
            c.Put($"extra {i}");
            if (i % 4 == 3)
            {
                c.Delete($"k://{(i + 1) % 3}");
            }
            c.Commit();
        }
    });

    /// <summary>A committed capsule followed by half of a record: the torn tail a crash leaves.</summary>
    private static byte[] Torn(Func<CapsuleOptions, CapsuleOptions>? adjust = null)
    {
        var bytes = Write((adjust ?? (o => o))(SmallRuns(sealCommits: 4)), c =>
        {
            c.Put("committed", uri: "mem://c");
            c.Commit();
        });
        var records = RecordMap.Walk(bytes);
        var segment = records.First();
        var half = bytes.AsSpan((int)segment.Offset, (int)(segment.End - segment.Offset) / 2);
        return [.. bytes, .. half];
    }

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static byte[] Write(CapsuleOptions options, Action<CapsuleFile> fill)
    {
        var device = new MemoryDevice("seed");
        using (var capsule = CapsuleFile.Create(device, options))
        {
            fill(capsule);
        }
        return device.ToArray();
    }
}
