using System.Buffers.Binary;
using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Engine;

/// <summary>
/// Copies every committed record of a capsule, in file order, to a new device that may seal or unseal
/// bodies (Capsule.Encrypt / Decrypt, FORMAT.md §16.2 "Rewriting"). Sealing changes record lengths, so
/// records move: the offsets that bodies store (a commit's parent, segments, runs and settings; a run's
/// segments and indexes) are translated, and an index record's padding is recomputed so its payload stays
/// 64-byte aligned. Everything else (frames, tables, history, garbage runs) is copied byte for byte, so
/// the copy has the same commits, frames and timeline. The torn tail, if any, is left behind.
/// </summary>
internal static class Rewriter
{
    public static (long HeadOffset, long End) Copy(IStorageDevice source, CommittedState state, IStorageDevice target)
    {
        var moved = new Dictionary<long, long>();
        long Map(long offset) => offset == 0 ? 0
            : moved.TryGetValue(offset, out var to) ? to
            : throw new CorruptCapsuleException($"a record refers to offset {offset}, where no earlier record starts", source.Name, offset);
        var position = Superblock.DataStart;
        while (position < state.ValidEnd)
        {
            var record = RecordIO.ReadCommitted(source, position, KindAt(source, position), checkCrc: true);
            var body = source.Read(record.BodyOffset, record.BodyLength).ToArray();
            body = record.Kind switch
            {
                RecordKind.Commit => TranslateCommit(source, position, body, Map),
                RecordKind.Run => TranslateRun(source, position, body, Map),
                RecordKind.Index => Repad(source, record, body, target.Length + RecordFraming.HeaderLength),
                _ => body,
            };
            moved[position] = RecordIO.Append(target, record.Kind, body);
            position = record.End;
        }
        return (Map(state.NewestOffset), target.Length);
    }

    private static RecordKind KindAt(IStorageDevice device, long position) => (RecordKind)device.Read(position, 1)[0];

    private static byte[] TranslateCommit(IStorageDevice source, long offset, byte[] body, Func<long, long> map)
    {
        var commit = RecordIO.Checked(source, offset, RecordKind.Commit, () => CommitRecord.Decode(body));
        return (commit with
        {
            ParentOffset = map(commit.ParentOffset),
            Segments = [.. commit.Segments.Select(map)],
            Runs = [.. commit.Runs.Select(map)],
            SettingsOffset = map(commit.SettingsOffset),
            Branches = commit.Branches is { } table ? table with
            {
                Predecessor = map(table.Predecessor),
                Related = map(table.Related),
                HeadOffsets = [.. table.HeadOffsets.Select(map)],
            } : null,
        }).Encode();
    }

    private static byte[] TranslateRun(IStorageDevice source, long offset, byte[] body, Func<long, long> map)
    {
        var run = RecordIO.ReadRun(source, offset); // checks the layout, so the counts below are in bounds
        for (var i = 0L; i < run.SegmentCount; i++)
        {
            Patch(body, RunLayout.HeaderLength + (int)i * RunLayout.SegmentEntryLength + 12, map);
        }
        var indexesAt = body.Length - run.Indexes.Count * RunLayout.IndexEntryLength;
        for (var i = 0; i < run.Indexes.Count; i++)
        {
            Patch(body, indexesAt + i * RunLayout.IndexEntryLength + 8, map);
        }
        return body;
    }

    private static void Patch(byte[] body, int at, Func<long, long> map) =>
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(at), map(BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(at))));

    /// <summary>The same index header and payload, with the zero padding that aligns the payload at its new offset.</summary>
    private static byte[] Repad(IStorageDevice source, RecordLocation record, byte[] body, long newBodyOffset)
    {
        // Parsing checks the header and the lengths, so the slices below are in bounds.
        var index = RecordIO.Checked(source, record.Offset, RecordKind.Index, () => IndexRecord.Parse(source, record.Offset, record.BodyLength));
        var pages = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(IndexLayout.PageCountOffset));
        var payloadLength = (int)index.PayloadLength;
        var header = (int)IndexLayout.HeaderLength(pages);
        var padding = IndexLayout.Padding(newBodyOffset, pages);
        var copy = new byte[header + padding + payloadLength];
        body.AsSpan(0, header).CopyTo(copy);
        body.AsSpan(body.Length - payloadLength).CopyTo(copy.AsSpan(header + padding));
        return copy;
    }
}
