using System.Buffers.Binary;

namespace Capsule.Fuzz;

/// <summary>The mutation kinds, reported per kind so a run shows which ones it exercised.</summary>
public enum MutationKind
{
    BitFlip,
    SetByte,
    Truncate,
    Splice,
    LengthEdit,
    Insert,
    Delete,

    /// <summary>
    /// Overwrite a field inside a record body, then recompute every checksum that covers it; in an
    /// encrypted capsule the field is in the plaintext and the body is sealed again (<see cref="FuzzKeys"/>).
    /// </summary>
    FixupBody,

    /// <summary>Overwrite a superblock field, then recompute the slot's CRC.</summary>
    FixupSuperblock,
}

/// <summary>
/// One mutation, self-contained and replayable: applying the same list to the same seed gives the
/// same bytes, so a finding can be written down as "seed + mutations" as well as raw bytes.
/// </summary>
/// <param name="Offset">File offset (for record mutations: the record's header offset).</param>
/// <param name="Value">Bit index, byte value, new length, byte count or position in the body, by kind.</param>
/// <param name="Data">Bytes written (splice, insert, fix-up field value).</param>
/// <param name="FixCrc">For <see cref="MutationKind.LengthEdit"/>: also write a valid CRC at the new end.</param>
public sealed record Mutation(MutationKind Kind, long Offset, long Value, byte[]? Data = null, bool FixCrc = false)
{
    public byte[] Apply(byte[] input)
    {
        var bytes = input;
        switch (Kind)
        {
            case MutationKind.BitFlip when Offset < bytes.Length:
                bytes = (byte[])input.Clone();
                bytes[Offset] ^= (byte)(1 << (int)(Value & 7));
                break;
            case MutationKind.SetByte when Offset < bytes.Length:
                bytes = (byte[])input.Clone();
                bytes[Offset] = (byte)Value;
                break;
            case MutationKind.Truncate:
                bytes = input.AsSpan(0, (int)Math.Min(Value, input.Length)).ToArray();
                break;
            case MutationKind.Splice when Offset <= bytes.Length:
                bytes = new byte[Math.Max(input.Length, Offset + Data!.Length)];
                input.CopyTo(bytes, 0);
                Data.CopyTo(bytes, Offset);
                break;
            case MutationKind.Insert when Offset <= bytes.Length:
                bytes = [.. input.AsSpan(0, (int)Offset), .. Data!, .. input.AsSpan((int)Offset)];
                break;
            case MutationKind.Delete when Offset < bytes.Length:
                var count = (int)Math.Min(Value, input.Length - Offset);
                bytes = [.. input.AsSpan(0, (int)Offset), .. input.AsSpan((int)Offset + count)];
                break;
            case MutationKind.LengthEdit when Offset + 8 <= bytes.Length:
                bytes = (byte[])input.Clone();
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)Offset + 4), (uint)Value);
                if (FixCrc && RecordMap.At(bytes, Offset) is { } edited)
                {
                    RecordMap.FixChecksums(bytes, edited);
                }
                break;
            case MutationKind.FixupBody:
                bytes = (byte[])input.Clone();
                if (RecordMap.At(bytes, Offset) is { } sealedRecord && Value >= 0 && FuzzKeys.TryRewriteSealed(bytes, sealedRecord, Value, Data))
                {
                    break; // an encrypted capsule: the plaintext changed and the body was sealed again
                }
                if (RecordMap.At(bytes, Offset) is { } record && Value >= 0 && Value + Data!.Length <= record.BodyLength)
                {
                    Data.CopyTo(bytes, record.BodyOffset + Value);
                    RecordMap.FixChecksums(bytes, record);
                }
                break;
            case MutationKind.FixupSuperblock when Offset + Data!.Length <= bytes.Length:
                bytes = (byte[])input.Clone();
                Data.CopyTo(bytes, Offset);
                RecordMap.FixSuperblock(bytes, (int)(Offset / Format.Superblock.SlotSize));
                break;
        }
        return bytes;
    }

    public static byte[] ApplyAll(byte[] seed, IEnumerable<Mutation> mutations) =>
        mutations.Aggregate(seed, (bytes, m) => m.Apply(bytes));

    /// <summary>The mutation as a C# expression, for regression snippets.</summary>
    public string ToCSharp()
    {
        var data = Data is null ? "null" : $"Convert.FromHexString(\"{Convert.ToHexString(Data)}\")";
        return $"new Mutation(MutationKind.{Kind}, {Offset}, {Value}, {data}{(FixCrc ? ", FixCrc: true" : "")})";
    }

    public override string ToString() =>
        $"{Kind}@{Offset} value={Value}{(Data is null ? "" : $" data={Convert.ToHexString(Data.AsSpan(0, Math.Min(Data.Length, 16)))}{(Data.Length > 16 ? "…" : "")}")}{(FixCrc ? " +crc" : "")}";
}
