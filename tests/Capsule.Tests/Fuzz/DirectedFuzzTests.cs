using System.Buffers.Binary;
using Capsule.Fuzz;

namespace Capsule.Tests.Fuzz;

/// <summary>
/// Findings that need two coordinated edits, which random mutation rarely draws: built here by hand
/// from a seed, with every checksum recomputed, so only the planted inconsistency remains.
/// </summary>
public sealed class DirectedFuzzTests
{
    /// <summary>
    /// A zstd block that claims a raw length of 1 GiB (and a header raw-byte sum that agrees) passes
    /// SegmentView.CheckBlockTable; FrameReader.BlockBytes then allocates the 1 GiB buffer before the
    /// codec can say the block does not decode to that size (with int.MaxValue the allocation throws
    /// OutOfMemoryException instead). Expected: a
    /// CorruptCapsuleException without the allocation (raw length bounded, e.g. by the block size
    /// the writer uses or a multiple of the stored length).
    /// </summary>
    [Fact]
    public void A_block_claiming_a_one_gigabyte_raw_length_is_rejected_without_allocating_it()
    {
        var seed = Seeds.ByName("rich").Bytes;
        var segment = RecordMap.Walk(seed).First(r => r.Kind == 1 && seed[r.BodyOffset + 12] == 3); // codec 3: zstd + dictionary
        var body = seed.AsSpan((int)segment.BodyOffset, segment.BodyLength);
        var dictionary = BinaryPrimitives.ReadInt32LittleEndian(body[20..]);
        var rawLengthAt = 32 + dictionary + 12; // block 0's raw length in the block table
        var oldRaw = BinaryPrimitives.ReadUInt32LittleEndian(body[rawLengthAt..]);
        var totalRaw = BinaryPrimitives.ReadUInt64LittleEndian(body[24..]);

        var bytes = Mutation.ApplyAll(seed,
        [
            new Mutation(MutationKind.FixupBody, segment.Offset, rawLengthAt, LittleEndian(1 << 30, 4)),
            new Mutation(MutationKind.FixupBody, segment.Offset, 24, LittleEndian(totalRaw - oldRaw + (1 << 30), 8)),
        ]);

        FuzzRegressionTests.AssertNoFinding(bytes);
    }

    private static byte[] LittleEndian(ulong value, int width)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes[..width];
    }
}
