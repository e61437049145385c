using System.Buffers.Binary;
using System.Text;
using Capsule.Format;
using Capsule.Storage;
using Capsule.Tests.Corruption;
using Capsule.Tests.Golden;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Encryption;

/// <summary>
/// Encrypted capsules end to end (FORMAT.md §16): nothing readable on disk, the password rules, the
/// password change, and tampering that keeps the CRC valid (which only the AEAD can catch). Tests use
/// Argon2id with 1 pass over 64 KiB: far too weak for real use, chosen only so the suite stays fast.
/// </summary>
public sealed class EncryptedCapsuleTests
{
    private const string Password = "correct horse battery staple";

    internal static CapsuleOptions Weak(string? password = Password) => new()
    {
        Password = password,
        KdfIterations = 1,
        KdfMemoryBytes = 64 * 1024,
        Clock = new TestClock(),
        SealFrameThreshold = 6, // seal runs (and write index records) in these small tests
        SealCommitThreshold = 2,
        RunMergeFactor = 2,
        // A process that another test forks shares this process's open files until it execs, and with
        // them the writer lock of a capsule just closed here; waiting briefly rides that out.
        LockTimeout = TimeSpan.FromSeconds(10),
    };

    private static readonly string Secret = string.Join(' ', Enumerable.Range(0, 60).Select(i =>
        $"Confidential memo {i}: the merger with Globex closes on the {i % 28 + 1}th; tell nobody about Project Nightingale."));

    private static void Fill(Capsule capsule)
    {
        for (var i = 0; i < 12; i++)
        {
            capsule.Put(new FrameDraft(Secret[(i * 300)..(i * 300 + 900)])
            {
                Kind = FrameKind.Document,
                Uri = $"memo/nightingale-{i}",
                Title = $"Nightingale memo {i}",
                Tags = [new("client", "Globex confidential")],
                EventTime = new DateTimeOffset(2026, 1, 1 + i, 0, 0, 0, TimeSpan.Zero),
            });
            if (i % 3 == 2)
            {
                capsule.Commit();
            }
        }
        capsule.Commit();
    }

    /// <summary>Every 16-byte window of the UTF-8 text, searched in the raw file.</summary>
    private static int PlaintextWindowsFound(byte[] file, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var found = 0;
        for (var i = 0; i + 16 <= bytes.Length; i += 1)
        {
            if (file.AsSpan().IndexOf(bytes.AsSpan(i, 16)) >= 0)
            {
                found++;
            }
        }
        return found;
    }

