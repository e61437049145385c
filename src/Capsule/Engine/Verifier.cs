using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Engine;

/// <summary>
/// Reads every byte a capsule's commits depend on: both superblock slots, every record's checksum in
/// file order, every segment's tables, blocks and frames (decoded and matched against the directory),
/// every run's tables, and the commit chain. Stops a walk at the first damaged record, since record
/// boundaries past it cannot be trusted.
/// </summary>
internal static class Verifier
{
    public static VerifyReport Run(IStorageDevice device)
    {
        var problems = new List<VerifyProblem>();
        int records = 0, segments = 0;
        ulong frames = 0, commits = 0;
        long torn = 0;
        for (var slot = 0; slot < Superblock.SlotCount && device.Length >= Superblock.SlotOffset(slot) + Superblock.SlotSize; slot++)
        {
            var state = Superblock.TryRead(device.Read(Superblock.SlotOffset(slot), Superblock.SlotSize), out _, out var problem);
            if (state != Superblock.SlotState.Valid)
            {
                problems.Add(new VerifyProblem(Superblock.SlotOffset(slot), "superblock", $"slot {slot}: {problem ?? "magic bytes missing"}"));
            }
        }
        CommittedState committed;
        try
        {
            var choice = Recovery.ReadSuperblocks(device);
            committed = Recovery.Recover(device, choice.Chosen);
            // Every other branch loads as opening it would: its head commit, runs and tail (FORMAT.md §17).
            foreach (var branch in committed.Branches.Heads.Where(h => h.Name != committed.Branch))
            {
                Recovery.CheckBranchEnd(device, branch, Recovery.StateAt(device, branch.HeadOffset).Head, committed.NewestOffset);
            }
        }
        catch (CapsuleException e)
        {
            problems.Add(new VerifyProblem(e.Offset ?? 0, (e as CorruptCapsuleException)?.RecordKind ?? "file", e.Message));
            return Report(device, problems, records, commits, segments, frames, torn);
        }
        torn = committed.TornTailBytes;
        var reader = new FrameReader(device, 8 << 20);
        var position = Superblock.DataStart;
        long lastCommit = 0;
        ulong? expectedFrame = null, firstFrame = null; // the frame range of the segments since the last commit
        var boundDimension = 0;
        while (position < committed.ValidEnd)
        {
            if (RecordIO.TryRead(device, position, checkCrc: true, out var record, out var problem) != RecordStatus.Valid)
            {
                problems.Add(new VerifyProblem(position, KindName(device, position), problem));
                break;
            }
            records++;
            try
            {
                switch (record.Kind)
                {
                    case RecordKind.Segment:
                        var segment = reader.Segment(position);
                        if (expectedFrame is { } expected && segment.FirstFrameId != expected)
                        {
                            throw new CorruptCapsuleException($"segment starts at frame {segment.FirstFrameId}, expected {expected}", device.Name, position, "segment");
                        }
                        firstFrame ??= segment.FirstFrameId;
                        for (var i = 0; i < segment.FrameCount; i++)
                        {
                            reader.Read(segment, i);
                        }
                        expectedFrame = segment.EndFrameId;
                        frames += (ulong)segment.FrameCount;
                        segments++;
                        break;
                    case RecordKind.Run:
                        var run = RecordIO.ReadRun(device, position);
                        foreach (var (type, offset) in run.Indexes)
                        {
                            // The run's index table must name index records of that type over exactly its frames.
                            var location = RecordIO.ReadCommitted(device, offset, RecordKind.Index, checkCrc: true);
                            var index = RecordIO.Checked(device, offset, RecordKind.Index, () => IndexRecord.Parse(device, offset, location.BodyLength));
                            if (index.Type != type || index.FirstFrameId != run.FirstFrameId || index.EndFrameId != run.EndFrameId)
                            {
                                throw new CorruptCapsuleException($"run lists a {type} index at offset {offset} but the record there is a {index.Type} index over frames {index.FirstFrameId}..{index.EndFrameId}",
                                    device.Name, position, "run");
                            }
                        }
                        for (var i = 0L; i < run.SegmentCount; i++)
                        {
                            var entry = run.Segment(device, i);
                            var target = reader.Segment(entry.Offset);
                            if (target.FirstFrameId != entry.FirstFrameId || target.FrameCount != entry.FrameCount)
                            {
                                throw new CorruptCapsuleException($"run segment entry {i} names frames {entry.FirstFrameId}..{entry.EndFrameId} but the segment there holds {target.FirstFrameId}..{target.EndFrameId}",
                                    device.Name, position, "run");
                            }
                        }
                        break;
                    case RecordKind.Index:
                        VerifyIndex(device, position, record.BodyLength, boundDimension);
                        break;
                    case RecordKind.Settings:
                        boundDimension = Indexes.SettingsCodec.ReadAt(device, position).Embedding?.Dimension ?? 0;
                        break;
                    case RecordKind.Commit:
                        var commit = RecordIO.ReadCommit(device, position);
                        // Commits follow each other in the file (the predecessor) and each extends its parent, an
                        // earlier commit of its branch (FORMAT.md §17); its segments hold exactly its frame range.
                        var parent = commit.ParentOffset == 0 ? null : commit.ParentOffset < position ? RecordIO.ReadCommit(device, commit.ParentOffset) : null;
                        if (commit.Predecessor != lastCommit || (commit.ParentOffset != 0 && parent is null)
                            || commit.Sequence != (parent?.Sequence ?? 0) + 1 || commit.FirstFrameId != (parent?.NextFrameId ?? 0)
                            || (firstFrame ?? commit.FirstFrameId) != commit.FirstFrameId || (expectedFrame ?? commit.FirstFrameId) != commit.NextFrameId)
                        {
                            throw new CorruptCapsuleException($"commit {commit.Sequence} does not follow the commit at offset {lastCommit} or does not extend its parent at {commit.ParentOffset}", device.Name, position, "commit");
                        }
                        firstFrame = null;
                        expectedFrame = null;
                        if (commit.SettingsOffset >= position)
                        {
                            throw new CorruptCapsuleException($"commit {commit.Sequence} names settings at offset {commit.SettingsOffset}, not before itself", device.Name, position, "commit");
                        }
                        if (commit.SettingsOffset != 0)
                        {
                            Indexes.SettingsCodec.ReadAt(device, commit.SettingsOffset);
                        }
                        lastCommit = position;
                        commits++;
                        break;
                }
            }
            catch (CorruptCapsuleException e)
            {
                problems.Add(new VerifyProblem(e.Offset ?? position, e.RecordKind ?? "record", e.Message));
                break;
            }
            position = record.End;
        }
        if (problems.Count == 0 && lastCommit != committed.NewestOffset)
        {
            problems.Add(new VerifyProblem(lastCommit, "commit", $"the walk ended at commit offset {lastCommit} but the newest commit is at {committed.NewestOffset}"));
        }
        return Report(device, problems, records, commits, segments, frames, torn);
    }

