using System.Runtime.ExceptionServices;

namespace Capsule.Indexing;

/// <summary>
/// Runs pieces of one job at once: every piece but the first on a task started before it, the first on the
/// calling thread, and returns when all have ended (they share the caller's inputs, which must outlive them).
/// A failure is rethrown as the piece's own exception, the calling thread's first, as a sequential run would
/// throw it: an <see cref="AggregateException"/> would hide a damaged part's <c>FormatViolation</c> from the
/// code that turns it into a corrupt-capsule error.
/// </summary>
internal static class SideBySide
{
    /// <param name="pieces">The pieces; piece 0 runs on this thread.</param>
    /// <param name="ownThreads">Give each other piece a thread of its own (long work that must not queue behind
    /// other thread-pool items) instead of a thread-pool worker.</param>
    public static void Run(ReadOnlySpan<Action> pieces, bool ownThreads)
    {
        var options = ownThreads ? TaskCreationOptions.LongRunning : TaskCreationOptions.None;
        var others = new Task[pieces.Length - 1];
        for (var p = 1; p < pieces.Length; p++)
        {
            others[p - 1] = Task.Factory.StartNew(pieces[p], CancellationToken.None, options, TaskScheduler.Default);
        }
        Exception? failed = null;
        try
        {
            pieces[0]();
        }
        catch (Exception e)
        {
            failed = e;
        }
        try
        {
            Task.WaitAll(others);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            failed ??= e.InnerExceptions[0];
        }
        if (failed is not null)
        {
            ExceptionDispatchInfo.Throw(failed);
        }
    }
}
