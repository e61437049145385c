using Capsule.Tests.Crash;
using FsCheck;
using FsCheck.Fluent;

namespace Capsule.Tests.History;

/// <summary>One step of a branch scenario: a write step, or a branch operation whose random choices are in its fields.</summary>
public abstract record BranchOp
{
    public sealed record Write(CrashOp Op) : BranchOp;

    /// <summary>A new branch at the head (<paramref name="AtHead"/>) or at committed frame Pick mod the frame count.</summary>
    public sealed record Fork(int Pick, bool AtHead) : BranchOp;

    public sealed record Switch(int Pick) : BranchOp;

    /// <summary>Rewinds the open branch to frame Pick mod its frame count.</summary>
    public sealed record Rewind(int Pick) : BranchOp;

    public sealed record UndoRewind : BranchOp;

    public sealed record Merge(int Pick, bool FailOnConflict) : BranchOp;

    public sealed record SetDefault(int Pick) : BranchOp;

    public sealed record DeleteBranch(int Pick) : BranchOp;

    /// <summary>Write steps over few uris (so both sides of a merge keep touching the same ones) and every branch operation.</summary>
    public static Gen<BranchOp> Generator(int uriCount) => Gen.Frequency(
    [
        .. CrashOp.WriteSteps(uriCount, maxSize: 120, update: 4, delete: 3, commit: 8).Select(w => (w.Weight, w.Step.Select(op => (BranchOp)new Write(op)))),
        (2, Gen.Choose(0, 1000).Zip(Gen.Elements(true, false), (p, h) => (BranchOp)new Fork(p, h))),
        (3, Gen.Choose(0, 1000).Select(p => (BranchOp)new Switch(p))),
        (2, Gen.Choose(0, 1000).Select(p => (BranchOp)new Rewind(p))),
        (1, Gen.Constant((BranchOp)new UndoRewind())),
        (3, Gen.Choose(0, 1000).Zip(Gen.Elements(true, false), (p, f) => (BranchOp)new Merge(p, f))),
        (1, Gen.Choose(0, 1000).Select(p => (BranchOp)new SetDefault(p))),
        (1, Gen.Choose(0, 1000).Select(p => (BranchOp)new DeleteBranch(p))),
    ]);
}
