using System.Buffers.Binary;
using Capsule.Format;
using Capsule.Indexing.Storage;
using Capsule.Indexing.Vector;
using Capsule.Indexing.Vector.Persisted;
using static Capsule.Indexing.Vector.Persisted.VectorPayloadLayout;

namespace Capsule.Tests.Vector.Persisted;

/// <summary>
/// Attacks the decoder: every damaged payload must either answer (damage the checks cannot see, such
/// as a changed float) or throw <see cref="FormatViolation"/>; never IndexOutOfRange, AccessViolation
/// or a hang.
/// </summary>
public sealed class PersistedVectorCorruptionTests
{
    private const int Dimension = 4;

    private static readonly float[][] Queries = PersistedTestData.Set(91, 0, 8, Dimension, VectorMetric.L2).Queries;

    /// <summary>A small index with a graph (M = 4, so lists fill and upper layers exist).</summary>
    private static byte[] Golden(VectorStorage storage = VectorStorage.F32)
    {
        var (rows, _) = PersistedTestData.Set(92, 120, 0, Dimension, VectorMetric.L2);
        using var column = VectorTestData.Column(rows, Dimension);
        return VectorIndexWriter.Write(PersistedTestData.FrameIds(120), column, VectorMetric.L2, storage,
            new HnswParameters { M = 4, EfConstruction = 32 }, graphThreshold: 0);
    }

    /// <summary>Opens and runs every kind of read; returns the FormatViolation if one was thrown.</summary>
    private static FormatViolation? Exercise(IndexPayload payload)
    {
        try
        {
            var index = PersistedVectorIndex.Open(payload);
            foreach (var query in Queries)
            {
                index.Search(query, 5, 16);
                index.Search(query, 5, 16, id => id % 2 == 0, selectivity: 0.5);
                index.ExactSearch(query, 5);
            }
            if (index.Count > 0)
            {
                VectorIndexMerger.Merge([index], new HnswParameters { M = 4, EfConstruction = 8 }, graphThreshold: 0);
            }
            return null;
        }
        catch (FormatViolation violation)
        {
            return violation;
        }
    }

    [Fact]
    public void The_golden_payload_reads_cleanly()
    {
        using var payload = IndexPayload.FromBytes(Golden());
        Assert.Null(Exercise(payload));
    }

    [Theory]
    [InlineData(VectorStorage.F32)]
    [InlineData(VectorStorage.Int8)]
    public void Truncation_at_every_offset_is_a_format_violation(VectorStorage storage)
    {
        var golden = Golden(storage);
        for (var length = 0; length < golden.Length; length++)
        {
            using var payload = IndexPayload.FromBytes(golden[..length]);
            Assert.True(Exercise(payload) is not null, $"truncated to {length} of {golden.Length} bytes was accepted");
        }
    }

    [Theory]
    [InlineData(VectorStorage.F32)]
    [InlineData(VectorStorage.F16)]
    [InlineData(VectorStorage.Int8)]
    public void Every_flipped_byte_without_page_checksums_answers_or_is_a_format_violation(VectorStorage storage)
    {
        var golden = Golden(storage);
        for (var at = 0; at < golden.Length; at++)
        {
            var damaged = (byte[])golden.Clone();
            damaged[at] ^= 0xFF;
            using var payload = IndexPayload.FromBytes(damaged);
            // Any exception other than FormatViolation escapes Exercise and fails the test, naming nothing;
            // so name the byte first.
            try
            {
                Exercise(payload);
            }
            catch (Exception other)
            {
                Assert.Fail($"flipping byte {at} threw {other.GetType().Name}: {other.Message}");
            }
        }
    }

