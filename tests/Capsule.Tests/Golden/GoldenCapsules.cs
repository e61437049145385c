using System.Text;
using Capsule.Codecs;
using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Golden;

/// <summary>
/// The recipes behind spec/golden/*.mvc. Each runs the same calls with the same clock, so it must
/// reproduce its golden file byte for byte: any change to the bytes on disk shows up here, and
/// FORMAT.md plus the golden files must change in the same commit (regenerate with
/// CAPSULE_WRITE_GOLDEN=1).
/// </summary>
public static class GoldenCapsules
{
    public static IReadOnlyDictionary<string, (string Description, Action<Capsule> Recipe, CapsuleOptions Options)> All { get; } =
        new Dictionary<string, (string, Action<Capsule>, CapsuleOptions)>
        {
            ["v2-small"] = (
                "Raw codec only. Commit 1: a document with title, tags, event time and content type; two chunks " +
                "whose parent is the document; a fact with uri fact/sky. Commit 2: an update of fact/sky and a " +
                "note without uri. Commit 3: the delete of chunk 2 (a tombstone).",
                Small, new CapsuleOptions { Codecs = [CodecId.Raw] }),
            ["v2-mixed"] = (
                "All codecs, 2 KiB blocks, runs sealed every 2 commits and merged in pairs (so merged runs and garbage runs " +
                "exist). 8 commits: 300 small JSON events (Zstandard), a 40 KB repetitive " +
                "document (LZ4 or Zstandard), 4 KB of pseudo-random bytes (raw), frames with 4-dimensional " +
                "embeddings, updates and deletes by uri.",
                Mixed, new CapsuleOptions { SealCommitThreshold = 2, SealFrameThreshold = 100_000, RunMergeFactor = 2, BlockSize = 2048, ZstdLevel = GoldenZstdLevel }),
            ["v2-dictionary"] = (
                "512-byte blocks; one commit of 200 notes that share a long boilerplate and differ in a number, " +
                "so Zstandard with a dictionary trained on the segment beats every other codec; then one commit " +
                "of a single small note (raw).",
                Dictionary, new CapsuleOptions { BlockSize = 512, ZstdLevel = GoldenZstdLevel }),
            ["v2-branches"] = (
                "Branches (FORMAT.md §17), raw codec. main: commits of facts with uris; branch 'exp' created at the head " +
                "(a table-only record) and given two commits (an update of fact/1 and a new fact); branch 'cut' created at a " +
                "frame inside a commit (a commit copying that prefix); main updates fact/1 too, then is rewound to a commit " +
                "boundary and the rewind undone; 'exp' is merged into main (fact/1 conflicts: exp's change is newer and wins); " +
                "'cut' is deleted; 'exp' becomes the default branch, so the description below is exp's.",
                Branches, new CapsuleOptions { Codecs = [CodecId.Raw] }),
            ["v2-encrypted"] = (
                "The v2-small recipe in an encrypted capsule (FORMAT.md §16), password \"golden\", Argon2id with 1 pass " +
                "over 64 KiB (far too weak for real use; it keeps the tests fast), and salt, data key and wrap nonce " +
                "from a fixed byte sequence so the file reproduces: its key is public, it is a format sample, not a secret.",
                Small, new CapsuleOptions { Codecs = [CodecId.Raw], Password = EncryptedPassword, KdfIterations = 1, KdfMemoryBytes = 64 * 1024, RandomBytes = FixedBytes }),
        };

    /// <summary>
    /// The Zstandard level the golden files were written at: the default until it became 1. The level is not in the
    /// format (any level decodes alike), so the recipes pin it and go on reproducing their files byte for byte.
    /// </summary>
    private const int GoldenZstdLevel = 3;

    /// <summary>The password of every golden file whose name ends in "-encrypted".</summary>
    public const string EncryptedPassword = "golden";

    /// <summary>How a golden file opens: encrypted ones with <see cref="EncryptedPassword"/>.</summary>
    public static CapsuleOptions OpenOptions(string file) =>
        new() { ReadOnly = true, Password = PasswordOf(file) };

    public static string? PasswordOf(string file) =>
        Path.GetFileNameWithoutExtension(file).EndsWith("-encrypted", StringComparison.Ordinal) ? EncryptedPassword : null;

