using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Engine;

/// <summary>
/// Opening a capsule (FORMAT.md §9): take the newest valid superblock, read the commit it names (it
/// was durable before the superblock was written, so damage there is corruption), scan forward for
/// later commits that chain onto it, and stop at the first record that does not read as valid: that
/// is the torn or abandoned tail. Then load the sealed runs and replay the commits after them.
/// Nothing is written here; a writer truncates the tail afterwards.
/// </summary>
internal static class Recovery
{
    public readonly record struct SuperblockChoice(Superblock Chosen, int ChosenSlot, bool[] SlotValid);

    public static SuperblockChoice ReadSuperblocks(IStorageDevice device)
    {
        var length = device.Length;
        if (length == 0)
        {
            throw new NotACapsuleException("the file is empty, not a capsule", device.Name);
        }
        var head = device.Read(0, (int)Math.Min(length, Superblock.MagicLength));
        var hasMagic = head.Length == Superblock.MagicLength && head.SequenceEqual(Superblock.Magic);
        if (!hasMagic && (length < Superblock.SlotSize || !device.Read(Superblock.SlotSize, Math.Min((int)(length - Superblock.SlotSize), Superblock.MagicLength)).SequenceEqual(Superblock.Magic)))
        {
            throw new NotACapsuleException("the file does not start with the capsule magic bytes", device.Name);
        }
        if (length < Superblock.DataStart)
        {
            throw new CorruptCapsuleException($"the file is {length} bytes, shorter than the {Superblock.DataStart}-byte superblock area", device.Name, length, "superblock");
        }
        Superblock? best = null;
        var bestSlot = -1;
        var valid = new bool[Superblock.SlotCount];
        var problems = new List<string>();
        for (var slot = 0; slot < Superblock.SlotCount; slot++)
        {
            var state = Superblock.TryRead(device.Read(Superblock.SlotOffset(slot), Superblock.SlotSize), out var sb, out var problem);
            if (state != Superblock.SlotState.Valid)
            {
                problems.Add($"slot {slot}: {problem ?? "no magic"}");
                continue;
            }
            if (sb.Major is < Superblock.OldestMajor or > Superblock.CurrentMajor)
            {
                throw new UnsupportedFormatException(
                    $"capsule format version {sb.Major}.{sb.Minor} is not supported (this reader understands {Superblock.OldestMajor}.x to {Superblock.CurrentMajor}.x); upgrade Capsule",
                    device.Name, Superblock.SlotOffset(slot));
            }
            var unknown = sb.IncompatibleFeatures & ~Superblock.KnownIncompatibleFeatures;
            if (unknown != 0)
            {
                throw new UnsupportedFormatException($"capsule uses features this reader does not understand (incompatible feature bits 0x{unknown:X})",
                    device.Name, Superblock.SlotOffset(slot) + Superblock.IncompatibleOffset);
            }
            valid[slot] = true;
            if (best is null || sb.Generation > best.Value.Generation)
            {
                best = sb;
                bestSlot = slot;
            }
        }
        if (best is null)
        {
            throw new CorruptCapsuleException($"both superblock slots are damaged ({string.Join("; ", problems)})", device.Name, 0, "superblock");
        }
        return new SuperblockChoice(best.Value, bestSlot, valid);
    }

    /// <summary>Opens <paramref name="branch"/> (null: the default branch) as of the newest durable commit.</summary>
    /// <exception cref="KeyNotFoundException">The capsule has no branch of that name.</exception>
    public static CommittedState Recover(IStorageDevice device, Superblock sb, string? branch = null)
    {
        var state = FindHead(device, sb);
        SelectBranch(device, state, branch);
        LoadRunsAndTail(device, state);
        return state;
    }

    /// <summary>
    /// Points a state found by <see cref="FindHead"/> (whose head is the newest record in the file) at a
    /// branch's head commit: null selects the default branch. Runs and tail are not loaded.
    /// </summary>
    public static void SelectBranch(IStorageDevice device, CommittedState state, string? branch)
    {
        var head = state.Branches.Get(branch ?? state.Branches.Default, device.Name);
        state.Branch = head.Name;
        state.HeadOffset = head.HeadOffset;
        state.Head = head.HeadOffset == 0 ? null
            : head.HeadOffset == state.NewestOffset ? state.Newest
            : RecordIO.ReadCommit(device, head.HeadOffset);
        CheckBranchEnd(device, head, state.Head, state.NewestOffset);
    }

    /// <summary>A branch table entry must end where its head commit ends (what opening the branch checks, and verify too).</summary>
    public static void CheckBranchEnd(IStorageDevice device, BranchHead head, CommitRecord? headCommit, long tableOffset)
    {
        if (headCommit is { } h && h.NextFrameId != head.NextFrameId)
        {
            throw new CorruptCapsuleException($"branch '{head.Name}' ends at frame {head.NextFrameId} but its head commit {h.Sequence} ends at {h.NextFrameId}",
                device.Name, tableOffset, "commit");
        }
    }

