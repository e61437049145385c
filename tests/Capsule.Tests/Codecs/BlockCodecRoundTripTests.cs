using Capsule.Codecs;
using Xunit;

namespace Capsule.Tests.Codecs;

public sealed class BlockCodecRoundTripTests(TrainedDictionaryFixture fixture) : IClassFixture<TrainedDictionaryFixture>
{
    private const int Level = 3;

    public static TheoryData<CodecId, string, int> Inputs()
    {
        var data = new TheoryData<CodecId, string, int>();
        foreach (var codec in Enum.GetValues<CodecId>())
        {
            data.Add(codec, "empty", 0);
            data.Add(codec, "random", 1);
            foreach (var size in new[] { 17, 1000, 4096, 65_543, 1 << 20 })
            {
                data.Add(codec, "random", size);
                data.Add(codec, "text", size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Round_trip_restores_the_exact_bytes(CodecId codec, string kind, int size)
    {
        var input = kind == "text" ? CodecTestData.Text(size, seed: size) : CodecTestData.Random(size, seed: size);
        var compressed = new byte[BlockCodec.MaxCompressedLength(codec, input.Length)];

        var written = BlockCodec.Compress(codec, input, compressed, Level, fixture.Dictionary);

        Assert.InRange(written, codec == CodecId.Raw ? input.Length : 1, compressed.Length);
        var output = new byte[input.Length];
        Assert.True(BlockCodec.TryDecompress(codec, compressed.AsSpan(0, written), output, fixture.Dictionary));
        Assert.Equal(input, output);
    }

    [Theory]
    [InlineData(CodecId.Lz4)]
    [InlineData(CodecId.Zstd)]
    [InlineData(CodecId.ZstdDictionary)]
    public void Compressing_codecs_shrink_text(CodecId codec)
    {
        var input = CodecTestData.Text(64 * 1024, seed: 1);
        var compressed = new byte[BlockCodec.MaxCompressedLength(codec, input.Length)];

        var written = BlockCodec.Compress(codec, input, compressed, Level, fixture.Dictionary);

        // A 20-word vocabulary is far below 8 bits per character; anything near 1:1 means the codec did nothing.
        Assert.True(written < input.Length / 2, $"{codec} wrote {written} bytes for {input.Length} bytes of text");
    }

    [Fact]
    public void Compression_is_deterministic()
    {
        var input = CodecTestData.Text(100_000, seed: 3);
        foreach (var codec in Enum.GetValues<CodecId>())
        {
            var first = new byte[BlockCodec.MaxCompressedLength(codec, input.Length)];
            var second = new byte[first.Length];
            var a = BlockCodec.Compress(codec, input, first, Level, fixture.Dictionary);
            var b = BlockCodec.Compress(codec, input, second, Level, fixture.Dictionary);
            Assert.True(first.AsSpan(0, a).SequenceEqual(second.AsSpan(0, b)), $"{codec} gave different bytes for the same input");
        }
    }

    [Fact]
    public void Higher_zstd_level_and_negative_levels_round_trip()
    {
        var input = CodecTestData.Text(50_000, seed: 4);
        foreach (var level in new[] { -5, 1, 19 })
        {
            var compressed = new byte[BlockCodec.MaxCompressedLength(CodecId.Zstd, input.Length)];
            var written = BlockCodec.Compress(CodecId.Zstd, input, compressed, level, null);
            var output = new byte[input.Length];
            Assert.True(BlockCodec.TryDecompress(CodecId.Zstd, compressed.AsSpan(0, written), output, null), $"level {level}");
            Assert.Equal(input, output);
        }
    }

    [Fact]
    public unsafe void Lz4_high_compression_output_decodes_as_an_lz4_block()
    {
        NativeLibraries.EnsureLoaded(NativeLibraries.Lz4);
        var input = CodecTestData.Text(30_000, seed: 5);
        var compressed = new byte[BlockCodec.MaxCompressedLength(CodecId.Lz4, input.Length)];
        int written;
        fixed (byte* src = input)
        fixed (byte* dst = compressed)
        {
            written = Lz4Native.LZ4_compress_HC(src, dst, input.Length, compressed.Length, 9);
        }

        Assert.InRange(written, 1, input.Length / 2);
        var output = new byte[input.Length];
        Assert.True(BlockCodec.TryDecompress(CodecId.Lz4, compressed.AsSpan(0, written), output, null));
        Assert.Equal(input, output);
    }

    [Fact]
    public void Raw_is_a_plain_copy()
    {
        var input = CodecTestData.Random(300, seed: 6);
        var destination = new byte[300];

        Assert.Equal(300, BlockCodec.Compress(CodecId.Raw, input, destination, Level, null));
        Assert.Equal(input, destination);
        Assert.Equal(123, BlockCodec.MaxCompressedLength(CodecId.Raw, 123));
    }

    [Fact]
    public void Compress_into_a_destination_shorter_than_the_bound_throws_ArgumentException()
    {
        var input = CodecTestData.Text(1000, seed: 8);
        foreach (var codec in Enum.GetValues<CodecId>())
        {
            var tooSmall = new byte[BlockCodec.MaxCompressedLength(codec, input.Length) - 1];
            var ex = Assert.Throws<ArgumentException>(() => BlockCodec.Compress(codec, input, tooSmall, Level, fixture.Dictionary));
            Assert.Equal("destination", ex.ParamName);
        }
    }

    [Fact]
    public void Compress_with_overlapping_buffers_throws_ArgumentException()
    {
        var buffer = new byte[4096];
        var ex = Assert.Throws<ArgumentException>(() =>
            BlockCodec.Compress(CodecId.Raw, buffer.AsSpan(0, 100), buffer.AsSpan(50), Level, null));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void Dictionary_codec_without_a_dictionary_throws_ArgumentException_on_compress_and_fails_on_decode()
    {
        var input = CodecTestData.JsonSample(1, seed: 9);
        var compressed = new byte[BlockCodec.MaxCompressedLength(CodecId.ZstdDictionary, input.Length)];

        var ex = Assert.Throws<ArgumentException>(() => BlockCodec.Compress(CodecId.ZstdDictionary, input, compressed, Level, null));
        Assert.Equal("dictionary", ex.ParamName);

        var written = BlockCodec.Compress(CodecId.ZstdDictionary, input, compressed, Level, fixture.Dictionary);
        Assert.False(BlockCodec.TryDecompress(CodecId.ZstdDictionary, compressed.AsSpan(0, written), new byte[input.Length], null));
    }

    [Fact]
    public void Unknown_codec_is_rejected_when_writing_and_false_when_reading()
    {
        var unknown = (CodecId)200;
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockCodec.MaxCompressedLength(unknown, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockCodec.Compress(unknown, new byte[10], new byte[100], Level, null));
        Assert.False(BlockCodec.TryDecompress(unknown, new byte[10], new byte[10], null));
    }

    [Fact]
    public void Out_of_range_arguments_throw_ArgumentOutOfRangeException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockCodec.MaxCompressedLength(CodecId.Zstd, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockCodec.MaxCompressedLength(CodecId.Lz4, Lz4Native.MaxInputSize + 1));
        var destination = new byte[BlockCodec.MaxCompressedLength(CodecId.Zstd, 10)];
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockCodec.Compress(CodecId.Zstd, new byte[10], destination, 23, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockCodec.Compress(CodecId.ZstdDictionary, new byte[10], destination, int.MinValue, fixture.Dictionary));
    }

    [Fact]
    public void Codec_ids_keep_their_on_disk_values()
    {
        // These bytes are in files already written; changing one would misread every old capsule.
        Assert.Equal(0, (byte)CodecId.Raw);
        Assert.Equal(1, (byte)CodecId.Lz4);
        Assert.Equal(2, (byte)CodecId.Zstd);
        Assert.Equal(3, (byte)CodecId.ZstdDictionary);
        Assert.Equal(4, Enum.GetValues<CodecId>().Length);
    }
}
