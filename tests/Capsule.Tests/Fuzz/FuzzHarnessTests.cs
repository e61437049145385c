using Capsule.Codecs;
using Capsule.Fuzz;
using Capsule.Storage;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Tests.Fuzz;

/// <summary>
/// The harness itself: it must be able to fail (a fuzzer that classifies everything as fine finds
/// nothing), its seeds must be deterministic and cover the format's variety, and mutations must replay.
/// </summary>
public sealed class FuzzHarnessTests
{
    private static readonly byte[] SingleSeed = Seeds.ByName("single").Bytes;

    [Fact]
    public void A_non_capsule_exception_from_the_reader_is_a_finding()
    {
        var outcome = FuzzTarget.Run(SingleSeed, (_, _) => throw new IndexOutOfRangeException("broken reader"));

        Assert.Equal(OutcomeKind.Crash, outcome.Kind);
        Assert.True(outcome.IsFinding);
        Assert.StartsWith("Crash:IndexOutOfRangeException@", outcome.Signature);
    }

    [Fact]
    public void A_capsule_exception_is_a_rejection_not_a_finding()
    {
        var outcome = FuzzTarget.Run(SingleSeed, (_, _) => throw new CorruptCapsuleException("bad", "test", 8192));

        Assert.Equal(OutcomeKind.Rejected, outcome.Kind);
        Assert.False(outcome.IsFinding);
    }

    [Fact]
    public void A_reader_that_never_returns_is_a_hang()
    {
        var outcome = FuzzTarget.Run(SingleSeed, (_, cancel) => cancel.WaitHandle.WaitOne(), TimeSpan.FromMilliseconds(200));

        Assert.Equal(OutcomeKind.Hang, outcome.Kind);
    }

    [Fact]
    public void A_reader_that_allocates_past_the_limit_is_a_finding()
    {
        var outcome = FuzzTarget.Run(SingleSeed, (_, _) => GC.KeepAlive(new byte[8 << 20]), allocationLimit: 1 << 20);

        Assert.Equal(OutcomeKind.Allocation, outcome.Kind);
        Assert.True(outcome.AllocatedBytes >= 8 << 20);
    }

    [Fact]
    public void Contradicting_answers_are_wrong_data()
    {
        var outcome = FuzzTarget.Run(SingleSeed, (_, _) => throw new FuzzInvariantException("LostWrite: test"));

        Assert.Equal(OutcomeKind.WrongData, outcome.Kind);
        Assert.Equal("WrongData:invariant(LostWrite)@harness", outcome.Signature);
    }

    [Fact]
    public void Every_seed_passes_the_target_and_verifies_clean()
    {
        foreach (var seed in Seeds.Build())
        {
            var outcome = FuzzTarget.Run(seed.Bytes);
            Assert.True(outcome.Kind == OutcomeKind.Accepted, $"{seed.Name}: {outcome}");
            using var device = new MemoryDevice(seed.Name, seed.Bytes, readOnly: true);
            var report = CapsuleFile.Verify(device, FuzzKeys.PasswordFor(seed.Bytes));
            Assert.True(report.Ok, $"{seed.Name}: {string.Join("; ", report.Problems)}");
        }
    }

    [Fact]
    public void Seeds_are_byte_for_byte_reproducible()
    {
        var first = Seeds.Build();
        var second = Seeds.Build();

        Assert.Equal(first.Select(s => s.Name), second.Select(s => s.Name));
        for (var i = 0; i < first.Count; i++)
        {
            Assert.True(first[i].Bytes.AsSpan().SequenceEqual(second[i].Bytes), $"seed {first[i].Name} differs between builds");
        }
    }

    [Fact]
    public void The_rich_seeds_hold_runs_merged_runs_and_several_codecs()
    {
        using var rich = CapsuleFile.Open(new MemoryDevice("rich", Seeds.ByName("rich").Bytes, readOnly: true), new CapsuleOptions { ReadOnly = true });
        using var runs = CapsuleFile.Open(new MemoryDevice("runs", Seeds.ByName("runs").Bytes, readOnly: true), new CapsuleOptions { ReadOnly = true });

        var codecs = rich.Segments().Select(s => s.Codec).ToHashSet();
        Assert.Contains(CodecId.Raw, codecs);
        Assert.Contains(CodecId.ZstdDictionary, codecs);
        Assert.True(rich.Stats().Runs >= 1 && rich.Layout().GarbageRuns >= 1, "rich: a merged run leaves the runs it replaced as garbage");
        Assert.True(runs.Stats().Runs >= 2, $"runs: {runs.Stats().Runs} live runs");
        Assert.True(Seeds.ByName("torn").Bytes.Length > Seeds.ByName("single").Bytes.Length);
        Assert.True(FuzzTarget.Run(Seeds.ByName("torn").Bytes).Kind == OutcomeKind.Accepted);
    }