    [Fact]
    public void NoSixteenByteWindowOfTheTextIsOnDisk()
    {
        using var dir = new TempDirectory();
        var plain = dir.File("plain.mvc");
        var encrypted = dir.File("encrypted.mvc");
        using (var capsule = Capsule.Create(plain, Weak(null) with { Codecs = [global::Capsule.Codecs.CodecId.Raw] }))
        {
            Fill(capsule);
        }
        using (var capsule = Capsule.Create(encrypted, Weak() with { Codecs = [global::Capsule.Codecs.CodecId.Raw] }))
        {
            Fill(capsule);
            Assert.True(capsule.IsEncrypted);
        }
        // The control shows the search works: the same calls leave the text readable in a plain capsule.
        Assert.True(PlaintextWindowsFound(File.ReadAllBytes(plain), Secret[..2000]) > 1000);
        var raw = File.ReadAllBytes(encrypted);
        Assert.Equal(0, PlaintextWindowsFound(raw, Secret[..2000]));
        foreach (var word in new[] { "Globex confidential", "memo/nightingale-", "Nightingale memo", "Project Nightingale" })
        {
            Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(word)));
        }
        Assert.True(Capsule.IsEncryptedFile(encrypted));
        Assert.False(Capsule.IsEncryptedFile(plain));
    }

    [Fact]
    public void AnEncryptedCapsuleReopensWithEverythingAndVerifies()
    {
        using var dir = new TempDirectory();
        var path = dir.File("c.mvc");
        using (var capsule = Capsule.Create(path, Weak()))
        {
            Fill(capsule);
        }
        using (var capsule = Capsule.Open(path, Weak()))
        {
            Assert.True(capsule.IsEncrypted);
            Assert.Equal(12, capsule.Frames().Count());
            Assert.True(capsule.TryGetByUri("memo/nightingale-7", out var frame));
            Assert.Equal(Secret[2100..3000], Encoding.UTF8.GetString(frame.Payload.Span));
            capsule.Put("one more", uri: "memo/extra");
            capsule.Commit();
        }
        var report = Capsule.Verify(path, Password);
        Assert.True(report.Ok, string.Join("; ", report.Problems));
        Assert.True(report.Commits >= 5);
        using (var view = Capsule.OpenAsOf(path, AsOf.Commit(2), Weak() with { ReadOnly = true }))
        {
            Assert.Equal(6, view.Frames().Count());
        }
    }

    [Fact]
    public void WrongMissingAndEmptyPasswordsFailClearly()
    {
        using var dir = new TempDirectory();
        var path = dir.File("c.mvc");
        using (var capsule = Capsule.Create(path, Weak()))
        {
            Fill(capsule);
        }
        var wrong = Assert.Throws<WrongPasswordException>(() => Capsule.Open(path, Weak("not the password")));
        Assert.StartsWith("wrong password", wrong.Message);
        var missing = Assert.Throws<PasswordRequiredException>(() => Capsule.Open(path, new CapsuleOptions { LockTimeout = TimeSpan.FromSeconds(10) }));
        Assert.Contains("encrypted", missing.Message);
        Assert.Throws<PasswordRequiredException>(() => Capsule.Verify(path));
        Assert.Throws<WrongPasswordException>(() => Capsule.Verify(path, "nope"));
        Assert.Throws<ArgumentException>(() => Capsule.Open(path, Weak("")));
        Assert.Throws<ArgumentException>(() => Capsule.Create(dir.File("empty.mvc"), Weak("")));
        Assert.False(File.Exists(dir.File("empty.mvc")));

        var plain = dir.File("plain.mvc");
        Capsule.Create(plain, Weak(null)).Dispose();
        Assert.Throws<PasswordRequiredException>(() => Capsule.Open(plain, Weak()));
    }

    [Fact]
    public void APasswordChangeRewritesOnlyTheSuperblocks()
    {
        using var dir = new TempDirectory();
        var path = dir.File("c.mvc");
        using (var capsule = Capsule.Create(path, Weak()))
        {
            Fill(capsule);
        }
        var before = File.ReadAllBytes(path);
        using (var capsule = Capsule.Open(path, Weak()))
        {
            Assert.Throws<WrongPasswordException>(() => capsule.ChangePassword("guess", "new secret"));
            Assert.Throws<ArgumentException>(() => capsule.ChangePassword(Password, ""));
            capsule.ChangePassword(Password, "new secret");
        }
        var after = File.ReadAllBytes(path);
        Assert.Equal(before.Length, after.Length);
        Assert.True(before.AsSpan((int)Superblock.DataStart).SequenceEqual(after.AsSpan((int)Superblock.DataStart)), "a record changed");
        Assert.Throws<WrongPasswordException>(() => Capsule.Open(path, Weak()));
        using (var capsule = Capsule.Open(path, Weak("new secret")))
        {
            Assert.Equal(12, capsule.Frames().Count());
        }
        // Both slots carry the new key block: damaging the newer one leaves the older, which must not take the old password.
        for (var slot = 0; slot < Superblock.SlotCount; slot++)
        {
            var bytes = (byte[])after.Clone();
            bytes[Superblock.SlotOffset(slot) + 40] ^= 0xFF;
            Assert.Throws<WrongPasswordException>(() => Capsule.Open(new MemoryDevice("one slot", bytes, readOnly: true), Weak() with { ReadOnly = true }));
            using var opened = Capsule.Open(new MemoryDevice("one slot", bytes, readOnly: true), Weak("new secret") with { ReadOnly = true });
            Assert.Equal(12, opened.Frames().Count());
        }
    }

    [Fact]
    public void APlainCapsuleHasNoPasswordToChangeAndAReaderCannotChangeIt()
    {
        using var dir = new TempDirectory();
        using (var capsule = Capsule.Create(dir.File("plain.mvc"), Weak(null)))
        {
            Assert.Throws<InvalidOperationException>(() => capsule.ChangePassword("a", "b"));
        }
        using var reader = Capsule.Open(Path.Combine(RepoPaths.GoldenDirectory, "v2-encrypted.mvc"), GoldenCapsules.OpenOptions("v2-encrypted.mvc"));
        Assert.Throws<InvalidOperationException>(() => reader.ChangePassword(GoldenCapsules.EncryptedPassword, "b"));
        Assert.Throws<ArgumentException>(() => Capsule.Encrypt(dir.File("plain.mvc"), dir.File("out.mvc"), ""));
        Assert.False(File.Exists(dir.File("out.mvc")));
    }

    /// <summary>The records of a capsule image, walked through their plaintext headers.</summary>
    internal static List<(long Offset, byte Kind, int Stored)> Records(byte[] file)
    {
        var records = new List<(long, byte, int)>();
        var position = (int)Superblock.DataStart;
        while (position + RecordFraming.HeaderLength <= file.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position + RecordFraming.LengthOffset));
            records.Add((position, file[position], length));
            position += RecordFraming.TotalLength(length);
        }
        Assert.Equal(file.Length, position);
        return records;
    }

    private static void FixCrc(byte[] file, long offset, int stored)
    {
        var covered = RecordFraming.HeaderLength + stored;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)offset + covered), RecordFraming.Checksum(offset, file.AsSpan((int)offset, covered)));
    }

    [Fact]
    public void EveryTamperedBodyByteWithAFixedUpCrcIsReportedAsCorruptionOfItsRecord()
    {
        var golden = File.ReadAllBytes(Path.Combine(RepoPaths.GoldenDirectory, "v2-encrypted.mvc"));
        Assert.NotNull(CorruptionMatrixTests.Outcome(golden, GoldenCapsules.EncryptedPassword));
        var checkedBytes = 0;
        foreach (var (offset, kind, stored) in Records(golden))
        {
            // Body bytes (ciphertext and tags) and the epoch in the header: only the AEAD can notice these.
            var targets = Enumerable.Range(RecordFraming.HeaderLength, stored).Append(RecordFraming.ReservedOffset);
            foreach (var at in targets)
            {
                var bytes = (byte[])golden.Clone();
                bytes[offset + at] ^= 0x01;
                FixCrc(bytes, offset, stored);
                var e = Assert.Throws<CorruptCapsuleException>(() => CorruptionMatrixTests.Snapshot(bytes, GoldenCapsules.EncryptedPassword));
                Assert.Equal(offset, e.Offset);
                Assert.Equal(RecordKindNames.Name(kind), e.RecordKind);
                Assert.False(Capsule.Verify(new MemoryDevice("tampered", bytes, readOnly: true), GoldenCapsules.EncryptedPassword).Ok);
                checkedBytes++;
            }
        }
        Assert.True(checkedBytes > 500, $"only {checkedBytes} bytes checked");
    }

    [Fact]
    public void ARecordFromAnotherCapsuleAtTheSameOffsetDoesNotOpen()
    {
        // Same calls, same clock, different random keys: the two files have the same layout.
        byte[] Build()
        {
            var device = new MemoryDevice("copy");
            using (var capsule = Capsule.Create(device, Weak()))
            {
                Fill(capsule);
            }
            return device.ToArray();
        }
        var first = Build();
        var second = Build();
        Assert.Equal(first.Length, second.Length);
        var records = Records(first);
        Assert.Equal(records, Records(second));
        var expected = CorruptionMatrixTests.Snapshot(first, Password);
        foreach (var (offset, kind, stored) in records)
        {
            var bytes = (byte[])first.Clone();
            second.AsSpan((int)offset, RecordFraming.TotalLength(stored)).CopyTo(bytes.AsSpan((int)offset));
            // Opening reads commits, runs, settings and every frame; index records and merged-away runs are
            // read only by queries and verify, so those records may open with the intact data, never other data.
            var outcome = CorruptionMatrixTests.Outcome(bytes, Password);
            Assert.True(outcome is null || outcome == expected, $"the transplanted {RecordKindNames.Name(kind)} record at {offset} opened with other data");
            var report = Capsule.Verify(new MemoryDevice("transplant", bytes, readOnly: true), Password);
            Assert.False(report.Ok, $"verify missed the transplanted {RecordKindNames.Name(kind)} record at {offset}");
            Assert.Contains(report.Problems, p => p.Offset == offset);
        }
    }

    [Fact]
    public void TruncationAtEveryRecordBoundaryNeverOpensAsShorterData()
    {
        var golden = File.ReadAllBytes(Path.Combine(RepoPaths.GoldenDirectory, "v2-encrypted.mvc"));
        var boundaries = Records(golden).SelectMany(r => new[] { r.Offset, r.Offset + RecordFraming.HeaderLength, r.Offset + RecordFraming.TotalLength(r.Stored) - 4 });
        foreach (var length in boundaries)
        {
            Assert.Null(CorruptionMatrixTests.Outcome(golden[..(int)length], GoldenCapsules.EncryptedPassword));
        }
    }

    [Fact]
    public void OffsetsWrittenAgainAfterACutAreSealedUnderANewEpoch()
    {
        // A failed commit is cut back and retried at the same offsets; a reopened writer appends where
        // an earlier session's torn tail may have been. Each must seal under an epoch never used before.
        var device = new PowerLossDevice();
        var capsule = Capsule.Create(device, Weak());
        capsule.Put("first");
        capsule.Commit();
        var firstEnd = device.Length;
        device.Capacity = device.Length + 40; // room for part of a record, not a commit
        capsule.Put(Secret[..3000]);
        Assert.Throws<CapsuleException>(() => capsule.Commit());
        device.Capacity = null;
        capsule.Commit();
        capsule.Dispose();
        using (var reopened = Capsule.Open(device, Weak()))
        {
            reopened.Put("third");
            reopened.Commit();
        }
        var bytes = device.Current;
        var epochs = Records(bytes).Select(r => (r.Offset, Epoch: BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)r.Offset + RecordFraming.ReservedOffset)))).ToArray();
        Assert.All(epochs.Where(r => r.Offset < firstEnd), r => Assert.Equal(0, r.Epoch));
        Assert.Equal(1, epochs.First(r => r.Offset == firstEnd).Epoch);
        Assert.Equal(2, epochs[^1].Epoch);
        Assert.True(Capsule.Verify(device, Password).Ok);
    }

    /// <summary>Both slots of the golden file with a key block field changed and the slot CRCs made valid again.</summary>
    private static byte[] ForgeKeyBlock(Action<byte[], int> change)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.GoldenDirectory, "v2-encrypted.mvc"));
        for (var slot = 0; slot < Superblock.SlotCount; slot++)
        {
            var at = (int)Superblock.SlotOffset(slot);
            change(bytes, at);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + Superblock.CrcOffset), Crc32C.Compute(bytes.AsSpan(at, Superblock.CrcOffset)));
        }
        return bytes;
    }

    [Theory]
    [InlineData(1000u, 64UL * 1024)]            // minutes of work
    [InlineData(1u, 1UL << 42)]                 // 4 TiB of memory
    [InlineData(1u, 64UL * 1024 + 1)]           // not whole KiB
    [InlineData(0u, 64UL * 1024)]
    public void A_forged_key_block_asking_for_absurd_Argon2id_work_is_corruption_not_an_allocation(uint iterations, ulong memory)
    {
        var bytes = ForgeKeyBlock((b, at) =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + KeyBlock.IterationsOffset), iterations);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at + KeyBlock.MemoryOffset), memory);
        });
        var e = Assert.Throws<CorruptCapsuleException>(() => Capsule.Open(new MemoryDevice("forged", bytes, readOnly: true), Weak(GoldenCapsules.EncryptedPassword) with { ReadOnly = true }));
        Assert.Equal("superblock", e.RecordKind);
    }

    [Fact]
    public void A_changed_salt_or_wrapped_key_reads_as_a_wrong_password_and_an_unknown_key_block_version_as_damage()
    {
        foreach (var field in new[] { KeyBlock.SaltOffset, KeyBlock.WrappedKeyOffset + 20 })
        {
            var bytes = ForgeKeyBlock((b, at) => b[at + field] ^= 1);
            Assert.Throws<WrongPasswordException>(() => Capsule.Open(new MemoryDevice("forged", bytes, readOnly: true), Weak(GoldenCapsules.EncryptedPassword) with { ReadOnly = true }));
        }
        var version = ForgeKeyBlock((b, at) => b[at + KeyBlock.VersionOffset] = 2);
        Assert.Throws<CorruptCapsuleException>(() => Capsule.Open(new MemoryDevice("forged", version, readOnly: true), Weak(GoldenCapsules.EncryptedPassword) with { ReadOnly = true }));
    }

    [Fact]
    public void The_key_block_fits_the_reserved_area_and_its_offsets_add_up()
    {
        Assert.Equal(Superblock.ReservedOffset, KeyBlock.VersionOffset);
        Assert.Equal(KeyBlock.SaltOffset + global::Capsule.Crypto.Argon2idSalt.Length, KeyBlock.WrappedKeyOffset);
        Assert.Equal(global::Capsule.Crypto.KeyWrap.WrappedLength, KeyBlock.WrappedKeyLength);
        Assert.Equal(165, KeyBlock.End);
        Assert.True(KeyBlock.End <= Superblock.CrcOffset);
    }

    [Fact]
    public void IsEncryptedFile_reports_missing_and_foreign_files()
    {
        using var dir = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => Capsule.IsEncryptedFile(dir.File("none.mvc")));
        File.WriteAllText(dir.File("text.mvc"), "just some text, long enough to not be a capsule");
        Assert.Throws<NotACapsuleException>(() => Capsule.IsEncryptedFile(dir.File("text.mvc")));
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.GoldenDirectory, "v2-encrypted.mvc"));
        bytes[100] ^= 1;
        bytes[4096 + 100] ^= 1;
        File.WriteAllBytes(dir.File("damaged.mvc"), bytes);
        Assert.Throws<CorruptCapsuleException>(() => Capsule.IsEncryptedFile(dir.File("damaged.mvc")));
        Assert.True(Capsule.IsEncryptedFile(Path.Combine(RepoPaths.GoldenDirectory, "v2-encrypted.mvc")));
    }

    [Fact]
    public void Stats_and_segments_report_the_encryption_and_the_stored_lengths()
    {
        using var capsule = Capsule.Open(Path.Combine(RepoPaths.GoldenDirectory, "v2-encrypted.mvc"), GoldenCapsules.OpenOptions("v2-encrypted.mvc"));
        Assert.True(capsule.Stats().Encrypted);
        var bytes = File.ReadAllBytes(capsule.Path);
        var stored = Records(bytes).Where(r => r.Kind == (byte)RecordKind.Segment).Select(r => RecordFraming.TotalLength(r.Stored));
        Assert.Equal(stored, capsule.Segments().Select(s => (int)s.StoredBytes));
    }

    [Fact]
    public void A_reader_refreshes_to_commits_a_writer_makes_after_it_opened()
    {
        using var dir = new TempDirectory();
        var path = dir.File("shared.mvc");
        using var writer = Capsule.Create(path, Weak());
        writer.Put("before the reader", uri: "a");
        writer.Commit();
        using var reader = Capsule.Open(path, Weak() with { ReadOnly = true });
        Assert.Single(reader.Frames());
        var text = string.Concat(Enumerable.Repeat(Secret, 20)); // long enough for bodies of several 64 KiB chunks
        for (var i = 0; i < 10; i++)
        {
            writer.Put(text[(i * 200)..(i * 200 + 100_000)], uri: $"later/{i}"); // runs are sealed on the way
            writer.Commit();
        }
        Assert.True(reader.Refresh());
        Assert.Equal(11, reader.Frames().Count());
        Assert.True(reader.TryGetByUri("later/9", out var frame));
        Assert.Equal(text[1800..101_800], Encoding.UTF8.GetString(frame.Payload.Span));
    }
}
