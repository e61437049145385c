using System.Text;
using Capsule.Storage;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Fuzz;

/// <summary>
/// The fuzz target: everything a reader or a writer does with a file it did not write. Allowed
/// outcomes are success or a <see cref="CapsuleException"/> subtype; any other exception, a
/// contradiction between two answers, a hang or a runaway allocation is a finding.
/// </summary>
public static class FuzzTarget
{
    /// <summary>
    /// How long one input may run before it is a hang: long enough that a loaded machine cannot fake one. An
    /// input runs in milliseconds once its code is compiled, but the first input to reach a path (an encrypted
    /// capsule's commit, say) also pays the JIT for it: 0.5–0.9 s alone on a 2-core machine, and past the old
    /// 2 s limit when the test suite's fuzz pass shared the CI machine with the other test classes (seed
    /// 1567751323 reported such a "hang" and replays clean). A loop that never ends or work that explodes with
    /// the input still runs past 10 s.
    /// </summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(10);

    /// <summary>256 MiB: no input under 1 MiB has a reason to make the reader allocate this much.</summary>
    public const long DefaultAllocationLimit = 256L << 20;

    /// <summary>Allocation findings are only meaningful for inputs well below the limit itself.</summary>
    public const int AllocationCheckedBelow = 1 << 20;

    public const string ProbeUri = "fuzz://probe";
    public const string ProbeBranch = "fuzz-probe-branch";

    /// <summary>Runs the standard exercise (<see cref="Exercise"/>) with the default limits.</summary>
    public static FuzzOutcome Run(ReadOnlySpan<byte> bytes) => Run(bytes, Exercise);

    /// <summary>
    /// Runs <paramref name="exercise"/> on its own thread so a hang can be timed out and the
    /// allocation counter (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) sees only this input.
    /// The exercise is injectable so a test can prove the harness reports what it should.
    /// </summary>
    public static FuzzOutcome Run(ReadOnlySpan<byte> bytes, Action<byte[], CancellationToken> exercise,
        TimeSpan? timeLimit = null, long allocationLimit = DefaultAllocationLimit)
    {
        var input = bytes.ToArray();
        var cancel = new CancellationTokenSource(); // not disposed: an abandoned thread may still poll it
        FuzzOutcome? outcome = null;
        // 16 MiB of stack: a deep but finite recursion should show up as a crash of ours, not a stack overflow.
        var thread = new Thread(() => outcome = Execute(input, exercise, cancel.Token, allocationLimit), 16 << 20)
        {
            IsBackground = true, // a thread stuck inside the library must not keep the process alive
            Name = "fuzz-target",
        };
        var limit = timeLimit ?? DefaultTimeLimit;
        thread.Start();
        if (!thread.Join(limit))
        {
            cancel.Cancel();
            thread.Join(TimeSpan.FromMilliseconds(200));
            return new FuzzOutcome(OutcomeKind.Hang, $"did not finish within {limit.TotalSeconds:0.#} s", null, 0);
        }
        return outcome!;
    }

    private static FuzzOutcome Execute(byte[] input, Action<byte[], CancellationToken> exercise, CancellationToken cancel, long allocationLimit)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        FuzzOutcome outcome;
        try
        {
            exercise(input, cancel);
            outcome = new FuzzOutcome(OutcomeKind.Accepted, "ok", null, 0);
        }
        catch (CapsuleException e)
        {
            outcome = new FuzzOutcome(OutcomeKind.Rejected, $"{e.GetType().Name}: {e.Message}", e, 0);
        }
        catch (OperationCanceledException e) when (cancel.IsCancellationRequested)
        {
            outcome = new FuzzOutcome(OutcomeKind.Hang, "cancelled after the time limit", e, 0);
        }
        catch (FuzzInvariantException e)
        {
            outcome = new FuzzOutcome(OutcomeKind.WrongData, e.Message, e, 0);
        }
        catch (Exception e)
        {
            outcome = new FuzzOutcome(OutcomeKind.Crash, $"{e.GetType().FullName}: {e.Message}", e, 0);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (!outcome.IsFinding && allocated > allocationLimit && input.Length < AllocationCheckedBelow)
        {
            outcome = new FuzzOutcome(OutcomeKind.Allocation, $"allocated {allocated >> 20} MiB for a {input.Length}-byte input", null, allocated);
        }
        return outcome with { AllocatedBytes = allocated };
    }

    /// <summary>
    /// The standard exercise: verify, read everything read-only, then write once and reopen. An encrypted
    /// input is opened with the seeds' password (<see cref="FuzzKeys.PasswordFor"/>), so its records are
    /// decrypted, parsed and searched like a plain capsule's.
    /// </summary>
    public static void Exercise(byte[] input, CancellationToken cancel)
    {
        var password = FuzzKeys.PasswordFor(input);
        VerifyReport report;
        using (var device = new MemoryDevice("fuzz-verify", input, readOnly: true))
        {
            report = CapsuleFile.Verify(device, password);
        }
        try
        {
            ReadEverything(input, password, cancel);
        }
        catch (CorruptCapsuleException e) when (report.Ok)
        {
            // Verify promises to check every byte a commit depends on; a clean report followed by a
            // corruption error on the read path means Verify missed it.
            throw new FuzzInvariantException($"VerifyMissed: Verify reported no problems but reading threw: {e.Message}", e);
        }
        WriteOnceAndReopen(input, password, cancel);
    }

