using FsCheck;
using FsCheck.Fluent;

namespace Capsule.Tests.History;

/// <summary>One step of a history scenario; every random choice is in its fields, so a printed scenario replays exactly.</summary>
public abstract record HistoryOp
{
    public sealed record Put(int Uri, int Size) : HistoryOp;
    public sealed record Update(int Uri, int Size) : HistoryOp;
    public sealed record Delete(int Pick) : HistoryOp;
    public sealed record Commit : HistoryOp;
    public sealed record Rollback : HistoryOp;
    public sealed record Reopen : HistoryOp;

    // Few uris, so that updates, upserts and deletes hit the same uri across commits and runs.
    public const int UriCount = 5;

    public static Gen<HistoryOp> Generator { get; } = Gen.Frequency(
        (10, Gen.Choose(-1, UriCount - 1).Zip(Gen.Choose(0, 200), (u, s) => (HistoryOp)new Put(u, s))),
        (4, Gen.Choose(0, UriCount - 1).Zip(Gen.Choose(0, 200), (u, s) => (HistoryOp)new Update(u, s))),
        (3, Gen.Choose(0, 1000).Select(p => (HistoryOp)new Delete(p))),
        (7, Gen.Constant((HistoryOp)new Commit())),
        (1, Gen.Constant((HistoryOp)new Rollback())),
        (1, Gen.Constant((HistoryOp)new Reopen())));
}
