using Capsule.Crypto;

namespace Capsule.Tests.Crypto;

public sealed class Argon2idParametersTests
{
    private static readonly Argon2idSalt Salt = Argon2idSalt.FromBytes(new byte[16]);

    [Fact]
    public void Libsodium_reports_the_Argon2id_algorithm_and_salt_length_this_code_assumes()
    {
        SodiumNative.EnsureInitialized();

        Assert.Equal(2, SodiumNative.crypto_pwhash_alg_argon2id13());
        Assert.Equal((nuint)Argon2idSalt.Length, SodiumNative.crypto_pwhash_saltbytes());
    }

    [Fact]
    public void Defaults_lie_between_libsodium_minimum_and_moderate_limits()
    {
        SodiumNative.EnsureInitialized();

        Assert.InRange(Argon2idParameters.DefaultIterations, (ulong)SodiumNative.crypto_pwhash_opslimit_min(), (ulong)SodiumNative.crypto_pwhash_opslimit_moderate());
        Assert.InRange(Argon2idParameters.DefaultMemoryBytes, (ulong)SodiumNative.crypto_pwhash_memlimit_min(), (ulong)SodiumNative.crypto_pwhash_memlimit_moderate());
    }

    /// <summary>
    /// The defaults derive a key (their time on this machine is measured by the benchmarks, not
    /// asserted here: a wall-clock bound fails on a loaded machine and proves nothing on a fast one).
    /// </summary>
    [Fact]
    public void Default_parameters_derive_a_key()
    {
        var key = KeyDerivation.DeriveKey("correct horse battery staple"u8, Argon2idParameters.CreateDefault());
        Assert.Equal(KeyDerivation.KeyLength, key.Length);
        Assert.Contains(key, b => b != 0);
    }

    [Fact]
    public void Each_default_instance_gets_a_fresh_salt() =>
        Assert.NotEqual(Argon2idParameters.CreateDefault().Salt, Argon2idParameters.CreateDefault().Salt);

    [Theory]
    [InlineData(0u)]
    [InlineData(Argon2idParameters.MaxIterations + 1)]
    public void Iterations_outside_the_range_are_rejected(uint iterations) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Argon2idParameters(iterations, 64 * 1024, Salt));

    [Theory]
    [InlineData(0UL)]
    [InlineData(4096UL)] // below libsodium's 8 KiB minimum
    [InlineData(64UL * 1024 + 1)] // not a whole number of KiB
    [InlineData(Argon2idParameters.MaxMemoryBytes + 1024)]
    public void Memory_outside_the_range_is_rejected(ulong memoryBytes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Argon2idParameters(1, memoryBytes, Salt));

    [Fact]
    public void The_boundaries_themselves_are_accepted()
    {
        SodiumNative.EnsureInitialized();
        var minMemory = (ulong)SodiumNative.crypto_pwhash_memlimit_min();

        _ = new Argon2idParameters(Argon2idParameters.MaxIterations, Argon2idParameters.MaxMemoryBytes, Salt);
        _ = new Argon2idParameters(1, minMemory, Salt);
    }

    [Fact]
    public void A_default_struct_fails_validation() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => default(Argon2idParameters).Validate());

    [Fact]
    public void Salt_round_trips_through_bytes_and_compares_by_value()
    {
        var bytes = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

        var salt = Argon2idSalt.FromBytes(bytes);

        Assert.Equal(bytes, salt.ToArray());
        Assert.Equal(Argon2idSalt.FromBytes(bytes), salt);
        bytes[15] ^= 1;
        Assert.NotEqual(Argon2idSalt.FromBytes(bytes), salt);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(17)]
    public void Salt_of_the_wrong_length_is_rejected(int length) =>
        Assert.Throws<ArgumentException>(() => Argon2idSalt.FromBytes(new byte[length]));

    [Fact]
    public void Memzero_clears_the_buffer()
    {
        var buffer = Enumerable.Repeat((byte)0xFF, 40).ToArray();

        SodiumNative.MemZero(buffer.AsSpan(0, 32));

        Assert.All(buffer[..32], b => Assert.Equal(0, b));
        Assert.All(buffer[32..], b => Assert.Equal(0xFF, b));
    }
}
