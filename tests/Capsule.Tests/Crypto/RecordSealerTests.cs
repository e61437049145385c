using System.Buffers.Binary;
using Capsule.Crypto;

namespace Capsule.Tests.Crypto;

public sealed class RecordSealerTests
{
    private const long Offset = 4096;
    private static readonly byte[] Header = [1, 0, 0, 0, 0x28, 0, 0, 0];
    private static readonly byte[] Body = System.Text.Encoding.ASCII.GetBytes("the quick brown fox jumps over the lazy dog");

    private static byte[] Seal(byte[] key, long offset, byte[] header, byte[] body)
    {
        var output = new byte[body.Length + RecordSealer.Overhead];
        RecordSealer.Seal(key, offset, header, body, output);
        return output;
    }

    private static bool TryOpen(byte[] key, long offset, byte[] header, byte[] sealedBody, out byte[] plaintext)
    {
        plaintext = new byte[Math.Max(0, sealedBody.Length - RecordSealer.Overhead)];
        return RecordSealer.TryOpen(key, offset, header, sealedBody, plaintext);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(65537)]
    public void Seal_then_open_returns_the_body(int length)
    {
        var body = Enumerable.Range(0, length).Select(i => (byte)(i * 13)).ToArray();

        var sealedBody = Seal(CryptoTestKeys.Key(), Offset, Header, body);

        Assert.Equal(length + RecordSealer.Overhead, sealedBody.Length);
        Assert.True(TryOpen(CryptoTestKeys.Key(), Offset, Header, sealedBody, out var opened));
        Assert.Equal(body, opened);
    }

    [Fact]
    public void Sealed_bytes_do_not_contain_the_plaintext()
    {
        var sealedBody = Seal(CryptoTestKeys.Key(), Offset, Header, Body);

        Assert.Equal(-1, sealedBody.AsSpan().IndexOf(Body.AsSpan(0, 8)));
    }

    [Fact]
    public void Every_single_byte_flip_of_the_sealed_body_fails_to_open()
    {
        var sealedBody = Seal(CryptoTestKeys.Key(), Offset, Header, Body);

        for (var i = 0; i < sealedBody.Length; i++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                var damaged = (byte[])sealedBody.Clone();
                damaged[i] ^= mask;
                Assert.False(TryOpen(CryptoTestKeys.Key(), Offset, Header, damaged, out var plaintext), $"flip 0x{mask:X2} at byte {i} was accepted");
                Assert.All(plaintext, b => Assert.Equal(0, b));
            }
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(Offset - 1)]
    [InlineData(Offset + 1)]
    [InlineData(Offset + (1L << 32))] // differs only above the low 32 bits
    public void A_record_moved_to_another_offset_fails_to_open(long otherOffset)
    {
        var sealedBody = Seal(CryptoTestKeys.Key(), Offset, Header, Body);

        Assert.False(TryOpen(CryptoTestKeys.Key(), otherOffset, Header, sealedBody, out _));
    }

    [Fact]
    public void Every_changed_header_byte_fails_to_open()
    {
        var sealedBody = Seal(CryptoTestKeys.Key(), Offset, Header, Body);

        for (var i = 0; i < Header.Length; i++)
        {
            var header = (byte[])Header.Clone();
            header[i] ^= 1;
            Assert.False(TryOpen(CryptoTestKeys.Key(), Offset, header, sealedBody, out _), $"changed header byte {i} was accepted");
        }

        Assert.False(TryOpen(CryptoTestKeys.Key(), Offset, Header[..^1], sealedBody, out _), "shortened header was accepted");
    }

    [Fact]
    public void Another_key_fails_to_open()
    {
        var sealedBody = Seal(CryptoTestKeys.Key(seed: 1), Offset, Header, Body);

        Assert.False(TryOpen(CryptoTestKeys.Key(seed: 2), Offset, Header, sealedBody, out _));
    }

    [Fact]
    public void Every_truncation_fails_to_open()
    {
        var sealedBody = Seal(CryptoTestKeys.Key(), Offset, Header, Body);

        for (var length = 0; length < sealedBody.Length; length++)
        {
            Assert.False(TryOpen(CryptoTestKeys.Key(), Offset, Header, sealedBody[..length], out _), $"truncation to {length} bytes was accepted");
        }
    }

    [Fact]
    public void Nonce_is_the_domain_then_the_little_endian_offset()
    {
        var nonce = new byte[RecordSealer.NonceLength];

        RecordSealer.DeriveNonce(0x0102030405060708, nonce);

        Assert.Equal("rec1"u8.ToArray(), nonce[..RecordSealer.DomainLength]);
        Assert.Equal(0x0102030405060708UL, BinaryPrimitives.ReadUInt64LittleEndian(nonce.AsSpan(RecordSealer.FileOffsetOffset)));
        Assert.Equal(RecordSealer.NonceLength, RecordSealer.FileOffsetOffset + RecordSealer.FileOffsetLength);
    }

    [Fact]
    public void Nonces_for_different_offsets_differ()
    {
        var seen = new HashSet<string>();
        var nonce = new byte[RecordSealer.NonceLength];
        long[] offsets = [0, 1, 255, 256, 4096, 1L << 32, (1L << 32) + 1, long.MaxValue];

        foreach (var offset in offsets)
        {
            RecordSealer.DeriveNonce(offset, nonce);
            Assert.True(seen.Add(Convert.ToHexString(nonce)), $"offset {offset} repeated a nonce");
        }
    }

    [Fact]
    public void The_same_body_sealed_at_two_offsets_gives_different_bytes() =>
        Assert.NotEqual(Seal(CryptoTestKeys.Key(), Offset, Header, Body), Seal(CryptoTestKeys.Key(), Offset + 64, Header, Body));

    [Fact]
    public void A_negative_offset_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Seal(CryptoTestKeys.Key(), -1, Header, Body));

    [Fact]
    public void An_output_of_the_wrong_size_is_rejected()
    {
        Assert.Throws<ArgumentException>(() =>
            RecordSealer.Seal(CryptoTestKeys.Key(), Offset, Header, Body, new byte[Body.Length + RecordSealer.Overhead - 1]));
        var sealedBody = Seal(CryptoTestKeys.Key(), Offset, Header, Body);
        Assert.Throws<ArgumentException>(() =>
            RecordSealer.TryOpen(CryptoTestKeys.Key(), Offset, Header, sealedBody, new byte[Body.Length + 1]));
    }
}
