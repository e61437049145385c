using Capsule.Engine;
using Capsule.Format;
using Capsule.Fuzz;
using Capsule.Storage;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Tests.Fuzz;

/// <summary>
/// Every fuzz finding, frozen as the bytes that triggered it (minimized, and written sparsely: a
/// capsule is at least 8 KiB of mostly zero superblock slots). Each must run through the whole fuzz
/// target with no finding: success or a CapsuleException subtype. Where the minimized bytes were
/// large, the input is rebuilt from a seed plus the mutation instead, with a guard that the replay
/// still produces the damage it was found with.
/// </summary>
public sealed class FuzzRegressionTests
{
    internal static void AssertNoFinding(byte[] bytes)
    {
        var outcome = FuzzTarget.Run(bytes);
        Assert.False(outcome.IsFinding, $"{outcome}\n{outcome.Exception}");
    }

    /// <summary>Superblock "created at" = 0x5E02F2B920D3A7AD µs: Capsule.Head → HeadInfo → Time.FromMicros lets FormatViolation escape.</summary>
    [Fact]
    public void Superblock_created_at_out_of_range()
    {
        var bytes = ReproBytes.Sparse(8192,
            (0, "89434150530D0A1A010000000010"),
            (32, "01"),
            (57, "20000000000000ADA7D320B9F2025E"),
            (4092, "36544E02"));
        AssertNoFinding(bytes);
    }

    /// <summary>Commit "committed at" = i64.MaxValue (CRC fixed): Head / Commits() → ToInfo → FormatViolation escapes.</summary>
    [Fact]
    public void Commit_time_out_of_range()
    {
        var bytes = ReproBytes.Sparse(8473,
            (4096, "89434150530D0A1A010000000010"),
            (4128, "0200000000000000AC200000000000000100000000000000192100000000000028D74DC0ED0D06"),
            (8188, "6651EAE901000000A000000000000000000000000100000000000000010000000000000048"),
            (8240, "480000004800000000000000A497C5CB00000000480000006A8ECC56C9FBAE7CFFFFFFFFFFFFFFFF0101000079B70835"),
            (8352, "38000568656C6C6FD9BFDF0C020000006100000001"),
            (8388, "FFFFFFFFFFFFFF7F0000000000000000010000000000000001"),
            (8436, "0100000000200000000000000000000001000000046D61696E010000000000000066BDF44D"));
        AssertNoFinding(bytes);
    }

    /// <summary>Commit head count = 0xFFFFFFFF: CommitRecord.Decode casts it to int (-1), passes the limit checks, and new T[-1] throws OverflowException.</summary>
    [Fact]
    public void Commit_head_count_negative()
    {
        var bytes = ReproBytes.Sparse(8465,
            (4096, "89434150530D0A1A010000000010"),
            (4128, "0200000000000000A4200000000000000100000000000000112100000000000028D74DC0ED0D06"),
            (8188, "05CC41BF"),
            (8352, "1069F390020000006100000001"),
            (8380, "F8DE4DC0ED0D06000000000000000000010000000000000001"),
            (8428, "01000000002000000000000000000000010000FFFFFFFF696E010000000000000084D22703"));
        AssertNoFinding(bytes);
    }

    /// <summary>
    /// Segment directory entry 0: offset 0xFFFFFFFF, length 63 (tables CRC and record CRC fixed).
    /// SegmentView.Entry casts both u32s to int, so offset is -1; FrameReader.Read's bounds check
    /// (-1 + 63 ≤ raw length) passes and Slice(-1, 63) throws ArgumentOutOfRangeException.
    /// </summary>
    [Fact]
    public void Segment_directory_offset_past_int_max()
    {
        var bytes = ReproBytes.Sparse(8465,
            (4096, "89434150530D0A1A010000000010"),
            (4128, "0200000000000000A4200000000000000100000000000000112100000000000028D74DC0ED0D06"),
            (8188, "05CC41BF010000009800000000000000000000000100000000000000010000000000000040"),
            (8240, "400000004000000000000000A447960BFFFFFFFF3F00000033571ED88A3BD671FFFFFFFFFFFFFFFF010100000EC00E200000000000000000010010DB4DC0ED0D0600076D656D3A2F2F630019746578742F706C61696E3B20636861727365743D7574662D380009636F6D6D69747465641069F390020000006100000001"),
            (8380, "F8DE4DC0ED0D06000000000000000000010000000000000001"),
            (8428, "0100000000200000000000000000000001000000046D61696E0100000000000000B376253A"));
        AssertNoFinding(bytes);
    }

