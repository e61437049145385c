using Capsule.Crypto;

namespace Capsule.Tests.Crypto;

/// <summary>
/// Argon2id known-answer tests: RFC 9106 through the reference implementation, then libsodium's
/// <c>crypto_pwhash</c> (the product's code path) held to the reference implementation and to
/// libsodium's own vectors.
/// </summary>
/// <remarks>
/// RFC 9106 §5.3's Argon2id vector uses parallelism 4, a secret key K (8 bytes of 0x03) and associated
/// data X (12 bytes of 0x04), while <c>crypto_pwhash</c> fixes parallelism to 1 and has no parameters
/// for K or X, so no libsodium call can reproduce it. The chain is therefore: (a) the Argon2 reference
/// implementation (<see cref="Argon2Reference"/>, test-only) reproduces the RFC's tag, so it computes
/// RFC 9106 Argon2id; (b) <see cref="KeyDerivation.DeriveKey"/> equals the reference implementation
/// for p = 1 over a table of inputs that includes Capsule's defaults, so the product computes RFC 9106
/// Argon2id for every parameter set a capsule can store. The libsodium vectors below (from
/// jedisct1/libsodium, test/default/pwhash_argon2id.c and pwhash_argon2id.exp) additionally pin the
/// raw primitive's output lengths and empty-password behaviour.
/// </remarks>
public sealed class Argon2idVectorTests
{
    /// <summary>
    /// RFC 9106 §5.3 (Argon2id, version 0x13): 32 KiB, 3 passes, 4 lanes, 32-byte tag; password 32 bytes
    /// of 0x01, salt 16 bytes of 0x02, secret 8 bytes of 0x03, associated data 12 bytes of 0x04.
    /// </summary>
    [Fact]
    public void Reference_implementation_reproduces_the_RFC_9106_Argon2id_vector()
    {
        var tag = Argon2Reference.HashWithContext(
            password: Enumerable.Repeat((byte)0x01, 32).ToArray(),
            salt: Enumerable.Repeat((byte)0x02, 16).ToArray(),
            secret: Enumerable.Repeat((byte)0x03, 8).ToArray(),
            associatedData: Enumerable.Repeat((byte)0x04, 12).ToArray(),
            iterations: 3, memoryKiB: 32, lanes: 4, tagLength: 32);

        Assert.Equal(
            "0d640df58d78766c08c037a34a8b53c9" +
            "d01ef0452d75b65eb52520e96b01e659", Convert.ToHexString(tag), ignoreCase: true);
    }

    /// <summary>
    /// The RFC vector's inputs matter to the reference call: dropping the secret or the associated data,
    /// or running one lane, changes the tag (so the passing vector above is not an accident of a binding
    /// that ignores them).
    /// </summary>
    [Fact]
    public void Reference_implementation_uses_the_secret_the_associated_data_and_the_lanes()
    {
        byte[] password = [.. Enumerable.Repeat((byte)0x01, 32)], salt = [.. Enumerable.Repeat((byte)0x02, 16)];
        byte[] secret = [.. Enumerable.Repeat((byte)0x03, 8)], ad = [.. Enumerable.Repeat((byte)0x04, 12)];
        var full = Argon2Reference.HashWithContext(password, salt, secret, ad, 3, 32, 4, 32);

        Assert.NotEqual(full, Argon2Reference.HashWithContext(password, salt, [], ad, 3, 32, 4, 32));
        Assert.NotEqual(full, Argon2Reference.HashWithContext(password, salt, secret, [], 3, 32, 4, 32));
        Assert.NotEqual(full, Argon2Reference.HashWithContext(password, salt, secret, ad, 3, 32, 1, 32));
    }

    /// <summary>
    /// Inputs for the libsodium-versus-reference table: passwords (ASCII, UTF-8, binary, long), salts,
    /// iterations 1 to 4, memory from libsodium's 8 KiB minimum to Capsule's 128 MiB default, which is
    /// included on purpose (it is what every real capsule uses).
    /// </summary>
    public static TheoryData<string, string, uint, ulong> ProductTable => new()
    {
        { "correct horse battery staple", "00000000000000000000000000000000", Argon2idParameters.DefaultIterations, Argon2idParameters.DefaultMemoryBytes },
        { "hunter2", "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a", 1, 8 * 1024 },
        { "hunter2", "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5b", 1, 64 * 1024 },
        { "golden", "101112131415161718191a1b1c1d1e1f", 1, 64 * 1024 },
        { "pässwörd ✓ 密码", "ffeeddccbbaa99887766554433221100", 2, 1024 * 1024 },
        { "x", "0102030405060708090a0b0c0d0e0f10", 3, 4 * 1024 * 1024 },
        { "hex:00ff00ff80818283", "fedcba98765432100123456789abcdef", 4, 256 * 1024 },
        { new string('p', 300), "cafebabedeadbeefcafebabedeadbeef", 2, 37 * 1024 },
        { "hunter2", "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a", 3, 64 * 1024 * 1024 },
    };

