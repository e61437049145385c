using Capsule.Indexing;

namespace Capsule.Tests.Indexes;

/// <summary>Work started on a helper thread (index kinds, the early full-text build) comes back as a task.</summary>
public sealed class HelperThreadsTests
{
    [Fact]
    public async Task A_started_work_runs_on_another_thread_and_returns_its_result()
    {
        var caller = Environment.CurrentManagedThreadId;
        var (result, thread) = await HelperThreads.Start(() => (42, Environment.CurrentManagedThreadId));
        Assert.Equal(42, result);
        Assert.NotEqual(caller, thread);
    }

    [Fact]
    public async Task A_failure_faults_the_task_with_the_works_own_exception()
    {
        var task = HelperThreads.Start<int>(() => throw new FormatException("damaged part"));
        var thrown = await Assert.ThrowsAsync<FormatException>(() => task);
        Assert.Equal("damaged part", thrown.Message);
        // The helper survived the failure: it takes the next piece of work.
        Assert.Equal(7, await HelperThreads.Start(() => 7));
    }
}
