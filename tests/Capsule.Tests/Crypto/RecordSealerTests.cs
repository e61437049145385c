using System.Buffers.Binary;
using Capsule.Crypto;
using Capsule.Format;

namespace Capsule.Tests.Crypto;

public sealed class RecordSealerTests
{
    private const long Offset = 4096;
    private static readonly byte[] Header = [1, 0, 0, 0, 0x28, 0, 0, 0];
    private static readonly byte[] Body = System.Text.Encoding.ASCII.GetBytes("the quick brown fox jumps over the lazy dog");

    private static byte[] Seal(byte[] key, long offset, byte[] header, byte[] body)
    {
        var output = new byte[SealedLayout.StoredLength(body.Length)];
        using var cipher = ChaChaSupport.Create(key);
        RecordSealer.Seal(cipher, offset, header, body, output);
        return output;
    }

    private static bool TryOpen(byte[] key, long offset, byte[] header, byte[] sealedBody, out byte[] plaintext)
    {
        using var cipher = ChaChaSupport.Create(key);
        if (header.Length < RecordFraming.HeaderLength)
        {
            plaintext = [];
            return false; // the sealer always binds the full 8-byte header
        }
        return RecordSealer.TryOpen(cipher, offset, header, sealedBody, out plaintext);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(200_000)]
    public void Seal_then_open_returns_the_body(int length)
    {
        var body = Enumerable.Range(0, length).Select(i => (byte)(i * 13)).ToArray();

        var sealedBody = Seal(CryptoTestKeys.Key(), Offset, Header, body);

        Assert.Equal(length + SealedLayout.ChunkCount(length) * SealedLayout.TagLength, sealedBody.Length);
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
    public void Nonce_is_the_chunk_index_the_epoch_then_the_little_endian_offset()
    {
        var nonce = new byte[RecordSealer.NonceLength];
        byte[] header = [1, 0, 0x34, 0x12, 0x28, 0, 0, 0];

        RecordSealer.DeriveNonce(0x0102030405060708, 3, header, nonce);

        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(nonce));
        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16LittleEndian(nonce.AsSpan(RecordSealer.EpochOffset)));
        Assert.Equal(0x0102030405060708UL, BinaryPrimitives.ReadUInt64LittleEndian(nonce.AsSpan(RecordSealer.FileOffsetOffset)));
        Assert.Equal(RecordSealer.NonceLength, RecordSealer.FileOffsetOffset + 8);
    }

    [Fact]
    public void Swapped_chunks_fail_to_open()
    {
        var body = Enumerable.Range(0, 2 * SealedLayout.ChunkLength).Select(i => (byte)(i * 7)).ToArray();
        var sealedBody = Seal(CryptoTestKeys.Key(), Offset, Header, body);
        var swapped = (byte[])sealedBody.Clone();
        sealedBody.AsSpan(SealedLayout.ChunkLength, SealedLayout.ChunkLength).CopyTo(swapped);
        sealedBody.AsSpan(0, SealedLayout.ChunkLength).CopyTo(swapped.AsSpan(SealedLayout.ChunkLength));
        sealedBody.AsSpan(body.Length + 16, 16).CopyTo(swapped.AsSpan(body.Length));
        sealedBody.AsSpan(body.Length, 16).CopyTo(swapped.AsSpan(body.Length + 16));

        Assert.True(TryOpen(CryptoTestKeys.Key(), Offset, Header, sealedBody, out _));
        Assert.False(TryOpen(CryptoTestKeys.Key(), Offset, Header, swapped, out _));
    }

    [Fact]
    public void The_first_chunk_alone_does_not_open_as_a_shorter_body()
    {
        var body = Enumerable.Range(0, SealedLayout.ChunkLength + 100).Select(i => (byte)i).ToArray();
        var sealedBody = Seal(CryptoTestKeys.Key(), Offset, Header, body);
        var cut = sealedBody.AsSpan(0, SealedLayout.ChunkLength).ToArray().Concat(sealedBody.AsSpan(body.Length, 16).ToArray()).ToArray();

        Assert.False(TryOpen(CryptoTestKeys.Key(), Offset, Header, cut, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(3 * 65536)]
    [InlineData(SealedLayout.MaxLogicalLength)]
    public void Stored_lengths_map_back_to_plaintext_lengths(int length)
    {
        Assert.True(SealedLayout.TryLogicalLength(SealedLayout.StoredLength(length), out var back));
        Assert.Equal(length, back);
        Assert.True(SealedLayout.StoredLength(SealedLayout.MaxLogicalLength) <= RecordFraming.MaxBodyLength);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(65536 + 16 + 1)]
    [InlineData(65536 + 16 + 16)]
    public void Lengths_no_body_stores_as_are_rejected(int stored) =>
        Assert.False(SealedLayout.TryLogicalLength(stored, out _));

    [Fact]
    public void Nonces_for_different_offsets_differ()
    {
        var seen = new HashSet<string>();
        var nonce = new byte[RecordSealer.NonceLength];
        long[] offsets = [0, 1, 255, 256, 4096, 1L << 32, (1L << 32) + 1, long.MaxValue];

        foreach (var offset in offsets)
        {
            RecordSealer.DeriveNonce(offset, 0, Header, nonce);
            Assert.True(seen.Add(Convert.ToHexString(nonce)), $"offset {offset} repeated a nonce");
        }
    }

    [Fact]
    public void The_same_body_at_the_same_offset_in_another_epoch_uses_another_keystream()
    {
        byte[] other = [.. Header];
        other[RecordFraming.ReservedOffset] = 1;
        var a = Seal(CryptoTestKeys.Key(), Offset, Header, Body);
        var b = Seal(CryptoTestKeys.Key(), Offset, other, Body);
        Assert.False(a.AsSpan(0, Body.Length).SequenceEqual(b.AsSpan(0, Body.Length)));
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
        using var cipher = ChaChaSupport.Create(CryptoTestKeys.Key());
        Assert.Throws<ArgumentException>(() =>
            RecordSealer.Seal(cipher, Offset, Header, Body, new byte[SealedLayout.StoredLength(Body.Length) - 1]));
    }
}