    [Theory]
    [MemberData(nameof(ProductTable))]
    public void Product_key_derivation_equals_the_reference_implementation_for_one_lane(string password, string saltHex, uint iterations, ulong memoryBytes)
    {
        var passwordBytes = password.StartsWith("hex:", StringComparison.Ordinal)
            ? Convert.FromHexString(password["hex:".Length..])
            : System.Text.Encoding.UTF8.GetBytes(password);
        var salt = Convert.FromHexString(saltHex);

        var product = KeyDerivation.DeriveKey(passwordBytes, new Argon2idParameters(iterations, memoryBytes, Argon2idSalt.FromBytes(salt)));
        var reference = Argon2Reference.HashRaw(passwordBytes, salt, iterations, (uint)(memoryBytes / 1024), parallelism: 1, KeyDerivation.KeyLength);

        Assert.Equal(Convert.ToHexString(reference), Convert.ToHexString(product));
    }

    /// <summary>
    /// pwhash_argon2id.c, function tv(), entry 4: an 82-byte password, the first 16 bytes of the
    /// listed salt (the test decodes into a 16-byte buffer), 190-byte output, opslimit 3,
    /// memlimit 1432947 bytes (libsodium floors this to 1399 KiB). Expected output is the
    /// fifth hex line of pwhash_argon2id.exp (entry 3 is an intentional failure line).
    /// </summary>
    [Fact]
    public void Raw_derivation_matches_libsodium_tv_entry_4()
    {
        var password = Convert.FromHexString(
            "4a857e2ee8aa9b6056f2424e84d24a72473378906ee04a46cb05311502d5250b82" +
            "ad86b83c8f20a23dbb74f6da60b0b6ecffd67134d45946ac8ebfb3064294bc097d" +
            "43ced68642bfb8bbbdd0f50b30118f5e");
        var salt = Convert.FromHexString("39d82eef32010b8b79cc5ba88ed539fb");
        const string expected =
            "08d8cd330c57e1b4643241d05bb468ba4ee4e932cd0858816be9ef15360b27bbd06a87130ee92222be267a29b81f5ae8fe" +
            "8613324cfc4832dc49387fd0602f1c57b4d0f3855db94fb7e12eb05f9a484aed4a4307abf586cd3d55c809bc081541e00b" +
            "682772fb2066504ff935b8ebc551a2083882f874bc0fae68e56848ae34c91097c3bf0cca8e75c0797eef3efde3f75e0058" +
            "15018db3cf7c109a812264c4de69dcb22322dbbcfa447f5b00ecd1b04a7be1569c8e556adb7bba48adf81d";
        Assert.Equal(82, password.Length);
        var output = new byte[190];

        KeyDerivation.DeriveRaw(password, salt, iterations: 3, memoryBytes: 1432947, output);

        Assert.Equal(expected, Convert.ToHexString(output), ignoreCase: true);
    }

    /// <summary>
    /// pwhash_argon2id.c, function tv3(), entry 2 (one its .exp file shows verifying): the
    /// PHC-format string <c>$argon2id$v=19$m=4882,t=2,p=1$bA81arsiXysd3WbTRzmEOw$Nm8QBM+7RH1DXo9rvp5cwKEOOOfD2g6JuxlXihoNcpE</c>
    /// for the empty password. Base64-decoded: a 16-byte salt and a 32-byte hash; m is in KiB.
    /// This also pins that the raw primitive accepts an empty password even though
    /// <see cref="KeyDerivation.DeriveKey"/> refuses one by policy.
    /// </summary>
    [Fact]
    public void Raw_derivation_matches_libsodium_tv3_entry_2_with_an_empty_password()
    {
        var salt = Convert.FromBase64String("bA81arsiXysd3WbTRzmEOw==");
        var expected = Convert.FromBase64String("Nm8QBM+7RH1DXo9rvp5cwKEOOOfD2g6JuxlXihoNcpE=");
        var output = new byte[expected.Length];

        KeyDerivation.DeriveRaw(ReadOnlySpan<byte>.Empty, salt, iterations: 2, memoryBytes: 4882UL * 1024, output);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(output));
    }
}
