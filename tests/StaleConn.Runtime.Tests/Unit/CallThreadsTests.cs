namespace StaleConn.Runtime.Tests.Unit;

/// <summary>The guard's own threads for the slow path's provider calls and background disposals.</summary>
public sealed class CallThreadsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_call_runs_off_the_callers_thread_and_a_parked_thread_is_reused()
    {
        // Threads park only while a guard is alive (see A_guard_disposed_last_leaves_no_thread_of_the_library_running).
        using var alive = new ConnectionGuard<MySqlConnector.ScriptedForTests.ScriptedConnection>(new MySqlConnector.ScriptedForTests.ScriptedDatabase().CreateConnection);
        var caller = Environment.CurrentManagedThreadId;
        var first = await CallThreads.Run(() => Environment.CurrentManagedThreadId).WaitAsync(Patience);
        Assert.NotEqual(caller, first);

        // The worker parks itself just after completing the call: once it is back, it takes the next call instead of a
        // new thread being started (other tests running in parallel may take a parked thread now and then).
        var threadsSeen = new HashSet<int> { first };
        for (var i = 0; i < 5; i++)
        {
            Assert.True(SpinWait.SpinUntil(() => CallThreads.IdleCount > 0, Patience));
            threadsSeen.Add(await CallThreads.Run(() => Environment.CurrentManagedThreadId).WaitAsync(Patience));
        }

        Assert.True(threadsSeen.Count < 6, "six sequential calls ran on six different threads: no parked thread was reused");
    }

    private static readonly AsyncLocal<string?> Flow = new();

    [Fact]
    public async Task A_guard_thread_does_not_keep_the_flow_that_started_it()
    {
        // Seen in a CI run at load: a guard thread started by one caller's flow kept its lease marks, so a StateChange
        // handler raised there for another caller's open did not know that caller and waited for the gate until the
        // open's bound (17 s) instead of being refused at once.
        using var alive = new ConnectionGuard<MySqlConnector.ScriptedForTests.ScriptedConnection>(new MySqlConnector.ScriptedForTests.ScriptedDatabase().CreateConnection);
        Flow.Value = "the starter's";
        using var release = new ManualResetEventSlim(false);

        // More calls at once than threads are kept parked: at least some of them start a thread from this flow.
        var calls = Enumerable.Range(0, 6).Select(_ => CallThreads.Run(() =>
        {
            release.Wait(Patience);
            return Flow.Value;
        })).ToList();
        release.Set();
        var seen = await Task.WhenAll(calls).WaitAsync(Patience);
        Assert.All(seen, value => Assert.Null(value));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_bounded_call_runs_in_its_callers_flow_sync_or_async(bool sync)
    {
        Flow.Value = "the caller's";
        var seen = await HardBound.RunAsync(() => Task.FromResult(Flow.Value), Patience, sync, inline: false, "A test call", CancellationToken.None);
        Assert.Equal("the caller's", seen);
    }

    [Fact]
    public async Task A_call_that_never_returns_does_not_hold_up_the_next_one()
    {
        using var stuck = new ManualResetEventSlim(false);
        var hung = CallThreads.Run(() => stuck.Wait(Patience));
        try
        {
            Assert.Equal(42, await CallThreads.Run(() => 42).WaitAsync(Patience));
            Assert.False(hung.IsCompleted);
        }
        finally
        {
            stuck.Set();
        }

        Assert.True(await hung.WaitAsync(Patience));
    }

    [Fact]
    public void A_posted_work_item_runs_off_the_callers_thread()
    {
        var item = new RecordingItem();
        CallThreads.Post(item);
        Assert.True(item.Ran.Wait(Patience), "the posted item did not run");
        Assert.NotEqual(Environment.CurrentManagedThreadId, item.ThreadId);
    }

    [Fact]
    public async Task A_failing_call_faults_its_task_with_the_exception()
    {
        var failed = CallThreads.Run<int>(() => throw new InvalidOperationException("provider failed"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => failed.WaitAsync(Patience));
    }

    private sealed class RecordingItem : CallThreads.WorkItem
    {
        public ManualResetEventSlim Ran { get; } = new(false);

        public int ThreadId { get; private set; }

        public override void Execute()
        {
            ThreadId = Environment.CurrentManagedThreadId;
            Ran.Set();
        }
    }
}
