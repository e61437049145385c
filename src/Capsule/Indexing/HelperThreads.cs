namespace Capsule.Indexing;

/// <summary>
/// Threads of our own for the other pieces of a <see cref="SideBySide"/> job, kept parked between jobs.
/// Work handed over here must not queue behind unrelated thread-pool items (an index build waiting on the
/// pool's slow thread injection), and a thread started per piece cost more than the pieces saved: a seal
/// started three (analysis, term sort, inversion), and <c>Thread.Start</c> spins in <c>sched_yield</c> until the
/// new thread runs, about 4% of a full-text build's CPU. A helper that finishes its piece parks until the next
/// one; a piece handed over when none is parked starts a new helper, so a piece never waits for another job's
/// (nested jobs cannot deadlock). Helpers are background threads and stay for the life of the process: there
/// are at most as many as pieces that ever ran at once.
/// </summary>
internal static class HelperThreads
{
    private static readonly Lock Gate = new();
    private static readonly Stack<Helper> Parked = new();
    private static int _started;

    /// <summary>
    /// Runs <paramref name="work"/> (which must not throw) on a parked helper, or on a new one, and signals
    /// <paramref name="done"/> after it. The helper parks before it signals, so a job that starts as soon as
    /// this one returns finds it parked.
    /// </summary>
    public static void Run(Action work, CountdownEvent? done)
    {
        Helper? helper;
        lock (Gate)
        {
            Parked.TryPop(out helper);
        }
        if (helper is null)
        {
            Helper.Start(work, done);
        }
        else
        {
            helper.Hand(work, done);
        }
    }

    /// <summary>
    /// Starts <paramref name="work"/> on a helper and returns its task: work that runs beside the caller for a while
    /// (an index kind, the early full-text build) without waiting for a thread-pool worker, or starting one: a
    /// one-shot import then never starts the pool.
    /// </summary>
    public static Task<T> Start<T>(Func<T> work)
    {
        var result = new TaskCompletionSource<T>();
        Run(() =>
        {
            try
            {
                result.SetResult(work());
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        }, null);
        return result.Task;
    }

    /// <summary>Helpers started since the process began (tests: they are reused, not started per piece).</summary>
    internal static int Started => Volatile.Read(ref _started);

    private sealed class Helper
    {
        // Released once per piece handed over; the helper waits on it while parked.
        private readonly SemaphoreSlim _wake = new(0, 1);
        private Action? _work;
        private CountdownEvent? _done;

        public static void Start(Action first, CountdownEvent? done)
        {
            Interlocked.Increment(ref _started);
            var helper = new Helper { _work = first, _done = done };
            new Thread(helper.Loop) { IsBackground = true, Name = "Capsule helper" }.Start();
        }

        public void Hand(Action work, CountdownEvent? done)
        {
            (_work, _done) = (work, done);
            _wake.Release(); // a full barrier: the helper sees both after its Wait returns
        }

        private void Loop()
        {
            while (true)
            {
                var (work, done) = (_work!, _done);
                (_work, _done) = (null, null);
                work();
                lock (Gate)
                {
                    Parked.Push(this); // from here a new piece may be handed over; this one's are in locals
                }
                done?.Signal();
                _wake.Wait();
            }
        }
    }
}
