using System.Text.Json;
using Capsule.Storage;

namespace Capsule.Tests.Golden;

/// <summary>
/// Every golden file of every released format version opens and holds exactly the frames its JSON
/// description lists; the current recipes reproduce the current version's files byte for byte.
/// </summary>
public sealed class GoldenFileTests
{
    public static TheoryData<string> GoldenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.GoldenDirectory, "*.mvc").Order())
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void GoldenFileHoldsExactlyItsDescribedFrames(string file)
    {
        var path = Path.Combine(RepoPaths.GoldenDirectory, file);
        var expected = JsonSerializer.Deserialize<GoldenDescription>(File.ReadAllText(Path.ChangeExtension(path, ".json")), GoldenDescription.Json)!;
        using var capsule = Capsule.Open(path, GoldenCapsules.OpenOptions(file));
        var actual = GoldenDescription.Describe(expected.File, expected.Description, capsule);
        Assert.Equal(expected.Commits, actual.Commits);
        Assert.Equal(expected.Frames.Count, actual.Frames.Count);
        for (var i = 0; i < expected.Frames.Count; i++)
        {
            Assert.Equal(JsonSerializer.Serialize(expected.Frames[i], GoldenDescription.Json), JsonSerializer.Serialize(actual.Frames[i], GoldenDescription.Json));
        }
        Assert.True(Capsule.Verify(path, GoldenCapsules.PasswordOf(file)).Ok);
    }

    [Fact]
    public void CurrentRecipesReproduceTheGoldenFilesByteForByte()
    {
        var write = Environment.GetEnvironmentVariable("CAPSULE_WRITE_GOLDEN") == "1";
        foreach (var (name, (description, _, _)) in GoldenCapsules.All)
        {
            var bytes = GoldenCapsules.Build(name);
            var target = Path.Combine(RepoPaths.SourceGoldenDirectory, name + ".mvc");
            if (write)
            {
                File.WriteAllBytes(target, bytes);
                using var capsule = Capsule.Open(new MemoryDevice(name, bytes, readOnly: true), GoldenCapsules.OpenOptions(name));
                File.WriteAllText(Path.ChangeExtension(target, ".json"),
                    JsonSerializer.Serialize(GoldenDescription.Describe(name + ".mvc", description, capsule), GoldenDescription.Json) + "\n");
            }
            var golden = File.ReadAllBytes(Path.Combine(RepoPaths.GoldenDirectory, name + ".mvc"));
            var firstDifference = golden.AsSpan().CommonPrefixLength(bytes);
            Assert.True(golden.AsSpan().SequenceEqual(bytes),
                $"{name}: the recipe now writes different bytes (first difference at offset {firstDifference}); if the format changed on purpose, update FORMAT.md and rerun with CAPSULE_WRITE_GOLDEN=1");
        }
    }
}
