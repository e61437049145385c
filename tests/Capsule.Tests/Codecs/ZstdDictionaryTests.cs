using Capsule.Codecs;
using Xunit;

namespace Capsule.Tests.Codecs;

public sealed class ZstdDictionaryTests(TrainedDictionaryFixture fixture) : IClassFixture<TrainedDictionaryFixture>
{
    [Fact]
    public void Training_on_many_similar_samples_gives_a_dictionary_within_the_size_limit()
    {
        var content = fixture.Dictionary.Content;

        Assert.InRange(content.Length, ZstdDictionary.MinTrainedSize, 16 * 1024);
    }

    [Fact]
    public void Dictionary_compression_beats_plain_zstd_on_small_samples()
    {
        // Held-out samples (another seed), so the dictionary is not just echoing its training set.
        var samples = CodecTestData.JsonSamples(200, seed: 99);
        long raw = 0, plain = 0, withDictionary = 0;
        foreach (var sample in samples)
        {
            raw += sample.Length;
            plain += CompressedSize(CodecId.Zstd, sample.Span, null);
            withDictionary += CompressedSize(CodecId.ZstdDictionary, sample.Span, fixture.Dictionary);
        }

        // Small records share their structure across records, not within one, which is exactly
        // what a dictionary captures; expect a large win, not a marginal one.
        Assert.True(withDictionary * 2 < plain, $"raw {raw}, zstd {plain}, zstd+dictionary {withDictionary}");
    }

    [Fact]
    public void Training_on_two_tiny_samples_returns_null()
    {
        var samples = new List<ReadOnlyMemory<byte>> { "ab"u8.ToArray(), "cd"u8.ToArray() };

        Assert.Null(ZstdDictionary.Train(samples, 16 * 1024));
    }

    [Fact]
    public void Training_on_nothing_or_with_a_tiny_limit_returns_null()
    {
        Assert.Null(ZstdDictionary.Train([], 16 * 1024));
        Assert.Null(ZstdDictionary.Train([ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty], 16 * 1024));
        Assert.Null(ZstdDictionary.Train(CodecTestData.JsonSamples(500, seed: 1), 100));
    }