    /// <summary>
    /// Empty capsule whose slot 1 has generation u64.MaxValue (CRC fixed). The writer opens it from
    /// slot 1, commits, and writes generation MaxValue + 1 = 0 to slot 0 (Capsule.WriteSuperblock
    /// wraps it); the next open prefers the stale slot 1. Hit as LostWrite in one fuzz run; against
    /// the current sources it passes because the forward scan from slot 1's head still finds the
    /// commit. Kept as the guard for that path.
    /// </summary>
    [Fact]
    public void Superblock_generation_wraps_and_loses_a_commit()
    {
        var bytes = ReproBytes.Sparse(8192,
            (0, "89434150530D0A1A010000000010"),
            (32, "01"),
            (57, "2000000000000028D74DC0ED0D06"),
            (4092, "D40FDEAB89434150530D0A1A010000000010"),
            (4128, "FFFFFFFFFFFFFFFF"),
            (4153, "2000000000000028D74DC0ED0D06"),
            (8188, "0D124C03"));
        AssertNoFinding(bytes);
    }

    /// <summary>
    /// A run record at 8192 sealing commit 1, then commit 2 whose parent offset is itself. Open
    /// accepts it (the replay stops at the sealed run and never reads the parent), and
    /// Capsule.Commits() follows ParentOffset forever. Built by hand: every byte is below.
    /// </summary>
    [Fact]
    public void Commit_parent_cycle_makes_Commits_endless()
    {
        var run = new RunData { FromSequence = 0, ToSequence = 1, FirstFrameId = 0, EndFrameId = 0 }.Encode();
        var commitAt = Superblock.DataStart + RecordFraming.TotalLength(run.Length);
        var commit = new CommitRecord(2, commitAt, 0, 0, 0, 0, 0, 0, [], [Superblock.DataStart], [new("main", 0)]).Encode();
        var bytes = TinyCapsule(commitAt, 2, (RecordKind.Run, run), (RecordKind.Commit, commit));

        using (var capsule = CapsuleFile.Open(new MemoryDevice("cycle", bytes, readOnly: true), new CapsuleOptions { ReadOnly = true }))
        {
            Assert.Equal(2UL, capsule.Head.Sequence); // precondition: the file opens, so only Commits() is at fault
        }
        AssertNoFinding(bytes);
    }

    /// <summary>
    /// Rich seed, live run's uri table: one frame id set to 0xFFFFFFFF (CRC fixed). RunView.CheckOrder
    /// and the Verifier never check uri ids against the run's frame range, so Verify reports the file
    /// clean, then TryGetByUri throws "no segment holds frame 4294967295".
    /// </summary>
    [Fact]
    public void Verify_misses_a_run_uri_id_outside_the_run() =>
        AssertNoFinding(EditLastRun(Seeds.ByName("rich").Bytes, run => run.UriCount > 0,
            run => RecordFraming.HeaderLength + RunLayout.HeaderLength + run.SegmentCount * RunLayout.SegmentEntryLength + run.DeadCount * RunLayout.DeadEntryLength + 8,
            Convert.FromHexString("FFFFFFFF")));

    /// <summary>
    /// v1-mixed with one commit covered by a run rewritten to start at frame 0 (CRC fixed): opening never
    /// walks sealed commits, so the file opens; forking inside that commit then copied frames onto a parent
    /// that ends elsewhere and the seal threw ArgumentOutOfRangeException ("frame ids must ascend") instead
    /// of reporting corruption.
    /// </summary>
    [Fact]
    public void A_fork_inside_a_commit_whose_parent_does_not_end_where_it_starts_is_corruption() =>
        AssertNoFinding(new Mutation(MutationKind.FixupBody, 41418, 19, Convert.FromHexString("3400000000000000"))
            .Apply(File.ReadAllBytes(Path.Combine(RepoPaths.GoldenDirectory, "v1-mixed.mvc"))));

