using System.Runtime.ExceptionServices;

namespace Capsule.Indexing;

/// <summary>
/// Runs pieces of one job at once: every piece but the first on a <see cref="HelperThreads">helper thread</see>,
/// handed over before it, the first on the calling thread, and returns when all have ended (they share the
/// caller's inputs, which must outlive them). A failure is rethrown as the piece's own exception, the calling
/// thread's first, then the lowest piece's, as a sequential run would throw it: an <see cref="AggregateException"/>
/// would hide a damaged part's <c>FormatViolation</c> from the code that turns it into a corrupt-capsule error.
/// </summary>
internal static class SideBySide
{
    /// <param name="pieces">The pieces; piece 0 runs on this thread.</param>
    public static void Run(ReadOnlySpan<Action> pieces)
    {
        var failures = new Exception?[pieces.Length];
        using var running = new CountdownEvent(pieces.Length - 1);
        for (var p = 1; p < pieces.Length; p++)
        {
            var (piece, index) = (pieces[p], p);
            Action guarded = () =>
            {
                try
                {
                    piece();
                }
                catch (Exception e)
                {
                    failures[index] = e;
                }
            };
            try
            {
                HelperThreads.Run(guarded, running);
            }
            catch (Exception)
            {
                // No thread could be started for it (out of memory, a limit on threads): it runs here, in turn.
                guarded();
                running.Signal();
            }
        }
        try
        {
            pieces[0]();
        }
        catch (Exception e)
        {
            failures[0] = e;
        }
        running.Wait(); // the signals publish each helper's failure
        foreach (var failed in failures)
        {
            if (failed is not null)
            {
                ExceptionDispatchInfo.Throw(failed);
            }
        }
    }
}