    [Fact]
    public void Training_rejects_a_non_positive_size_limit()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ZstdDictionary.Train(CodecTestData.JsonSamples(10, seed: 1), 0));
    }

    [Fact]
    public void Training_is_deterministic()
    {
        using var a = ZstdDictionary.Train(CodecTestData.JsonSamples(300, seed: 3), 8 * 1024);
        using var b = ZstdDictionary.Train(CodecTestData.JsonSamples(300, seed: 3), 8 * 1024);

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.True(a.Content.Span.SequenceEqual(b.Content.Span), "two trainings on the same samples gave different dictionaries");
    }

    [Fact]
    public void A_dictionary_reloaded_from_its_bytes_decodes_what_the_original_encoded()
    {
        var input = CodecTestData.JsonSample(5, seed: 42);
        var block = new byte[BlockCodec.MaxCompressedLength(CodecId.ZstdDictionary, input.Length)];
        var written = BlockCodec.Compress(CodecId.ZstdDictionary, input, block, 3, fixture.Dictionary);

        using var reloaded = ZstdDictionary.FromBytes(fixture.Dictionary.Content.ToArray());
        var output = new byte[input.Length];

        Assert.True(BlockCodec.TryDecompress(CodecId.ZstdDictionary, block.AsSpan(0, written), output, reloaded));
        Assert.Equal(input, output);
    }

    [Fact]
    public void A_block_is_rejected_under_a_different_dictionary()
    {
        using var other = ZstdDictionary.Train(CodecTestData.JsonSamples(500, seed: 1234), 4 * 1024);
        Assert.NotNull(other);
        var input = CodecTestData.JsonSample(5, seed: 42);
        var block = new byte[BlockCodec.MaxCompressedLength(CodecId.ZstdDictionary, input.Length)];
        var written = BlockCodec.Compress(CodecId.ZstdDictionary, input, block, 3, fixture.Dictionary);

        Assert.False(BlockCodec.TryDecompress(CodecId.ZstdDictionary, block.AsSpan(0, written), new byte[input.Length], other));
    }

    [Fact]
    public void FromBytes_rejects_empty_content()
    {
        Assert.Throws<ArgumentException>(() => ZstdDictionary.FromBytes(ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void FromBytes_copies_the_callers_buffer()
    {
        var bytes = fixture.Dictionary.Content.ToArray();
        using var dictionary = ZstdDictionary.FromBytes(bytes);
        bytes.AsSpan().Clear();

        Assert.True(dictionary.Content.Span.SequenceEqual(fixture.Dictionary.Content.Span));
    }

    [Fact]
    public void A_damaged_dictionary_fails_decoding_softly_and_compression_loudly()
    {
        // A zstd dictionary's magic number (0xEC30A437, little-endian) followed by garbage
        // entropy tables: libzstd refuses to digest it.
        var damaged = new byte[1024];
        new Random(5).NextBytes(damaged);
        damaged[0] = 0x37; damaged[1] = 0xA4; damaged[2] = 0x30; damaged[3] = 0xEC;
        using var dictionary = ZstdDictionary.FromBytes(damaged);
        var input = CodecTestData.JsonSample(1, seed: 1);
        var block = new byte[BlockCodec.MaxCompressedLength(CodecId.ZstdDictionary, input.Length)];
        var written = BlockCodec.Compress(CodecId.ZstdDictionary, input, block, 3, fixture.Dictionary);

        Assert.False(BlockCodec.TryDecompress(CodecId.ZstdDictionary, block.AsSpan(0, written), new byte[input.Length], dictionary));
        Assert.Throws<ArgumentException>(() => BlockCodec.Compress(CodecId.ZstdDictionary, input, block, 3, dictionary));
    }

    [Fact]
    public void Raw_content_dictionaries_work_too()
    {
        // Bytes without the dictionary magic are used by zstd as plain shared history.
        using var dictionary = ZstdDictionary.FromBytes(CodecTestData.JsonSample(0, seed: 8));
        var input = CodecTestData.JsonSample(1, seed: 8);
        var block = new byte[BlockCodec.MaxCompressedLength(CodecId.ZstdDictionary, input.Length)];
        var written = BlockCodec.Compress(CodecId.ZstdDictionary, input, block, 5, dictionary);
        var output = new byte[input.Length];

        Assert.True(BlockCodec.TryDecompress(CodecId.ZstdDictionary, block.AsSpan(0, written), output, dictionary));
        Assert.Equal(input, output);
    }

    [Fact]
    public void One_dictionary_serves_many_threads_at_once()
    {
        var inputs = Enumerable.Range(0, 64).Select(i => CodecTestData.JsonSample(i, seed: 77)).ToArray();
        var blocks = new byte[inputs.Length][];
        var failures = 0;

        Parallel.For(0, 8 * inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var input = inputs[i % inputs.Length];
            var level = 1 + (i % 4); // several CDicts created concurrently too
            var block = new byte[BlockCodec.MaxCompressedLength(CodecId.ZstdDictionary, input.Length)];
            var written = BlockCodec.Compress(CodecId.ZstdDictionary, input, block, level, fixture.Dictionary);
            var output = new byte[input.Length];
            if (!BlockCodec.TryDecompress(CodecId.ZstdDictionary, block.AsSpan(0, written), output, fixture.Dictionary)
                || !output.AsSpan().SequenceEqual(input))
            {
                Interlocked.Increment(ref failures);
            }

            blocks[i % inputs.Length] = block;
        });

        Assert.Equal(0, failures);
        Assert.All(blocks, Assert.NotNull);
    }

    [Fact]
    public void A_disposed_dictionary_throws_ObjectDisposedException()
    {
        var dictionary = ZstdDictionary.FromBytes(fixture.Dictionary.Content);
        var input = CodecTestData.JsonSample(1, seed: 1);
        var block = new byte[BlockCodec.MaxCompressedLength(CodecId.ZstdDictionary, input.Length)];
        var written = BlockCodec.Compress(CodecId.ZstdDictionary, input, block, 3, dictionary);
        var output = new byte[input.Length];
        Assert.True(BlockCodec.TryDecompress(CodecId.ZstdDictionary, block.AsSpan(0, written), output, dictionary));

        dictionary.Dispose();
        dictionary.Dispose(); // idempotent

        Assert.Throws<ObjectDisposedException>(() => BlockCodec.Compress(CodecId.ZstdDictionary, input, block, 3, dictionary));
        Assert.Throws<ObjectDisposedException>(() => BlockCodec.TryDecompress(CodecId.ZstdDictionary, block.AsSpan(0, written), output, dictionary));
        Assert.Equal(fixture.Dictionary.Content.Length, dictionary.Content.Length);
    }

    private static int CompressedSize(CodecId codec, ReadOnlySpan<byte> input, ZstdDictionary? dictionary)
    {
        var block = new byte[BlockCodec.MaxCompressedLength(codec, input.Length)];
        return BlockCodec.Compress(codec, input, block, 3, dictionary);
    }
}
