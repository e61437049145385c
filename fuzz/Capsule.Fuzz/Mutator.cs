using System.Buffers.Binary;
using Capsule.Format;

namespace Capsule.Fuzz;

/// <summary>
/// Draws random mutations from a seeded <see cref="Random"/> (same seed, same sequence). About half
/// are structure-aware fix-ups: CRC-32C catches nearly every blind flip, so blind mutations mostly
/// test the checksum, while fix-ups reach the parsers behind it.
/// </summary>
public sealed class Mutator(Random random, IReadOnlyList<SeedInput> donors)
{
    private static readonly (MutationKind Kind, int Weight)[] Weights =
    [
        (MutationKind.BitFlip, 6), (MutationKind.SetByte, 6), (MutationKind.Truncate, 4), (MutationKind.Splice, 4),
        (MutationKind.LengthEdit, 6), (MutationKind.Insert, 3), (MutationKind.Delete, 3),
        (MutationKind.FixupBody, 40), (MutationKind.FixupSuperblock, 10),
    ];

    private static readonly int TotalWeight = Weights.Sum(w => w.Weight);

    /// <summary>One mutation that applies to <paramref name="bytes"/> (it reads the current record layout).</summary>
    public Mutation Next(byte[] bytes)
    {
        var records = RecordMap.Walk(bytes);
        var pick = random.Next(TotalWeight);
        var kind = Weights.First(w => (pick -= w.Weight) < 0).Kind;
        if (records.Count == 0 && kind is MutationKind.FixupBody or MutationKind.LengthEdit)
        {
            kind = MutationKind.FixupSuperblock;
        }
        if (bytes.Length == 0)
        {
            kind = MutationKind.Splice;
        }
        return kind switch
        {
            MutationKind.BitFlip => new Mutation(kind, Position(bytes, records), random.Next(8)),
            MutationKind.SetByte => new Mutation(kind, Position(bytes, records), random.Next(3) switch { 0 => 0, 1 => 0xFF, _ => random.Next(256) }),
            MutationKind.Truncate => new Mutation(kind, 0, TruncationPoint(bytes, records)),
            MutationKind.Splice => Splice(bytes),
            MutationKind.LengthEdit => LengthEdit(records),
            MutationKind.Insert => new Mutation(kind, Position(bytes, records), 0, RandomBytes(random.Next(1, 17))),
            MutationKind.Delete => new Mutation(kind, Position(bytes, records), random.Next(1, 17)),
            MutationKind.FixupBody => FixupBody(bytes, records),
            _ => FixupSuperblock(bytes, records),
        };
    }

    /// <summary>Mostly positions near record boundaries and headers, where parsers make decisions.</summary>
    private long Position(byte[] bytes, List<RecordSpan> records)
    {
        if (records.Count > 0 && random.Next(2) == 0)
        {
            var r = records[random.Next(records.Count)];
            return Math.Min(bytes.Length - 1, r.Offset + random.Next(Math.Min(64, RecordFramingOverhead + r.BodyLength)));
        }
        return random.NextInt64(Math.Max(1, bytes.Length));
    }

    private const int RecordFramingOverhead = RecordFraming.Overhead;

    private long TruncationPoint(byte[] bytes, List<RecordSpan> records)
    {
        if (records.Count > 0 && random.Next(2) == 0)
        {
            // Just before/after a record boundary: torn tails and "one byte short" records.
            var r = records[random.Next(records.Count)];
            return Math.Max(0, (random.Next(2) == 0 ? r.Offset : r.End) + random.Next(-2, 3));
        }
        return random.NextInt64(bytes.Length + 1);
    }

    private Mutation Splice(byte[] bytes)
    {
        var source = donors.Count > 0 && random.Next(2) == 0 ? donors[random.Next(donors.Count)].Bytes : bytes;
        if (source.Length == 0)
        {
            return new Mutation(MutationKind.Splice, 0, 0, RandomBytes(random.Next(1, 64)));
        }
        var from = random.Next(source.Length);
        var length = Math.Min(source.Length - from, random.Next(1, 512));
        return new Mutation(MutationKind.Splice, random.NextInt64(bytes.Length + 1), 0, source.AsSpan(from, length).ToArray());
    }

