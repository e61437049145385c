using System.Security.Cryptography;
using System.Text;
using Capsule.Crypto;

namespace Capsule.Tests.Crypto;

/// <summary>
/// Pins the platform's ChaCha20-Poly1305 to the AEAD known-answer vector of RFC 8439 §2.8.2
/// ("Example and Test Vector for AEAD_CHACHA20_POLY1305"), the vector every implementation of the
/// RFC reproduces (also tcId 1 of Wycheproof's chacha20_poly1305_test.json).
/// </summary>
public sealed class ChaCha20Poly1305VectorTests
{
    private static readonly byte[] Key = Convert.FromHexString("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    private static readonly byte[] Nonce = Convert.FromHexString("070000004041424344454647");
    private static readonly byte[] Aad = Convert.FromHexString("50515253c0c1c2c3c4c5c6c7");

    private static readonly byte[] Plaintext = Encoding.ASCII.GetBytes(
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");

    private static readonly byte[] Ciphertext = Convert.FromHexString(
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6" +
        "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36" +
        "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc" +
        "3ff4def08e4b7a9de576d26586cec64b6116");

    private static readonly byte[] Tag = Convert.FromHexString("1ae10b594f09e26a7e902ecbd0600691");

    [Fact]
    public void Encrypt_reproduces_the_RFC_8439_vector()
    {
        var ciphertext = new byte[Plaintext.Length];
        var tag = new byte[ChaChaSupport.TagLength];
        using var cipher = ChaChaSupport.Create(Key);

        cipher.Encrypt(Nonce, Plaintext, ciphertext, tag, Aad);

        Assert.Equal(Convert.ToHexString(Ciphertext), Convert.ToHexString(ciphertext));
        Assert.Equal(Convert.ToHexString(Tag), Convert.ToHexString(tag));
    }

    [Fact]
    public void Decrypt_recovers_the_RFC_8439_plaintext()
    {
        var plaintext = new byte[Ciphertext.Length];
        using var cipher = ChaChaSupport.Create(Key);

        cipher.Decrypt(Nonce, Ciphertext, Tag, plaintext, Aad);

        Assert.Equal(Plaintext, plaintext);
    }

    [Fact]
    public void Decrypt_rejects_the_vector_with_a_changed_tag()
    {
        var tag = (byte[])Tag.Clone();
        tag[^1] ^= 1;
        var plaintext = new byte[Ciphertext.Length];
        using var cipher = ChaChaSupport.Create(Key);

        Assert.Throws<AuthenticationTagMismatchException>(() => cipher.Decrypt(Nonce, Ciphertext, tag, plaintext, Aad));
    }

    [Fact]
    public void Create_rejects_a_key_of_the_wrong_length() =>
        Assert.Throws<ArgumentException>(() => ChaChaSupport.Create(new byte[31]));
}
