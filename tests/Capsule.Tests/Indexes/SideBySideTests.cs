using Capsule.Indexing;

namespace Capsule.Tests.Indexes;

/// <summary>Pieces of one job run at once on parked helper threads, and failures come back as a sequential run throws them.</summary>
public sealed class SideBySideTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void Runs_every_piece_at_once()
    {
        // Each piece waits for the other two: run one after another, the first would wait alone and time out.
        using var barrier = new Barrier(3);
        var met = new bool[3];
        SideBySide.Run([
            () => met[0] = barrier.SignalAndWait(Patience),
            () => met[1] = barrier.SignalAndWait(Patience),
            () => met[2] = barrier.SignalAndWait(Patience)]);
        Assert.Equal([true, true, true], met);
    }

    [Fact]
    public void Returns_only_when_every_piece_has_ended()
    {
        var ended = 0;
        SideBySide.Run([
            () => { },
            () => { Thread.Sleep(100); Interlocked.Increment(ref ended); },
            () => { Thread.Sleep(50); Interlocked.Increment(ref ended); }]);
        Assert.Equal(2, Volatile.Read(ref ended));
    }

    [Fact]
    public void Rethrows_the_calling_threads_failure_first_then_the_lowest_pieces()
    {
        var first = Assert.Throws<InvalidOperationException>(() => SideBySide.Run([
            () => throw new InvalidOperationException("piece 0"),
            () => throw new ArgumentException("piece 1"),
            () => throw new FormatException("piece 2")]));
        Assert.Equal("piece 0", first.Message);

        var lowest = Assert.Throws<ArgumentException>(() => SideBySide.Run([
            () => { },
            () => { Thread.Sleep(50); throw new ArgumentException("piece 1"); },
            () => throw new FormatException("piece 2")]));
        Assert.Equal("piece 1", lowest.Message);
    }

    [Fact]
    public void Reuses_parked_helpers_instead_of_starting_a_thread_per_piece()
    {
        var before = HelperThreads.Started;
        var helpers = new HashSet<int>();
        for (var job = 0; job < 50; job++)
        {
            var id = 0;
            SideBySide.Run([() => { }, () => id = Environment.CurrentManagedThreadId]);
            helpers.Add(id);
            Assert.NotEqual(Environment.CurrentManagedThreadId, id);
        }
        // Tests running beside this one may take a parked helper now and then, which starts a new one; a
        // thread per piece would have started 50.
        Assert.InRange(HelperThreads.Started - before, 0, 10);
        Assert.InRange(helpers.Count, 1, 10);
    }

    [Fact]
    public void A_piece_may_run_a_job_of_its_own()
    {
        // Nested jobs take other helpers (or start them): none waits for a helper the outer job holds.
        var inner = new int[2];
        SideBySide.Run([
            () => SideBySide.Run([() => inner[0]++, () => inner[0]++]),
            () => SideBySide.Run([() => inner[1]++, () => inner[1]++])]);
        Assert.Equal([2, 2], inner);
    }
}