    [Fact]
    public void Every_flipped_byte_with_page_checksums_is_a_format_violation_naming_the_page()
    {
        var golden = Golden();
        // One byte per 97 keeps the run short while hitting header, tables, lists and rows on every page.
        for (var at = 0; at < golden.Length; at += 97)
        {
            var damaged = (byte[])golden.Clone();
            damaged[at] ^= 0x01;
            using var payload = PersistedTestData.Mapped(damaged, golden);
            var index = (Exception?)null;
            try
            {
                var opened = PersistedVectorIndex.Open(payload);
                opened.ExactSearch(Queries[0], 5);
                VectorIndexMerger.Merge([opened], new HnswParameters { M = 4, EfConstruction = 8 }, graphThreshold: 0);
            }
            catch (FormatViolation violation)
            {
                index = violation;
            }
            Assert.True(index is not null, $"flipped byte {at} went unnoticed");
            Assert.Contains($"index page {at / IndexPayload.PageSize} ", index!.Message);
        }
    }

    [Fact]
    public void A_neighbour_id_out_of_range_is_a_format_violation_naming_the_node()
    {
        var golden = Golden();
        var layer0 = (int)BinaryPrimitives.ReadUInt64LittleEndian(golden.AsSpan(SectionEntryOffset(Section.Layer0)));
        var entry = BinaryPrimitives.ReadInt32LittleEndian(golden.AsSpan(EntryPointOffset));
        var slot = layer0 + (entry * Layer0Ints(4) * sizeof(uint));
        Assert.True(BinaryPrimitives.ReadUInt32LittleEndian(golden.AsSpan(slot)) > 0);
        BinaryPrimitives.WriteUInt32LittleEndian(golden.AsSpan(slot + 4), 120);
        using var payload = IndexPayload.FromBytes(golden);
        var index = PersistedVectorIndex.Open(payload);
        var violation = Assert.Throws<FormatViolation>(() => index.Search(Queries[0], 5, 16));
        Assert.Equal($"vector index node {entry} links to 120 on layer 0, but there are 120 rows", violation.Message);
    }

    [Theory]
    [InlineData(CountOffset, 121u, "section")]
    [InlineData(CountOffset, 0xFFFF_FFFFu, "row count")]
    [InlineData(DimensionOffset, 0u, "dimension 0")]
    [InlineData(DimensionOffset, 17u, "section Vectors")]
    [InlineData(MOffset, 5u, "M=5")]
    [InlineData(MOffset, 1u, "parameters")]
    [InlineData(EntryPointOffset, 120u, "entry point 120")]
    [InlineData(MaxLevelOffset, 33u, "max level 33")]
    [InlineData(VersionOffset, 2u, "version 2")]
    [InlineData(HeaderLengthOffset, 512u, "header length")]
    [InlineData(UpperLinkIntsOffset, 5u, "section UpperLinks")]
    public void Bad_header_fields_are_format_violations_on_open(int offset, uint value, string named)
    {
        var golden = Golden();
        BinaryPrimitives.WriteUInt32LittleEndian(golden.AsSpan(offset), value);
        using var payload = IndexPayload.FromBytes(golden);
        var violation = Assert.Throws<FormatViolation>(() => PersistedVectorIndex.Open(payload));
        Assert.Contains(named, violation.Message);
    }

    [Fact]
    public void A_section_offset_that_points_outside_the_payload_is_a_format_violation()
    {
        var golden = Golden();
        BinaryPrimitives.WriteUInt64LittleEndian(golden.AsSpan(SectionEntryOffset(Section.Vectors)), ulong.MaxValue - 7);
        using var payload = IndexPayload.FromBytes(golden);
        Assert.Contains("section Vectors", Assert.Throws<FormatViolation>(() => PersistedVectorIndex.Open(payload)).Message);
    }

    [Fact]
    public void Header_sizes_add_up()
    {
        Assert.Equal(256, HeaderLength);
        Assert.Equal(80, SectionTableOffset);
        Assert.Equal(0x5849434556535043UL, BinaryPrimitives.ReadUInt64LittleEndian("CPSVECIX"u8));
    }
}
