using FsCheck;
using FsCheck.Fluent;

namespace Capsule.Tests.Crash;

/// <summary>One step of a crash-test scenario. Every random choice a step needs is in its fields, so a printed scenario replays exactly.</summary>
public abstract record CrashOp
{
    public sealed record Put(int Uri, int Size) : CrashOp;
    public sealed record Update(int Uri, int Size) : CrashOp;
    public sealed record Delete(int Pick) : CrashOp;
    public sealed record Commit : CrashOp;
    public sealed record Rollback : CrashOp;
    public sealed record Reopen : CrashOp;
    /// <summary>Power fails between operations.</summary>
    public sealed record Crash(int Seed) : CrashOp;
    /// <summary>Power fails at the N-th device operation of the next commit (or not at all if it has fewer).</summary>
    public sealed record CrashInCommit(int AtOperation, int Seed) : CrashOp;
    /// <summary>The disk fills up during the next commit; the commit must fail cleanly and succeed once there is room.</summary>
    public sealed record DiskFullCommit(int SpareBytes) : CrashOp;

    /// <summary>Commits, then forks a branch at frame Pick (mod the frame count) and continues on it; power fails at the N-th device operation of the fork when N ≥ 0.</summary>
    public sealed record Fork(int Pick, int AtOperation, int Seed) : CrashOp;
    /// <summary>Commits, then rewinds the open branch to frame Pick (mod the frame count); power fails at the N-th device operation of the rewind when N ≥ 0.</summary>
    public sealed record Rewind(int Pick, int AtOperation, int Seed) : CrashOp;

    public const int UriCount = 6;

    /// <summary>The crash-test mix: the write steps plus power loss (between steps or inside a commit) and a full disk.</summary>
    public static Gen<CrashOp> Generator { get; } = Gen.Frequency(
    [
        .. WriteSteps(UriCount, maxSize: 300, update: 3, delete: 2, commit: 6),
        (4, Gen.Choose(0, int.MaxValue).Select(s => (CrashOp)new Crash(s))),
        (7, Gen.Choose(0, 8).Zip(Gen.Choose(0, int.MaxValue), (n, s) => (CrashOp)new CrashInCommit(n, s))),
        (1, Gen.Choose(0, 600).Select(b => (CrashOp)new DiskFullCommit(b))),
        (1, Gen.Choose(0, 1000).Zip(Gen.Choose(-4, 6)).Zip(Gen.Choose(0, int.MaxValue), (pn, s) => (CrashOp)new Fork(pn.Item1, pn.Item2, s))),
        (2, Gen.Choose(0, 1000).Zip(Gen.Choose(-4, 6)).Zip(Gen.Choose(0, int.MaxValue), (pn, s) => (CrashOp)new Rewind(pn.Item1, pn.Item2, s))),
    ]);

    /// <summary>
    /// Weighted put / update / delete / commit / rollback / reopen steps over <paramref name="uriCount"/>
    /// uris (few, so that upserts, updates and deletes keep hitting the same uri); shared by every
    /// scenario-based test so they all speak the same steps.
    /// </summary>
    public static (int Weight, Gen<CrashOp> Step)[] WriteSteps(int uriCount, int maxSize, int update, int delete, int commit) =>
    [
        (10, Gen.Choose(-1, uriCount - 1).Zip(Gen.Choose(0, maxSize), (u, s) => (CrashOp)new Put(u, s))),
        (update, Gen.Choose(0, uriCount - 1).Zip(Gen.Choose(0, maxSize), (u, s) => (CrashOp)new Update(u, s))),
        (delete, Gen.Choose(0, 1000).Select(p => (CrashOp)new Delete(p))),
        (commit, Gen.Constant((CrashOp)new Commit())),
        (1, Gen.Constant((CrashOp)new Rollback())),
        (1, Gen.Constant((CrashOp)new Reopen())),
    ];
}