    /// <summary>
    /// Steps 1 and 2 of opening: the newest commit record (with the branch table), and where the valid data
    /// ends, without loading runs or replaying the tail. The state's head is that newest record until
    /// <see cref="SelectBranch"/> points it at a branch.
    /// </summary>
    public static CommittedState FindHead(IStorageDevice device, Superblock sb)
    {
        var state = new CommittedState();
        long scanFrom = Superblock.DataStart;
        if (sb.HeadCommitOffset != 0)
        {
            if (sb.HeadCommitOffset < Superblock.DataStart || sb.HeadCommitOffset >= device.Length)
            {
                throw new CorruptCapsuleException($"the superblock names a commit at offset {sb.HeadCommitOffset}, outside the {device.Length}-byte file",
                    device.Name, sb.HeadCommitOffset, "commit");
            }
            var head = RecordIO.ReadCommit(device, sb.HeadCommitOffset);
            if (head.Sequence != sb.HeadCommitSequence)
            {
                throw new CorruptCapsuleException($"the superblock names commit {sb.HeadCommitSequence} but the record there is commit {head.Sequence}",
                    device.Name, sb.HeadCommitOffset, "commit");
            }
            state.Newest = head;
            state.NewestOffset = sb.HeadCommitOffset;
            scanFrom = RecordIO.ReadCommitted(device, sb.HeadCommitOffset, RecordKind.Commit, checkCrc: false).End;
        }
        ScanForward(device, state, scanFrom);
        state.Head = state.Newest;
        state.HeadOffset = state.NewestOffset;
        return state;
    }

    /// <summary>
    /// The state exactly as it was at the commit at <paramref name="commitOffset"/> (0: before the first
    /// commit), built as for the head: that commit's runs, then a replay of the commits after its newest run.
    /// </summary>
    public static CommittedState StateAt(IStorageDevice device, long commitOffset)
    {
        var state = new CommittedState();
        if (commitOffset != 0)
        {
            state.Head = RecordIO.ReadCommit(device, commitOffset);
            state.HeadOffset = commitOffset;
            state.ValidEnd = RecordIO.ReadCommitted(device, commitOffset, RecordKind.Commit, checkCrc: false).End;
            LoadRunsAndTail(device, state);
        }
        return state;
    }

    /// <summary>Accepts later commits that chain onto the head; the first record that fails ends the valid data.</summary>
    private static void ScanForward(IStorageDevice device, CommittedState state, long from)
    {
        var position = from;
        state.ValidEnd = from;
        var pendingSegments = new List<long>();
        var pendingRuns = new List<long>();
        while (RecordIO.TryRead(device, position, checkCrc: true, out var record, out _) == RecordStatus.Valid)
        {
            if (record.Kind == RecordKind.Segment)
            {
                pendingSegments.Add(position);
            }
            else if (record.Kind is RecordKind.Run or RecordKind.Settings)
            {
                pendingRuns.Add(position);
            }
            else if (record.Kind == RecordKind.Index)
            {
                // Belongs to a run of the same commit; checked when that run's index is opened.
            }
            else
            {
                CommitRecord commit;
                try
                {
                    commit = CommitRecord.Decode(device.Read(record.BodyOffset, record.BodyLength));
                }
                catch (FormatViolation)
                {
                    break;
                }
                if (!Chains(device, state, position, commit, pendingSegments, pendingRuns))
                {
                    break;
                }
                state.Newest = commit;
                state.NewestOffset = position;
                state.ValidEnd = record.End;
                pendingSegments.Clear();
                pendingRuns.Clear();
            }
            position = record.End;
        }
        state.TornTailBytes = device.Length - state.ValidEnd;
    }

    // runs: the run and settings records read since the previous commit. A commit follows the newest
    // record in the file (its predecessor) and extends its parent, which is the predecessor itself on a
    // single-branch capsule and otherwise some branch's head (or, for a rewind or a fork, an older commit).
    private static bool Chains(IStorageDevice device, CommittedState state, long position, CommitRecord commit, List<long> segments, List<long> runs)
    {
        if (commit.Predecessor != state.NewestOffset || commit.ParentOffset >= position)
        {
            return false;
        }
        // The parent is an earlier commit another commit already depended on: damage there is corruption, not a torn tail.
        var parent = commit.ParentOffset == 0 ? null
            : commit.ParentOffset == state.NewestOffset ? state.Newest
            : RecordIO.ReadCommit(device, commit.ParentOffset);
        if (commit.Sequence != (parent?.Sequence ?? 0) + 1 || commit.FirstFrameId != (parent?.NextFrameId ?? 0))
        {
            return false;
        }
        if (!commit.Segments.SequenceEqual(segments))
        {
            return false;
        }
        if (commit.Branches is { Operation: BranchOperation.Commit } table
            && state.Branches.IndexOf(commit.Heads[table.Advanced].Key) is var at && at >= 0 && state.Branches.Heads[at].HeadOffset != commit.ParentOffset)
        {
            return false; // a plain commit extends its branch's head and nothing else
        }
        var known = new HashSet<long>(parent?.Runs ?? []);
        known.UnionWith(runs);
        foreach (var settings in new[] { parent?.SettingsOffset ?? 0, state.Newest?.SettingsOffset ?? 0 })
        {
            if (settings > 0) known.Add(settings);
        }
        return commit.Runs.All(known.Contains) && (commit.SettingsOffset == 0 || known.Contains(commit.SettingsOffset));
    }

