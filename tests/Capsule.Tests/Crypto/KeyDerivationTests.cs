using System.Security.Cryptography;
using Capsule.Crypto;

namespace Capsule.Tests.Crypto;

public sealed class KeyDerivationTests
{
    [Fact]
    public void Same_password_and_parameters_give_the_same_key() =>
        Assert.Equal(
            KeyDerivation.DeriveKey("hunter2"u8, CryptoTestKeys.Cheap()),
            KeyDerivation.DeriveKey("hunter2"u8, CryptoTestKeys.Cheap()));

    [Fact]
    public void Another_password_gives_another_key() =>
        Assert.NotEqual(
            KeyDerivation.DeriveKey("hunter2"u8, CryptoTestKeys.Cheap()),
            KeyDerivation.DeriveKey("hunter3"u8, CryptoTestKeys.Cheap()));

    [Fact]
    public void Another_salt_gives_another_key() =>
        Assert.NotEqual(
            KeyDerivation.DeriveKey("hunter2"u8, CryptoTestKeys.Cheap(saltFill: 1)),
            KeyDerivation.DeriveKey("hunter2"u8, CryptoTestKeys.Cheap(saltFill: 2)));

    [Fact]
    public void Other_iterations_or_memory_give_another_key()
    {
        var salt = CryptoTestKeys.Cheap().Salt;
        var baseline = KeyDerivation.DeriveKey("hunter2"u8, new Argon2idParameters(1, 64 * 1024, salt));

        Assert.NotEqual(baseline, KeyDerivation.DeriveKey("hunter2"u8, new Argon2idParameters(2, 64 * 1024, salt)));
        Assert.NotEqual(baseline, KeyDerivation.DeriveKey("hunter2"u8, new Argon2idParameters(1, 128 * 1024, salt)));
    }

    /// <summary>Policy (see <see cref="KeyDerivation"/>): an empty password would protect nothing.</summary>
    [Fact]
    public void Empty_password_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => KeyDerivation.DeriveKey(ReadOnlySpan<byte>.Empty, CryptoTestKeys.Cheap()));

        Assert.Contains("must not be empty", error.Message);
    }

    [Fact]
    public void Invalid_parameters_are_rejected_before_libsodium_runs() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyDerivation.DeriveKey("hunter2"u8, default));

    [Fact]
    public void Libsodium_failure_throws_with_a_clear_message_and_leaves_no_output()
    {
        var output = Enumerable.Repeat((byte)0xFF, 32).ToArray();

        // Zero iterations: crypto_pwhash returns -1.
        var error = Assert.Throws<CryptographicException>(() =>
            KeyDerivation.DeriveRaw("hunter2"u8, new byte[16], iterations: 0, memoryBytes: 64 * 1024, output));

        Assert.Contains("Argon2id key derivation failed", error.Message);
        Assert.All(output, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Raw_derivation_rejects_a_salt_of_the_wrong_length() =>
        Assert.Throws<ArgumentException>(() =>
            KeyDerivation.DeriveRaw("hunter2"u8, new byte[8], iterations: 1, memoryBytes: 64 * 1024, new byte[32]));
}