    /// <summary>
    /// Fuzzing the branch golden file: the head commit of a branch other than the default one names a
    /// segment outside the file (CRC fixed). Verify checked only the default branch's state, so it reported
    /// the file clean and opening that branch then threw.
    /// </summary>
    [Fact]
    public void Verify_misses_damage_reachable_only_from_another_branch()
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.GoldenDirectory, "v2-branches.mvc"));
        var device = new MemoryDevice("branches", bytes, readOnly: true);
        var state = Recovery.FindHead(device, Recovery.ReadSuperblocks(device).Chosen);
        Assert.Equal("exp", state.Branches.Default); // precondition: main is not the default branch
        var mainHead = state.Branches.Get("main", "golden").HeadOffset;
        var commit = RecordIO.ReadCommit(device, mainHead);
        Assert.NotEmpty(commit.Segments);
        var location = RecordIO.ReadCommitted(device, mainHead, RecordKind.Commit, checkCrc: true);
        BitConverter.GetBytes(32767L).CopyTo(bytes, location.BodyOffset + 68); // the first segment offset (after the 64-byte header and the count)
        var covered = (int)(location.End - mainHead) - RecordFraming.TrailerLength;
        BitConverter.TryWriteBytes(bytes.AsSpan((int)mainHead + covered), RecordFraming.Checksum(mainHead, bytes.AsSpan((int)mainHead, covered)));

        Assert.False(CapsuleFile.Verify(new MemoryDevice("damaged", bytes, readOnly: true)).Ok);
        AssertNoFinding(bytes);
    }

    /// <summary>
    /// Fuzzing the branch golden file: the newest commit's branch table says a branch that is not the default
    /// one ends at a frame far past its head commit's end (CRC fixed). Opening that branch refuses it
    /// (the table must agree with the head commit), but verify loaded the other branches without that
    /// check and reported the file clean.
    /// </summary>
    [Fact]
    public void Verify_checks_every_branch_ends_where_its_head_commit_ends()
    {
        var bytes = new Mutation(MutationKind.FixupBody, 11907, 86, Convert.FromHexString("0100"))
            .Apply(File.ReadAllBytes(Path.Combine(RepoPaths.GoldenDirectory, "v2-branches.mvc")));
        Assert.Throws<CorruptCapsuleException>(() => CapsuleFile.Open(new MemoryDevice("damaged", bytes, readOnly: true),
            new CapsuleOptions { ReadOnly = true, Branch = "main" }).Dispose());
        Assert.False(CapsuleFile.Verify(new MemoryDevice("damaged", bytes, readOnly: true)).Ok);
        AssertNoFinding(bytes);
    }

    /// <summary>
    /// Overwrites bytes at a field of the newest run record that matches, then fixes the record's CRC,
    /// so the repro follows the seed's layout instead of a fixed offset.
    /// </summary>
    private static byte[] EditLastRun(byte[] seed, Func<RunView, bool> matches, Func<RunView, long> fieldOffset, byte[] value)
    {
        var device = new MemoryDevice("seed", seed, readOnly: true);
        RunView? target = null;
        for (long at = Superblock.DataStart; RecordIO.TryRead(device, at, true, out var record, out _) == RecordStatus.Valid; at = record.End)
        {
            if (record.Kind == RecordKind.Run && RunView.Parse(device, at, record.BodyLength) is { } run && matches(run))
            {
                target = run;
            }
        }
        Assert.NotNull(target);
        var bytes = (byte[])seed.Clone();
        value.CopyTo(bytes, target.RecordOffset + fieldOffset(target));
        var covered = target.RecordLength - RecordFraming.TrailerLength;
        var crc = RecordFraming.Checksum(target.RecordOffset, bytes.AsSpan((int)target.RecordOffset, covered));
        BitConverter.TryWriteBytes(bytes.AsSpan((int)target.RecordOffset + covered), crc);
        return bytes;
    }

    /// <summary>
    /// Runs seed, a run's segment table: one segment record offset moved to the middle of another
    /// record (CRC fixed). CheckOrder only checks the offset is inside the file before the run, and
    /// Verify never reads segments through a run, so Verify is clean and Frames() throws "record header is not valid".
    /// </summary>
    /// <remarks>First found at a fixed offset (record 13474, body byte 75 := 00 80); now located by layout.</remarks>
    [Fact]
    public void Verify_misses_a_run_segment_offset_that_is_not_a_segment() =>
        AssertNoFinding(EditLastRun(Seeds.ByName("runs").Bytes, run => run.SegmentCount > 0,
            _ => RecordFraming.HeaderLength + RunLayout.HeaderLength + 12, [0x80]));

    /// <summary>
    /// v2-mixed seed with a superblock field, a body byte (CRC fixed) and a bit flipped: an index page fails
    /// its checksum while Commit merges runs, and RunIndexer.Merge let the FormatViolation escape instead
    /// of naming the index record (fuzz seed 721104706).
    /// </summary>
    [Fact]
    public void A_damaged_index_page_read_by_a_run_merge_is_corruption() =>
        AssertNoFinding(Mutation.ApplyAll(File.ReadAllBytes(Path.Combine(RepoPaths.GoldenDirectory, "v2-mixed.mvc")),
        [
            new Mutation(MutationKind.FixupSuperblock, 12, 0, Convert.FromHexString("FFFFFF7F")),
            new Mutation(MutationKind.FixupBody, 45592, 773, Convert.FromHexString("22000000")),
            new Mutation(MutationKind.BitFlip, 67642, 5, null),
        ]));

    /// <summary>
    /// Seed 1779733167: a run's index table entry pointing at another record (CRC fixed). Verify did not
    /// check index entries, so it reported the file clean and a search then threw.
    /// </summary>
    [Fact]
    public void Verify_misses_a_run_index_entry_that_is_not_an_index() =>
        AssertNoFinding(EditLastRun(Seeds.ByName("rich").Bytes, run => run.Indexes.Count > 0,
            run => RecordFraming.HeaderLength + RunLayout.HeaderLength + run.SegmentCount * RunLayout.SegmentEntryLength
                + run.DeadCount * RunLayout.DeadEntryLength + run.UriCount * RunLayout.UriEntryLength + 8,
            BitConverter.GetBytes(Superblock.DataStart)));

    /// <summary>
    /// Seed 1019220473: the settings record's embedding dimension changed (CRC fixed) while a run's vector
    /// index keeps the real one; a vector search threw ArgumentException instead of a corruption error.
    /// </summary>
    [Fact]
    public void A_settings_dimension_that_disagrees_with_a_vector_index_is_corruption() =>
        AssertNoFinding(EditNewestSettings(Seeds.ByName("rich").Bytes.ToArray(), fieldAfterBoost: 0, expected: 3u, value: BitConverter.GetBytes(259u)));

    /// <summary>
    /// Seed 1363597163: the settings record's HNSW M set to 65,296 (CRC fixed). Settings accepted it, and the
    /// next seal (the fuzzer's fork) threw ArgumentOutOfRangeException from the vector index writer.
    /// </summary>
    [Fact]
    public void A_settings_hnsw_m_no_index_can_hold_is_corruption() =>
        AssertNoFinding(EditNewestSettings(Seeds.ByName("rich").Bytes.ToArray(), fieldAfterBoost: 6, expected: 16u, value: BitConverter.GetBytes((ushort)65296)));

    /// <summary>Overwrites a field of the newest settings record (offset counted from the end of the title boost) and fixes its CRC.</summary>
    private static byte[] EditNewestSettings(byte[] bytes, int fieldAfterBoost, uint expected, byte[] value)
    {
        var device = new MemoryDevice("seed", bytes, readOnly: true);
        long settingsAt = -1;
        for (long at = Superblock.DataStart; RecordIO.TryRead(device, at, true, out var record, out _) == RecordStatus.Valid; at = record.End)
        {
            if (record.Kind == RecordKind.Settings) settingsAt = at;
        }
        Assert.True(settingsAt > 0, "the seed has no settings record");
        var bodyAt = (int)settingsAt + RecordFraming.HeaderLength;
        var fieldAt = bodyAt + 2 + bytes[bodyAt + 1] + 24 + fieldAfterBoost; // version, analyzer length, analyzer, k1, b, boost
        Assert.Equal(expected, value.Length == 2 ? BitConverter.ToUInt16(bytes, fieldAt) : BitConverter.ToUInt32(bytes, fieldAt));
        value.CopyTo(bytes, fieldAt);
        var covered = BitConverter.ToInt32(bytes, (int)settingsAt + RecordFraming.LengthOffset) + RecordFraming.HeaderLength;
        BitConverter.TryWriteBytes(bytes.AsSpan((int)settingsAt + covered), RecordFraming.Checksum(settingsAt, bytes.AsSpan((int)settingsAt, covered)));
        return bytes;
    }

    /// <summary>Both superblock slots naming the head commit, then the records framed at consecutive offsets.</summary>
    private static byte[] TinyCapsule(long headOffset, ulong headSequence, params (RecordKind Kind, byte[] Body)[] records)
    {
        var file = new List<byte>(new byte[Superblock.DataStart]);
        foreach (var (kind, body) in records)
        {
            file.AddRange(RecordFraming.Frame(kind, body, file.Count));
        }
        var bytes = file.ToArray();
        for (var slot = 0; slot < Superblock.SlotCount; slot++)
        {
            new Superblock(1, 0, 0, 0, (ulong)slot + 1, headOffset, headSequence, bytes.Length, 0)
                .WriteTo(bytes.AsSpan((int)Superblock.SlotOffset(slot), Superblock.SlotSize));
        }
        return bytes;
    }
}
