using System.Text.Json;
using Capsule.Format;

namespace Capsule.Tests.Format;

/// <summary>The byte-exact vectors in spec/vectors/records.json: what FORMAT.md describes is what the code writes and reads.</summary>
public sealed class LayoutVectorTests
{
    private static JsonElement Vectors => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.VectorsDirectory, "records.json"))).RootElement;

    [Fact]
    public void CommitRecordVectorEncodesFramesAndDecodes()
    {
        var v = Vectors.GetProperty("commitRecord");
        var body = Convert.FromHexString(v.GetProperty("bodyHex").GetString()!);
        var expected = new CommitRecord(1, 0, 1767323045000000, 0, 2, 2, 0, 0, [8192L], [], [new("main", 2)]);
        Assert.Equal(body, expected.Encode());
        Assert.Equal(Convert.FromHexString(v.GetProperty("recordHex").GetString()!), RecordFraming.Frame(RecordKind.Commit, body, v.GetProperty("fileOffset").GetInt64()));
        var decoded = CommitRecord.Decode(body);
        Assert.Equal((1UL, 2UL, 8192L, "main"), (decoded.Sequence, decoded.NextFrameId, decoded.Segments[0], decoded.Heads[0].Key));
    }

    [Fact]
    public void SuperblockVectorMatches()
    {
        var v = Vectors.GetProperty("superblock");
        var slot = new byte[Superblock.SlotSize];
        new Superblock(1, 0, 0, 0, 7, 8500, 1, 8609, 1767323045000000).WriteTo(slot);
        Assert.Equal(Convert.FromHexString(v.GetProperty("first72BytesHex").GetString()!), slot[..72]);
        Assert.Equal(Convert.FromHexString(v.GetProperty("crcHex").GetString()!), slot[4092..]);
        Assert.All(slot[72..4092], b => Assert.Equal(0, b));
    }
}