    [Fact]
    public void The_same_seed_draws_the_same_mutations()
    {
        static byte[] Draw(int seed)
        {
            var seeds = Seeds.Build();
            var mutator = new Mutator(new Random(seed), seeds);
            var bytes = seeds[2].Bytes;
            for (var i = 0; i < 50; i++) bytes = mutator.Next(bytes).Apply(bytes);
            return bytes;
        }

        Assert.True(Draw(7).AsSpan().SequenceEqual(Draw(7)));
    }

    [Fact]
    public void A_fixup_recomputes_the_checksums_the_writer_wrote()
    {
        var rich = Seeds.ByName("rich").Bytes;
        var segment = RecordMap.Walk(rich).First(r => r.Kind == 1);

        // Writing a byte's own value back must reproduce the file exactly: the fix-up computes the same
        // block, tables and record checksums the writer did, so fix-ups reach past every CRC.
        var mutated = new Mutation(MutationKind.FixupBody, segment.Offset, segment.BodyLength - 1, [rich[segment.BodyOffset + segment.BodyLength - 1]]).Apply(rich);

        Assert.True(mutated.AsSpan().SequenceEqual(rich), "rewriting a byte with its own value and fixing CRCs must give the same file");
    }

    /// <summary>
    /// Encrypted inputs get the seeds' password, so they are read, searched and verified rather than
    /// stopping at PasswordRequiredException (which is a rejection, and would make every mutation of an
    /// encrypted capsule test nothing but the superblock).
    /// </summary>
    [Fact]
    public void Encrypted_inputs_are_opened_with_the_seeds_password()
    {
        var golden = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "golden", "v2-encrypted.mvc"));
        var seed = Seeds.ByName("encrypted").Bytes;

        Assert.Equal(FuzzKeys.Password, FuzzKeys.PasswordFor(golden));
        Assert.Equal(FuzzKeys.Password, FuzzKeys.PasswordFor(seed));
        Assert.Null(FuzzKeys.PasswordFor(SingleSeed));
        Assert.Equal(OutcomeKind.Accepted, FuzzTarget.Run(golden).Kind);
        Assert.Equal(OutcomeKind.Accepted, FuzzTarget.Run(seed).Kind);
        using var capsule = CapsuleFile.Open(new MemoryDevice("encrypted", seed, readOnly: true), new CapsuleOptions { ReadOnly = true, Password = FuzzKeys.Password });
        Assert.True(capsule.IsEncrypted);
        Assert.True(capsule.Stats().Runs >= 1, "the encrypted seed holds index runs, so sealed index records get mutated too");
    }

    /// <summary>
    /// A fix-up in an encrypted capsule changes the plaintext and seals the body again: rewriting a byte
    /// with its own value reproduces the file, and a changed byte still authenticates and verifies, so
    /// mutations reach the parsers behind the AEAD tags instead of stopping at them.
    /// </summary>
    [Fact]
    public void A_fixup_in_an_encrypted_capsule_reseals_the_changed_plaintext()
    {
        var seed = Seeds.ByName("encrypted").Bytes;
        var segment = RecordMap.Walk(seed).First(r => r.Kind == 1);
        var last = segment.BodyLength - 16 - 1; // the last plaintext byte: a one-chunk body has one 16-byte tag
        using var original = CapsuleFile.Open(new MemoryDevice("e", seed, readOnly: true), new CapsuleOptions { ReadOnly = true, Password = FuzzKeys.Password });
        var blob = original.Get(0).Payload.ToArray(); // the seed's first frame: 700 random bytes, stored raw

        var same = new Mutation(MutationKind.FixupBody, segment.Offset, last, [(byte)(blob[^1])]).Apply(seed);
        var changed = new Mutation(MutationKind.FixupBody, segment.Offset, last, [(byte)(blob[^1] ^ 0xFF)]).Apply(seed);

        Assert.True(same.AsSpan().SequenceEqual(seed), "resealing unchanged plaintext must give the same bytes");
        Assert.False(changed.AsSpan().SequenceEqual(seed));
        using var device = new MemoryDevice("changed", changed, readOnly: true);
        var report = CapsuleFile.Verify(device, FuzzKeys.Password);
        Assert.True(report.Ok, string.Join("; ", report.Problems));
        using var reread = CapsuleFile.Open(new MemoryDevice("changed", changed, readOnly: true), new CapsuleOptions { ReadOnly = true, Password = FuzzKeys.Password });
        Assert.Equal(blob[^1] ^ 0xFF, reread.Get(0).Payload.Span[^1]);
    }
}