    /// <summary>Checks the header and every payload page of an index record.</summary>
    /// <summary>
    /// Checks the header and every payload page of an index record, and that a vector index has the
    /// dimension of the embedding binding in force (the newest settings record before it; 0: none bound).
    /// </summary>
    private static void VerifyIndex(IStorageDevice device, long position, int bodyLength, int boundDimension)
    {
        var index = RecordIO.Checked(device, position, RecordKind.Index, () => IndexRecord.Parse(device, position, bodyLength));
        using var payload = index.OpenPayload(device);
        var bad = payload.FirstBadPage();
        if (bad >= 0)
        {
            throw new CorruptCapsuleException($"{index.Type} index page {bad} fails its checksum", device.Name, index.PayloadOffset + bad * Indexing.Storage.IndexPayload.PageSize, "index");
        }
        if (index.Type == IndexType.Vector && boundDimension != 0)
        {
            var dimension = RecordIO.Checked(device, position, RecordKind.Index, () => Indexing.Vector.Persisted.PersistedVectorIndex.Open(payload).Dimension);
            if (dimension != boundDimension)
            {
                throw new CorruptCapsuleException($"vector index holds {dimension}-dimensional rows but the capsule's embeddings have {boundDimension}", device.Name, position, "index");
            }
        }
    }

    private static string KindName(IStorageDevice device, long position) =>
        position < device.Length ? RecordKindNames.Name(device.Read(position, 1)[0]) : "record";

    private static VerifyReport Report(IStorageDevice device, List<VerifyProblem> problems, int records, ulong commits, int segments, ulong frames, long torn) =>
        new()
        {
            Path = device.Name,
            Problems = problems,
            Records = records,
            Commits = commits,
            Segments = segments,
            Frames = frames,
            TornTailBytes = torn,
        };
}
