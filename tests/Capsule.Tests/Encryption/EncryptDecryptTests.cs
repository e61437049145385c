using System.Text.Json;
using Capsule.Tests.Golden;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Encryption;

/// <summary>Capsule.Encrypt and Capsule.Decrypt copy every commit and frame, history included, across the seal.</summary>
public sealed class EncryptDecryptTests
{
    private static string Describe(string path, string? password)
    {
        using var capsule = Capsule.Open(path, new CapsuleOptions { ReadOnly = true, Password = password });
        return JsonSerializer.Serialize(GoldenDescription.Describe("x", "", capsule)) + string.Join(",", capsule.Commits().Select(c => $"{c.Sequence}:{c.CommittedAt}"));
    }

    [Theory]
    [InlineData("v2-mixed.mvc")]
    [InlineData("v2-dictionary.mvc")]
    [InlineData("v1-mixed.mvc")]
    public void EncryptThenDecryptKeepsEveryCommitAndFrame(string golden)
    {
        using var dir = new TempDirectory();
        var source = dir.File("source.mvc");
        File.Copy(Path.Combine(RepoPaths.GoldenDirectory, golden), source);
        var encrypted = dir.File("encrypted.mvc");
        var decrypted = dir.File("decrypted.mvc");
        var weak = new CapsuleOptions { KdfIterations = 1, KdfMemoryBytes = 64 * 1024 };

        Capsule.Encrypt(source, encrypted, "pw", weak);
        Capsule.Decrypt(encrypted, decrypted, "pw");

        var expected = Describe(source, null);
        Assert.Equal(expected, Describe(encrypted, "pw"));
        Assert.Equal(expected, Describe(decrypted, null));
        Assert.True(Capsule.Verify(encrypted, "pw").Ok, string.Join("; ", Capsule.Verify(encrypted, "pw").Problems));
        Assert.True(Capsule.Verify(decrypted).Ok);
        // Decrypting undoes encrypting exactly: the records are the source's, byte for byte, at the same offsets.
        Assert.True(File.ReadAllBytes(source).AsSpan(8192).SequenceEqual(File.ReadAllBytes(decrypted).AsSpan(8192)));
        // Every earlier commit reads the same through the copy.
        using var original = Capsule.Open(source, new CapsuleOptions { ReadOnly = true });
        for (var sequence = 1UL; sequence <= original.Head.Sequence; sequence++)
        {
            using var before = Capsule.OpenAsOf(source, AsOf.Commit(sequence));
            using var after = Capsule.OpenAsOf(encrypted, AsOf.Commit(sequence), new CapsuleOptions { Password = "pw" });
            Assert.Equal(before.Frames(includeHistory: true).Select(f => f.Id), after.Frames(includeHistory: true).Select(f => f.Id));
        }
        // The copy takes new commits.
        using (var writer = Capsule.Open(encrypted, new CapsuleOptions { Password = "pw", LockTimeout = TimeSpan.FromSeconds(10) })) // see EncryptedCapsuleTests.Weak
        {
            writer.Put("after the copy");
            writer.Commit();
        }
        Assert.True(Capsule.Verify(encrypted, "pw").Ok);
    }

    [Fact]
    public void TheDestinationMustNotExistAndTheSourceMustBeOfTheRightKind()
    {
        using var dir = new TempDirectory();
        var source = dir.File("source.mvc");
        File.Copy(Path.Combine(RepoPaths.GoldenDirectory, "v2-small.mvc"), source);
        File.WriteAllText(dir.File("taken.mvc"), "x");
        Assert.Throws<CapsuleException>(() => Capsule.Encrypt(source, dir.File("taken.mvc"), "pw"));
        Assert.Throws<PasswordRequiredException>(() => Capsule.Decrypt(source, dir.File("out.mvc"), "pw"));
        Assert.False(File.Exists(dir.File("out.mvc")));
        var encrypted = Path.Combine(RepoPaths.GoldenDirectory, "v2-encrypted.mvc");
        Assert.Throws<PasswordRequiredException>(() => Capsule.Encrypt(encrypted, dir.File("again.mvc"), "pw"));
        Assert.Throws<WrongPasswordException>(() => Capsule.Decrypt(encrypted, dir.File("out.mvc"), "not golden"));
        Assert.False(File.Exists(dir.File("out.mvc")));
    }
}