    private static void ReadEverything(byte[] input, string? password, CancellationToken cancel)
    {
        using var capsule = CapsuleFile.Open(new MemoryDevice("fuzz", input, readOnly: true), new CapsuleOptions { ReadOnly = true, Password = password });
        var stats = capsule.Stats();
        var head = capsule.Head;
        foreach (var frame in capsule.Frames(includeHistory: true))
        {
            cancel.ThrowIfCancellationRequested();
            if (!capsule.TryGetHistorical(frame.Id, out var again) || again.Id != frame.Id)
            {
                throw new FuzzInvariantException($"HistoryMismatch: frame {frame.Id} was enumerated but TryGetHistorical disagrees");
            }
            if (frame.Uri.Length != 0 && capsule.TryGetByUri(frame.Uri, out var live) && live.Uri != frame.Uri)
            {
                throw new FuzzInvariantException($"UriMismatch: TryGetByUri('{frame.Uri}') returned frame {live.Id} with uri '{live.Uri}'");
            }
        }
        foreach (var frame in capsule.Frames())
        {
            cancel.ThrowIfCancellationRequested();
            capsule.Get(frame.Id); // listed as live, so Get must not throw KeyNotFoundException
        }
        ulong commits = 0;
        foreach (var commit in capsule.Commits())
        {
            cancel.ThrowIfCancellationRequested();
            // Parents strictly decrease in sequence; more commits than the head's sequence means a cycle.
            if (++commits > Math.Max(stats.Commits, head.Sequence))
            {
                throw new FuzzInvariantException($"CommitCycle: Commits() yielded {commits} commits but the head is commit {head.Sequence} (at offset {commit.Offset})");
            }
        }
        capsule.Segments();
        capsule.Layout();
        SearchEverything(capsule);
        ReadOtherBranches(input, capsule.Branches().Where(b => !b.IsDefault).Select(b => b.Name).Take(8), cancel);
    }

    /// <summary>Opens every other branch the table lists and reads it as the default one is read (FORMAT.md §17).</summary>
    private static void ReadOtherBranches(byte[] input, IEnumerable<string> branches, CancellationToken cancel)
    {
        foreach (var name in branches)
        {
            cancel.ThrowIfCancellationRequested();
            using var branch = CapsuleFile.Open(new MemoryDevice("fuzz-branch", input, readOnly: true), new CapsuleOptions { ReadOnly = true, Branch = name });
            foreach (var frame in branch.Frames())
            {
                branch.Get(frame.Id);
            }
            if ((ulong)branch.Commits().Count() != branch.Head.Sequence)
            {
                throw new FuzzInvariantException($"BranchChain: branch '{name}' lists {branch.Commits().Count()} commits but its head is commit {branch.Head.Sequence}");
            }
            SearchEverything(branch);
        }
    }

    /// <summary>Reads through every persisted index kind: full-text (ranked, boolean, phrase), temporal and vector.</summary>
    private static void SearchEverything(CapsuleFile capsule)
    {
        capsule.Search("wing stall note fuzz", new SearchOptions { K = 5 });
        capsule.Search("\"the wing\" OR title:note -blue", new SearchOptions { K = 5, Snippets = false });
        capsule.FramesBetween(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(200), TimeField.Event, limit: 50);
        capsule.FramesBetween(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(200), TimeField.Ingested, limit: 50);
        if (capsule.Settings.Embedding is { Dimension: var dimension and <= 4096 })
        {
            var query = new float[dimension];
            query[0] = 1;
            capsule.SearchVectors(query, new VectorSearchOptions { K = 3 });
            capsule.SearchVectors(query, new VectorSearchOptions { K = 3, Exact = true });
        }
    }

    /// <summary>Writer options that seal and merge at once, so the writer's run code meets the damaged runs.</summary>
    private static CapsuleOptions WriterOptions => new()
    {
        Clock = new FixedClock(),
        SealCommitThreshold = 2,
        RunMergeFactor = 2,
        BlockSize = 512,
    };

    private static void WriteOnceAndReopen(byte[] input, string? password, CancellationToken cancel)
    {
        var device = new MemoryDevice("fuzz-rw", input);
        using (var writer = CapsuleFile.Open(device, WriterOptions with { Password = password }))
        {
            writer.Put(new FrameDraft("fuzz") { Uri = ProbeUri });
            writer.Commit();
            // The branch code paths over whatever the file holds: a fork at a frame (maybe inside a commit), a rewind and its undo.
            var fork = writer.NextFrameId / 2;
            if (writer.Branches().Any(b => b.Name == ProbeBranch))
            {
                writer.DeleteBranch(ProbeBranch);
            }
            writer.CreateBranch(ProbeBranch, AsOf.Frame(fork));
            var head = writer.Head;
            if (writer.Rewind(fork) != head)
            {
                writer.UndoRewind(); // a rewind to the head itself changes nothing and leaves nothing to undo
            }
        }
        cancel.ThrowIfCancellationRequested();
        var written = device.ToArray(); // MemoryDevice keeps its bytes after Dispose
        try
        {
            using var reopened = CapsuleFile.Open(new MemoryDevice("fuzz-reopen", written, readOnly: true), new CapsuleOptions { ReadOnly = true, Password = password });
            if (!reopened.TryGetByUri(ProbeUri, out var probe) || Encoding.UTF8.GetString(probe.Payload.Span) != "fuzz")
            {
                throw new FuzzInvariantException("LostWrite: the frame just committed is not readable after reopening");
            }
            if (!reopened.Branches().Any(b => b.Name == ProbeBranch))
            {
                throw new FuzzInvariantException("LostBranch: the branch just created is not listed after reopening");
            }
        }
        catch (CapsuleException e)
        {
            // The writer accepted the file and committed to it, so its own output must open again.
            throw new FuzzInvariantException($"UnreadableAfterCommit: a committed file does not reopen: {e.Message}", e);
        }
    }
}
