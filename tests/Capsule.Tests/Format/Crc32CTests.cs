using System.Text.Json;
using Capsule.Format;

namespace Capsule.Tests.Format;

public sealed class Crc32CTests
{
    [Fact]
    public void CheckValuePinsTheParameters() => Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void EveryVectorInTheSpecMatches()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.VectorsDirectory, "crc32c.json")));
        var vectors = doc.RootElement.GetProperty("vectors").EnumerateArray().ToList();
        Assert.True(vectors.Count >= 5);
        foreach (var v in vectors)
        {
            var data = Convert.FromHexString(v.GetProperty("hex").GetString()!);
            Assert.True(Convert.ToUInt32(v.GetProperty("crc").GetString(), 16) == Crc32C.Compute(data), v.GetProperty("name").GetString());
        }
    }

    [Fact]
    public void EveryLengthAndAlignmentMatchesTheBytewiseDefinition()
    {
        var random = new Random(1234);
        var data = new byte[200];
        random.NextBytes(data);
        for (var start = 0; start < 9; start++)
        {
            for (var length = 0; length + start <= data.Length; length += 7)
            {
                var slice = data.AsSpan(start, length);
                Assert.Equal(Reference(slice), Crc32C.Compute(slice));
            }
        }
    }

    /// <summary>Bit-at-a-time CRC-32C straight from the definition.</summary>
    private static uint Reference(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }
        return ~crc;
    }
}
