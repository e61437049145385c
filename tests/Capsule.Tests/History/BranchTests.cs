using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.History;

/// <summary>Branch behaviour the property test does not pin down: cost, refusals, and branches surviving a rewrite.</summary>
public sealed class BranchTests
{
    private static readonly CapsuleOptions Options = new() { Clock = new TestClock() };

    private static Capsule WithFacts(MemoryDevice device, int count)
    {
        var capsule = Capsule.Create(device, Options);
        for (var i = 0; i < count; i++)
        {
            capsule.Put(new FrameDraft($"fact number {i}") { Uri = $"fact/{i}", Kind = FrameKind.Fact });
            if (i % 100 == 99) capsule.Commit();
        }
        capsule.Commit();
        return capsule;
    }

    [Theory]
    [InlineData(10)]
    [InlineData(3000)]
    public void Creating_a_branch_appends_one_small_record_whatever_the_capsule_holds(int facts)
    {
        var device = new MemoryDevice("cost");
        using var capsule = WithFacts(device, facts);
        var before = device.Length;
        capsule.CreateBranch("exp");
        Assert.InRange(device.Length - before, 1, 400); // a commit record carrying the table: no frames, no runs rewritten
        Assert.Equal((ulong)facts, capsule.Branches().Single(b => b.Name == "exp").NextFrameId);
    }

    [Fact]
    public void A_merge_that_must_fail_on_conflict_writes_nothing()
    {
        var device = new MemoryDevice("conflict");
        using var capsule = WithFacts(device, 5);
        capsule.CreateBranch("exp");
        capsule.Update("fact/1", new FrameDraft("main's fact 1"));
        capsule.Commit();
        capsule.SwitchBranch("exp");
        capsule.Update("fact/1", new FrameDraft("exp's fact 1"));
        capsule.Put(new FrameDraft("exp's new fact") { Uri = "fact/new" });
        capsule.Commit();
        capsule.SwitchBranch("main");
        var length = device.Length;
        var e = Assert.Throws<MergeConflictException>(() => capsule.Merge("exp", new MergeOptions { FailOnConflict = true }));
        Assert.Equal("fact/1", Assert.Single(e.Conflicts).Uri);
        Assert.Equal(length, device.Length);
        Assert.False(capsule.TryGetByUri("fact/new", out _));

        var result = capsule.Merge("exp");
        Assert.Equal(MergeSide.Source, Assert.Single(result.Conflicts).Winner); // exp's change is the newer one
        Assert.Equal(2, result.Copied);
        Assert.True(capsule.TryGetByUri("fact/1", out var fact1));
        Assert.Equal("exp's fact 1", fact1.Text);
        Assert.Equal(5UL, result.ForkFrameId);
    }

    [Fact]
    public void Branch_operations_refuse_pending_changes_and_unknown_names()
    {
        var device = new MemoryDevice("refusals");
        using var capsule = WithFacts(device, 3);
        capsule.Put("not committed");
        Assert.Throws<InvalidOperationException>(() => capsule.CreateBranch("exp"));
        Assert.Throws<InvalidOperationException>(() => capsule.Rewind(0));
        capsule.Rollback();
        Assert.Throws<ArgumentException>(() => capsule.CreateBranch("main"));
        Assert.Throws<ArgumentException>(() => capsule.CreateBranch(" padded "));
        Assert.Throws<InvalidOperationException>(() => capsule.UndoRewind());
        var missing = Assert.Throws<KeyNotFoundException>(() => capsule.SwitchBranch("nope"));
        Assert.Contains("branches: main", missing.Message);
        Assert.Throws<KeyNotFoundException>(() => Capsule.Open(device, Options with { Branch = "nope" }));
    }

    [Fact]
    public void Views_and_the_layout_see_every_branch()
    {
        var device = new MemoryDevice("views");
        using var capsule = Capsule.Create(device, Options with { SealCommitThreshold = 1, RunMergeFactor = 100 }); // every commit seals a run
        capsule.Put("on main");
        capsule.Commit();
        capsule.CreateBranch("exp");
        capsule.SwitchBranch("exp");
        capsule.Put("on exp");
        capsule.Commit();
        capsule.SwitchBranch("main");
        // main's head lists one run, exp's two (the shared one and its own): none of them is garbage.
        var layout = capsule.Layout();
        Assert.Equal(2, layout.LiveRuns);
        Assert.Equal(0, layout.GarbageRuns);
        using var view = Capsule.OpenAsOf(device, AsOf.Commit(1), Options with { Branch = "exp" });
        Assert.Equal("exp", view.Branch);
        Assert.Equal(["main", "exp"], view.Branches().Select(b => b.Name));
        Assert.Equal(["on main"], view.Frames().Select(f => f.Text));
    }

    [Fact]
    public void Branches_survive_encrypting_and_decrypting_the_capsule()
    {
        var dir = Directory.CreateTempSubdirectory("capsule-branches-");
        try
        {
            var plain = Path.Combine(dir.FullName, "plain.mvc");
            using (var capsule = Capsule.Create(plain, Options))
            {
                capsule.Put(new FrameDraft("shared") { Uri = "a" });
                capsule.Put(new FrameDraft("shared too") { Uri = "b" });
                capsule.Commit();
                capsule.CreateBranch("exp", AsOf.Frame(0)); // a cut inside the commit: a prefix copy
                capsule.SwitchBranch("exp");
                capsule.Put(new FrameDraft("exp only") { Uri = "c" });
                capsule.Commit();
                capsule.SetDefaultBranch("exp");
            }
            var encrypted = Path.Combine(dir.FullName, "encrypted.mvc");
            var decrypted = Path.Combine(dir.FullName, "decrypted.mvc");
            Capsule.Encrypt(plain, encrypted, "pw", new CapsuleOptions { KdfIterations = 1, KdfMemoryBytes = 64 * 1024 });
            Capsule.Decrypt(encrypted, decrypted, "pw");
            foreach (var (path, password) in new[] { (encrypted, "pw"), (decrypted, (string?)null) })
            {
                using var copy = Capsule.Open(path, new CapsuleOptions { ReadOnly = true, Password = password });
                Assert.Equal("exp", copy.Branch);
                Assert.Equal(["main", "exp"], copy.Branches().Select(b => b.Name));
                Assert.Equal(["shared", "exp only"], copy.Frames().Select(f => f.Text));
                using var main = Capsule.Open(path, new CapsuleOptions { ReadOnly = true, Password = password, Branch = "main" });
                Assert.Equal(["shared", "shared too"], main.Frames().Select(f => f.Text));
                Assert.True(Capsule.Verify(path, password).Ok);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