    private static void LoadRunsAndTail(IStorageDevice device, CommittedState state)
    {
        var head = state.Head;
        if (head is null)
        {
            return;
        }
        ulong sealedThrough = 0, tailFirstFrame = 0;
        foreach (var offset in head.Runs)
        {
            var run = RecordIO.ReadRun(device, offset);
            if (run.FromSequence != sealedThrough || run.FirstFrameId != tailFirstFrame || run.RecordOffset >= state.HeadOffset)
            {
                throw new CorruptCapsuleException($"run covering commits ({run.FromSequence}, {run.ToSequence}] does not follow the previous run",
                    device.Name, offset, "run");
            }
            state.Runs.Add(run);
            sealedThrough = run.ToSequence;
            tailFirstFrame = run.EndFrameId;
        }
        if (sealedThrough > head.Sequence)
        {
            throw new CorruptCapsuleException($"runs cover commits through {sealedThrough}, past the head commit {head.Sequence}",
                device.Name, state.HeadOffset, "commit");
        }
        // Walk back from the head to the newest sealed commit, then replay forwards.
        var chain = new List<(long Offset, CommitRecord Commit)>();
        var offsetAt = state.HeadOffset;
        var commit = head;
        while (commit.Sequence > sealedThrough)
        {
            chain.Add((offsetAt, commit));
            if (commit.Sequence == sealedThrough + 1)
            {
                break;
            }
            offsetAt = commit.ParentOffset;
            var parent = RecordIO.ReadCommit(device, offsetAt);
            if (parent.Sequence + 1 != commit.Sequence || parent.NextFrameId != commit.FirstFrameId)
            {
                throw new CorruptCapsuleException($"commit {commit.Sequence} names a parent that is commit {parent.Sequence}", device.Name, offsetAt, "commit");
            }
            commit = parent;
        }
        chain.Reverse();
        var tail = new TailTables(tailFirstFrame);
        foreach (var (_, c) in chain)
        {
            ReplayCommit(device, tail, c);
        }
        if (tail.EndFrameId != head.NextFrameId)
        {
            throw new CorruptCapsuleException($"segments end at frame {tail.EndFrameId} but the head commit says {head.NextFrameId}",
                device.Name, state.HeadOffset, "commit");
        }
        state.Tail = tail;
    }

    /// <summary>What replaying (part of) a commit added: frames, tombstones among them, and frames they superseded.</summary>
    public readonly record struct Replayed(ulong Frames, ulong Tombstones, ulong Superseded);

    /// <summary>
    /// Adds a commit's segments and frame effects to the tail tables. With <paramref name="lastFrameId"/>
    /// only the frames up to it are applied (an as-of view that ends inside the commit); the tail then
    /// lists whole segments, and the view's frame limit hides the rest.
    /// </summary>
    public static Replayed ReplayCommit(IStorageDevice device, TailTables tail, CommitRecord commit, ulong lastFrameId = ulong.MaxValue)
    {
        ulong frames = 0, tombstones = 0, superseded = 0;
        foreach (var offset in commit.Segments)
        {
            var segment = RecordIO.ReadSegment(device, offset);
            if (segment.FirstFrameId > lastFrameId)
            {
                break;
            }
            if (segment.FirstFrameId != tail.EndFrameId)
            {
                throw new CorruptCapsuleException($"segment starts at frame {segment.FirstFrameId}, expected {tail.EndFrameId}", device.Name, offset, "segment");
            }
            for (var i = 0; i < segment.FrameCount && segment.FirstFrameId + (ulong)i <= lastFrameId; i++)
            {
                var index = i;
                var entry = RecordIO.Checked(device, offset, RecordKind.Segment, () => segment.Entry(device, index));
                tail.Apply(segment.FirstFrameId + (ulong)i, entry.Kind, entry.HasUri, entry.UriHash, entry.Supersedes);
                frames++;
                tombstones += entry.Kind == FrameKind.Tombstone ? 1UL : 0;
                superseded += entry.Supersedes != SegmentLayout.NoSupersedes ? 1UL : 0;
            }
            tail.Segments.Add(new SegmentRef(segment.FirstFrameId, segment.FrameCount, offset));
        }
        if (lastFrameId == ulong.MaxValue || lastFrameId + 1 >= commit.NextFrameId)
        {
            tail.Commits++; // a partly applied commit is not a whole tail commit
        }
        return new Replayed(frames, tombstones, superseded);
    }
}