    private static void Branches(Capsule c)
    {
        for (var i = 0; i < 3; i++)
        {
            c.Put(new FrameDraft($"fact {i}") { Kind = FrameKind.Fact, Uri = $"fact/{i}" });
        }
        c.Commit();
        c.Put(new FrameDraft("fact 3") { Kind = FrameKind.Fact, Uri = "fact/3" });
        c.Put(new FrameDraft("fact 4") { Kind = FrameKind.Fact, Uri = "fact/4" });
        c.Commit();
        c.CreateBranch("exp");
        c.CreateBranch("cut", AsOf.Frame(3));
        c.Update("fact/1", new FrameDraft("fact 1, main's update") { Kind = FrameKind.Fact });
        c.Commit();
        c.SwitchBranch("exp");
        c.Update("fact/1", new FrameDraft("fact 1, exp's update") { Kind = FrameKind.Fact });
        c.Commit();
        c.Put(new FrameDraft("fact 5, exp only") { Kind = FrameKind.Fact, Uri = "fact/5" });
        c.Commit();
        c.SwitchBranch("main");
        c.Rewind(4);
        c.UndoRewind();
        c.Merge("exp");
        c.DeleteBranch("cut");
        c.SetDefaultBranch("exp");
    }

    /// <summary>"Random" bytes for the encrypted recipe: 0x10, 0x11, ... so salt, key and nonce are fixed.</summary>
    private static byte[] FixedBytes(int count) => Enumerable.Range(0x10, count).Select(i => (byte)i).ToArray();

    public static byte[] Build(string name)
    {
        var (_, recipe, options) = All[name];
        var device = new MemoryDevice(name);
        using (var capsule = Capsule.Create(device, options with { Clock = new TestClock() }))
        {
            recipe(capsule);
        }
        return device.ToArray();
    }

    private static void Small(Capsule c)
    {
        var doc = c.Put(new FrameDraft("Wind tunnel notes: the wing stalls at 14 degrees.")
        {
            Kind = FrameKind.Document,
            Uri = "doc/wind-tunnel",
            Title = "Wind tunnel notes",
            Tags = [new("project", "glider"), new("author", "ana")],
            EventTime = new DateTimeOffset(2025, 6, 1, 9, 30, 0, TimeSpan.Zero),
        });
        c.Put(new FrameDraft("The wing stalls at 14 degrees.") { Kind = FrameKind.Chunk, Uri = "doc/wind-tunnel#1", ParentId = doc });
        c.Put(new FrameDraft("Flaps delay the stall.") { Kind = FrameKind.Chunk, Uri = "doc/wind-tunnel#2", ParentId = doc });
        c.Put("The sky is blue.", uri: "fact/sky", kind: FrameKind.Fact);
        c.Commit();
        c.Update("fact/sky", new FrameDraft("The sky is blue by day and black at night.") { Kind = FrameKind.Fact });
        c.Put("Remember to buy balsa wood.", kind: FrameKind.Note);
        c.Commit();
        c.Delete("doc/wind-tunnel#2");
        c.Commit();
    }

    private static void Dictionary(Capsule c)
    {
        const string boilerplate = "Reminder from the flight test office: every glider must pass the pre-flight checklist, " +
            "the weight and balance sheet must be signed, and the tow rope must be inspected before launch. ";
        for (var i = 0; i < 200; i++)
        {
            c.Put(new FrameDraft($"{boilerplate}Checklist number {i * 37 % 1000}.") { Kind = FrameKind.Note, Uri = $"note/{i}" });
        }
        c.Commit();
        c.Put("short", uri: "note/short", kind: FrameKind.Note);
        c.Commit();
    }

    private static void Mixed(Capsule c)
    {
        for (var i = 0; i < 300; i++)
        {
            c.Put(new FrameDraft($"{{\"user\":\"u{i % 17}\",\"action\":\"{(i % 3 == 0 ? "login" : "search")}\",\"query\":\"wing load {i}\"}}")
            {
                Kind = FrameKind.Event,
                Uri = $"event/{i}",
                ContentType = "application/json",
                EventTime = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
            });
        }
        c.Commit();
        var repetitive = new StringBuilder();
        for (var i = 0; repetitive.Length < 40_000; i++)
        {
            repetitive.Append("Lift grows with the angle of attack until the flow separates. ").Append(i % 10).Append('\n');
        }
        c.Put(repetitive.ToString(), uri: "doc/lift", title: "On lift");
        c.Commit();
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        c.Put(new FrameDraft { Kind = FrameKind.Document, Uri = "blob/noise", Payload = noise });
        c.Commit();
        for (var i = 0; i < 5; i++)
        {
            c.Put(new FrameDraft($"vector fact {i}") { Kind = FrameKind.Fact, Uri = $"vec/{i}", Embedding = [i, i * 0.5f, -i, 1f / (i + 1)] });
        }
        c.Commit();
        c.Update("event/7", new FrameDraft("{\"user\":\"u7\",\"action\":\"logout\"}") { Kind = FrameKind.Event });
        c.Delete("event/8");
        c.Commit();
        c.Delete("vec/2");
        c.Put("a later fact", uri: "fact/later", kind: FrameKind.Fact);
        c.Commit();
        c.Update("doc/lift", new FrameDraft("Lift, revised.") { Title = "On lift (revised)" });
        c.Commit();
        c.Put("the last fact", uri: "fact/last", kind: FrameKind.Fact);
        c.Commit();
    }
}