    private Mutation LengthEdit(List<RecordSpan> records)
    {
        var r = records[random.Next(records.Count)];
        long length = random.Next(6) switch
        {
            0 => r.BodyLength + 1,
            1 => r.BodyLength - 1,
            2 => 0,
            3 => uint.MaxValue,
            4 => int.MaxValue - 64 + random.Next(-1, 2), // around RecordFraming.MaxBodyLength
            _ => r.BodyLength + random.Next(-64, 65),
        };
        return new Mutation(MutationKind.LengthEdit, r.Offset, (uint)Math.Max(0, length), null, FixCrc: random.Next(2) == 0);
    }

    private Mutation FixupBody(byte[] bytes, List<RecordSpan> records)
    {
        var r = records[random.Next(records.Count)];
        var width = Math.Min(new[] { 1, 2, 4, 8, 8 }[random.Next(5)], r.BodyLength);
        if (width == 0)
        {
            return new Mutation(MutationKind.FixupBody, r.Offset, 0, []); // an empty body: only the CRC is rewritten
        }
        // Headers and tables sit at the front of every body; aligned positions hit whole fields.
        long position = random.Next(3) switch
        {
            0 => random.Next(Math.Min(r.BodyLength - width + 1, 96)),
            1 => random.Next(Math.Max(1, (r.BodyLength - width) / width + 1)) * width,
            _ => random.NextInt64(r.BodyLength - width + 1),
        };
        var current = bytes.AsSpan((int)(r.BodyOffset + position), width);
        return new Mutation(MutationKind.FixupBody, r.Offset, position, Interesting(current, width, records, bytes.Length));
    }

    private Mutation FixupSuperblock(byte[] bytes, List<RecordSpan> records)
    {
        var slot = random.Next(Superblock.SlotCount);
        int[] fields = [Superblock.MajorOffset, Superblock.MinorOffset, Superblock.SlotSizeOffset, Superblock.IncompatibleOffset,
            Superblock.CompatibleOffset, Superblock.GenerationOffset, Superblock.HeadCommitOffsetOffset, Superblock.HeadSequenceOffset,
            Superblock.ScanStartOffset, Superblock.CreatedAtOffset, Superblock.ReservedOffset + random.Next(64)];
        var field = fields[random.Next(fields.Length)];
        var width = field switch { Superblock.MajorOffset or Superblock.MinorOffset => 2, Superblock.SlotSizeOffset => 4, _ => 8 };
        var offset = Superblock.SlotOffset(slot) + field;
        var current = offset + width <= bytes.Length ? bytes.AsSpan((int)offset, width) : new byte[width];
        return new Mutation(MutationKind.FixupSuperblock, offset, 0, Interesting(current, width, records, bytes.Length));
    }

    /// <summary>A replacement value for a little-endian field: boundaries, neighbours of the current value, or offsets that exist in the file.</summary>
    private byte[] Interesting(ReadOnlySpan<byte> current, int width, List<RecordSpan> records, long fileLength)
    {
        var value = new byte[width];
        if (width == 0)
        {
            return value;
        }
        ulong old = 0;
        for (var i = width - 1; i >= 0; i--) old = old << 8 | current[i];
        ulong max = width == 8 ? ulong.MaxValue : (1UL << (8 * width)) - 1;
        ulong chosen = random.Next(10) switch
        {
            0 => 0,
            1 => max,
            2 => max >> 1, // int.MaxValue-like
            3 => (max >> 1) + 1, // sign bit
            4 => old + 1,
            5 => old - 1,
            6 => records.Count > 0 ? (ulong)records[random.Next(records.Count)].Offset : (ulong)Superblock.DataStart,
            7 => (ulong)(fileLength + random.Next(-1, 2)),
            8 => (ulong)random.Next(0, 64),
            _ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 32),
        };
        Span<byte> le = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(le, chosen & max);
        le[..width].CopyTo(value);
        return value;
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
