using Capsule.Format;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Engine;

/// <summary>Files that are not capsules, newer formats and damaged commits each get their own typed error naming file and offset.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string SmallCapsule()
    {
        var path = _dir.File("c.mvc");
        using var c = Capsule.Create(path);
        c.Put("hello", uri: "h");
        c.Commit();
        return path;
    }

    [Fact]
    public void MissingFileIsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => Capsule.Open(_dir.File("absent.mvc")));

    [Theory]
    [InlineData(1, 200, 64)]
    [InlineData(513, 200, 64)]
    [InlineData(16, 70000, 64)]
    [InlineData(16, 200, 0)]
    public void HnswParametersTheSettingsRecordCannotHoldAreRefusedBeforeAnythingIsWritten(int m, int efConstruction, int efSearch)
    {
        var path = _dir.File("hnsw.mvc");
        var options = new CapsuleOptions { Indexing = new IndexSettings { Hnsw = new Indexing.Vector.HnswParameters { M = m, EfConstruction = efConstruction, EfSearch = efSearch } } };
        Assert.Throws<ArgumentOutOfRangeException>(() => Capsule.Create(path, options));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void CreateRefusesAnExistingFile()
    {
        var path = SmallCapsule();
        var e = Assert.Throws<CapsuleException>(() => Capsule.Create(path));
        Assert.Equal(path, e.FilePath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just some text, not a capsule at all")]
    public void TextFileIsNotACapsule(string content)
    {
        var path = _dir.File("text.txt");
        File.WriteAllText(path, content);
        var e = Assert.Throws<NotACapsuleException>(() => Capsule.Open(path, new CapsuleOptions { ReadOnly = true }));
        Assert.Equal(path, e.FilePath);
    }

    [Theory]
    [InlineData(Superblock.MajorOffset, Superblock.CurrentMajor + 1)]
    [InlineData(Superblock.MajorOffset, 0)]
    [InlineData(Superblock.IncompatibleOffset, 0x40)]
    public void NewerFormatIsUnsupportedNotCorrupt(int field, byte value)
    {
        var path = SmallCapsule();
        var bytes = File.ReadAllBytes(path);
        for (var slot = 0; slot < Superblock.SlotCount; slot++)
        {
            var at = (int)Superblock.SlotOffset(slot);
            bytes[at + field] = value;
            var crc = Crc32C.Compute(bytes.AsSpan(at, Superblock.CrcOffset));
            BitConverter.TryWriteBytes(bytes.AsSpan(at + Superblock.CrcOffset), crc);
        }
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<UnsupportedFormatException>(() => Capsule.Open(path));
        Assert.NotNull(e.Offset);
        Assert.Equal(bytes, File.ReadAllBytes(path)); // nothing was written
    }

    [Fact]
    public void DamagedHeadCommitIsCorruptionWithItsOffset()
    {
        var path = SmallCapsule();
        var bytes = File.ReadAllBytes(path);
        var choice = Capsule.Open(path, new CapsuleOptions { ReadOnly = true });
        var head = choice.Head.Offset;
        choice.Dispose();
        bytes[head + 12] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CorruptCapsuleException>(() => Capsule.Open(path, new CapsuleOptions { ReadOnly = true }));
        Assert.Equal(head, e.Offset);
        Assert.Equal("commit", e.RecordKind);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void FullDiskDuringCommitLosesNothingAndTheRetrySucceeds()
    {
        var device = new PowerLossDevice();
        using var c = Capsule.Create(device);
        c.Put("first", uri: "a");
        c.Commit();
        device.Capacity = device.Length + 10;
        c.Put("second", uri: "b");
        var e = Assert.Throws<CapsuleException>(() => c.Commit());
        Assert.Contains("No space left", e.Message);
        Assert.Equal(1UL, c.Head.Sequence);
        device.Capacity = null;
        Assert.Equal(2UL, c.Commit().Sequence);
        Assert.True(Capsule.Verify(device).Ok);
    }
}
