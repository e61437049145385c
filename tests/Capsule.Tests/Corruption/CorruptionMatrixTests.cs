using System.Text.Json;
using Capsule.Storage;
using Capsule.Tests.Golden;

namespace Capsule.Tests.Corruption;

/// <summary>
/// Attacks the decoder with every single-byte change and every truncation of golden capsules.
/// Opening and reading everything must either fail with a typed <see cref="CapsuleException"/> or
/// succeed with exactly the data of the last intact commit, never with wrong data; and verify must
/// notice every changed byte. CAPSULE_CORRUPTION_STRIDE=1 checks every offset of the larger file too.
/// </summary>
public sealed class CorruptionMatrixTests
{
    private static int Stride(string file) =>
        file is "v1-small.mvc" or "v2-encrypted.mvc" ? 1 : int.TryParse(Environment.GetEnvironmentVariable("CAPSULE_CORRUPTION_STRIDE"), out var s) && s > 0 ? s : 13;

    [Theory]
    [InlineData("v1-small.mvc")]
    [InlineData("v1-mixed.mvc")]
    [InlineData("v1-dictionary.mvc")]
    [InlineData("v2-encrypted.mvc")]
    public void EveryFlippedByteFailsTypedOrReadsTheIntactData(string file)
    {
        var original = File.ReadAllBytes(Path.Combine(RepoPaths.GoldenDirectory, file));
        var expected = Snapshot(original, GoldenCapsules.PasswordOf(file));
        Assert.NotNull(expected);
        int failedTyped = 0, intact = 0;
        for (var offset = 0; offset < original.Length; offset += Stride(file))
        {
            var bytes = (byte[])original.Clone();
            bytes[offset] ^= 0xFF;
            var outcome = Outcome(bytes, GoldenCapsules.PasswordOf(file));
            if (outcome is null)
            {
                failedTyped++;
            }
            else
            {
                Assert.True(outcome == expected, $"flipping the byte at offset {offset} of {file} opened with different data");
                intact++;
            }
            Assert.False(VerifyOk(bytes, file), $"verify missed the flipped byte at offset {offset} of {file}");
        }
        Assert.True(failedTyped > 0 && intact > 0, $"{failedTyped} typed failures, {intact} intact reads");
    }

    [Theory]
    [InlineData("v1-small.mvc")]
    [InlineData("v1-mixed.mvc")]
    [InlineData("v1-dictionary.mvc")]
    [InlineData("v2-encrypted.mvc")]
    public void EveryTruncationFailsTyped(string file)
    {
        var original = File.ReadAllBytes(Path.Combine(RepoPaths.GoldenDirectory, file));
        for (var length = 0; length < original.Length; length += Stride(file))
        {
            Assert.True(Outcome(original[..length], GoldenCapsules.PasswordOf(file)) is null, $"truncating {file} to {length} bytes opened as valid data");
        }
    }

    /// <summary>Null when opening or reading failed with a typed capsule error; otherwise a snapshot of all data.</summary>
    internal static string? Outcome(byte[] bytes, string? password = null)
    {
        try
        {
            return Snapshot(bytes, password);
        }
        catch (CapsuleException)
        {
            return null;
        }
    }

    /// <summary>Verify finds a problem, or (for a flipped key block) cannot even start.</summary>
    private static bool VerifyOk(byte[] bytes, string file)
    {
        try
        {
            return Capsule.Verify(new MemoryDevice(file, bytes, readOnly: true), GoldenCapsules.PasswordOf(file)).Ok;
        }
        catch (CapsuleException)
        {
            return false;
        }
    }

    internal static string Snapshot(byte[] bytes, string? password = null)
    {
        using var capsule = Capsule.Open(new MemoryDevice("matrix", bytes, readOnly: true), new CapsuleOptions { ReadOnly = true, Password = password });
        var description = GoldenDescription.Describe("matrix", "", capsule);
        var uris = description.Frames.Where(f => f.Uri.Length > 0).Select(f => f.Uri).Distinct()
            .Select(u => capsule.TryGetByUri(u, out var f) ? $"{u}={f.Id}" : $"{u}=none");
        return JsonSerializer.Serialize(description) + string.Join(",", uris) + JsonSerializer.Serialize(capsule.Stats() with { Path = "" });
    }
}
