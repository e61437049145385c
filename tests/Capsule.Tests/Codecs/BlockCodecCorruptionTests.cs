using Capsule.Codecs;
using Xunit;

namespace Capsule.Tests.Codecs;

/// <summary>
/// Attacks the decoder with damaged blocks. Every failure message names the seed, so a failing
/// case can be replayed and frozen as a byte-literal regression test.
/// </summary>
public sealed class BlockCodecCorruptionTests(TrainedDictionaryFixture fixture) : IClassFixture<TrainedDictionaryFixture>
{
    private const int Mutations = 400;
    private const int Guard = 64;
    private const byte Canary = 0xA5;

    public static TheoryData<CodecId> AllCodecs() => new(Enum.GetValues<CodecId>());

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Truncated_blocks_are_rejected(CodecId codec)
    {
        for (var seed = 0; seed < Mutations; seed++)
        {
            var (input, block) = Encode(codec, seed);
            var random = new Random(seed);
            var cut = random.Next(block.Length); // strictly shorter than the block, possibly empty

            var ok = Decode(codec, block.AsSpan(0, cut), input.Length, out _, $"seed {seed}, cut {cut}/{block.Length}");

            Assert.False(ok, $"{codec}: seed {seed}: block truncated to {cut} of {block.Length} bytes was accepted");
        }
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Blocks_decoded_to_a_different_length_are_rejected(CodecId codec)
    {
        for (var seed = 0; seed < Mutations; seed++)
        {
            var (input, block) = Encode(codec, seed);
            var random = new Random(seed);
            var delta = random.Next(2) == 0 ? -random.Next(1, input.Length + 1) : random.Next(1, 5000);
            if (input.Length + delta < 0)
            {
                delta = 1;
            }

            var ok = Decode(codec, block, input.Length + delta, out _, $"seed {seed}, delta {delta}");

            Assert.False(ok, $"{codec}: seed {seed}: block of {input.Length} raw bytes accepted as {input.Length + delta}");
        }
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Bit_flipped_blocks_never_escape_their_buffers(CodecId codec)
    {
        // LZ4 and zstd blocks carry no checksum of their own (the record's CRC-32C covers them),
        // so a flip inside a literal can decode "successfully" to wrong bytes. What the decoder
        // must guarantee is that it stays inside its buffers and never throws; the canaries
        // around the destination check the first, Decode's lack of exceptions the second.
        var rejected = 0;
        for (var seed = 0; seed < Mutations; seed++)
        {
            var (input, block) = Encode(codec, seed);
            var random = new Random(seed);
            var flips = 1 + random.Next(3);
            for (var i = 0; i < flips; i++)
            {
                block[random.Next(block.Length)] ^= (byte)(1 << random.Next(8));
            }

            if (!Decode(codec, block, input.Length, out _, $"seed {seed}"))
            {
                rejected++;
            }
        }

        if (codec is CodecId.Zstd or CodecId.ZstdDictionary)
        {
            // zstd's entropy coders turn most flips into decode errors; if none were caught the
            // result was not being checked at all.
            Assert.True(rejected > Mutations / 4, $"{codec}: only {rejected} of {Mutations} bit-flipped blocks were rejected");
        }
    }

    [Theory]
    [InlineData(CodecId.Zstd)]
    [InlineData(CodecId.ZstdDictionary)]
    public void Zstd_blocks_with_a_damaged_magic_number_are_rejected(CodecId codec)
    {
        for (var seed = 0; seed < 64; seed++)
        {
            var (input, block) = Encode(codec, seed);
            var bit = seed % 32;
            block[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.False(Decode(codec, block, input.Length, out _, $"seed {seed}"), $"{codec}: seed {seed}: magic bit {bit} flipped was accepted");
        }
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Random_garbage_never_escapes_its_buffers(CodecId codec)
    {
        var accepted = 0;
        for (var seed = 0; seed < Mutations; seed++)
        {
            var random = new Random(seed);
            var garbage = CodecTestData.Random(random.Next(0, 300), seed);
            var expected = random.Next(0, 2000);
            if (Decode(codec, garbage, expected, out _, $"seed {seed}"))
            {
                accepted++;
            }
        }

        if (codec is CodecId.Zstd or CodecId.ZstdDictionary)
        {
            // Random bytes match zstd's 4-byte magic number with probability 2^-32.
            Assert.True(accepted == 0, $"{codec}: {accepted} random buffers were accepted as zstd frames");
        }
    }

    [Fact]
    public void A_block_from_the_wrong_codec_is_rejected()
    {
        var input = CodecTestData.Text(5000, seed: 11);
        var zstd = new byte[BlockCodec.MaxCompressedLength(CodecId.Zstd, input.Length)];
        var written = BlockCodec.Compress(CodecId.Zstd, input, zstd, 3, null);

        Assert.False(Decode(CodecId.Lz4, zstd.AsSpan(0, written), input.Length, out _, "zstd as lz4"));
        Assert.False(Decode(CodecId.Raw, zstd.AsSpan(0, written), input.Length, out _, "zstd as raw"));

        var withDictionary = new byte[zstd.Length];
        var dictWritten = BlockCodec.Compress(CodecId.ZstdDictionary, input, withDictionary, 3, fixture.Dictionary);
        Assert.False(Decode(CodecId.Zstd, withDictionary.AsSpan(0, dictWritten), input.Length, out _, "dictionary frame without dictionary"));
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void An_empty_block_decodes_only_as_raw_to_nothing(CodecId codec)
    {
        // zstd on its own treats zero bytes as zero frames holding zero bytes, a "success" that
        // no compressor output can produce.
        var ok = Decode(codec, ReadOnlySpan<byte>.Empty, 0, out _, "empty");

        Assert.Equal(codec == CodecId.Raw, ok);
    }

    [Fact]
    public void Zstd_blocks_must_be_exactly_one_frame()
    {
        var input = CodecTestData.Text(700, seed: 12);
        var frame = new byte[BlockCodec.MaxCompressedLength(CodecId.Zstd, input.Length)];
        var written = BlockCodec.Compress(CodecId.Zstd, input, frame, 3, null);
        var emptyFrame = new byte[BlockCodec.MaxCompressedLength(CodecId.Zstd, 0)];
        var emptyWritten = BlockCodec.Compress(CodecId.Zstd, [], emptyFrame, 3, null);

        // A skippable frame (magic 0x184D2A50, little-endian length 3, 3 bytes) before the real one.
        byte[] skippable = [0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3];
        byte[] trailing = [.. frame.AsSpan(0, written), 0];
        byte[] twoFrames = [.. frame.AsSpan(0, written), .. emptyFrame.AsSpan(0, emptyWritten)];

        Assert.True(Decode(CodecId.Zstd, frame.AsSpan(0, written), input.Length, out _, "one frame"));
        Assert.False(Decode(CodecId.Zstd, [.. skippable, .. frame.AsSpan(0, written)], input.Length, out _, "skippable first"));
        Assert.False(Decode(CodecId.Zstd, skippable, 0, out _, "skippable only"));
        Assert.False(Decode(CodecId.Zstd, trailing, input.Length, out _, "trailing byte"));
        Assert.False(Decode(CodecId.Zstd, twoFrames, input.Length, out _, "two frames"));
    }

    private (byte[] Input, byte[] Block) Encode(CodecId codec, int seed)
    {
        var random = new Random(seed);
        var size = random.Next(1, 3000);
        var input = codec == CodecId.ZstdDictionary && random.Next(2) == 0
            ? CodecTestData.JsonSample(seed, seed)
            : CodecTestData.Text(size, seed);
        var block = new byte[BlockCodec.MaxCompressedLength(codec, input.Length)];
        var written = BlockCodec.Compress(codec, input, block, 3, fixture.Dictionary);
        return (input, block.AsSpan(0, written).ToArray());
    }

    /// <summary>Decodes into a destination fenced by canaries and asserts the fences survived.</summary>
    private bool Decode(CodecId codec, ReadOnlySpan<byte> block, int expectedLength, out byte[] output, string context)
    {
        var fenced = new byte[Guard + expectedLength + Guard];
        fenced.AsSpan().Fill(Canary);
        var ok = BlockCodec.TryDecompress(codec, block, fenced.AsSpan(Guard, expectedLength), fixture.Dictionary);
        for (var i = 0; i < Guard; i++)
        {
            Assert.True(fenced[i] == Canary, $"{codec}: {context}: wrote before the destination at -{Guard - i}");
            Assert.True(fenced[Guard + expectedLength + i] == Canary, $"{codec}: {context}: wrote past the destination at +{i}");
        }

        output = fenced.AsSpan(Guard, expectedLength).ToArray();
        return ok;
    }
}
