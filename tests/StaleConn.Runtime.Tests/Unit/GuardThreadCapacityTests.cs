using System.Diagnostics;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>
/// Tests that need the guard threads (<see cref="CallThreads"/>, one set per process) to themselves: one fills every
/// thread, the other needs a free one within its bound. In parallel with the integration tests, whose abandoned
/// provider calls hold guard threads for the provider's timeout, a 5 s bound once ran out while queued.
/// </summary>
[Collection(nameof(GuardThreadsCollection))]
public sealed class GuardThreadCapacityTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static readonly AsyncLocal<string?> s_callerScope = new();

    [Fact]
    public async Task An_async_provider_call_that_blocks_runs_off_the_pool_in_the_callers_context_and_is_bounded()
    {
        // Connector/NET's "async" calls block for their whole timeout: on the pool they starved the timer that bounds
        // them (issue 16's flake: a 3 s bound ended after 8.5 s). The call runs on a guard thread and still sees the
        // caller's AsyncLocal state (activities, logging scopes).
        using var alive = new ConnectionGuard<ScriptedConnection>(new ScriptedDatabase().CreateConnection);
        using var release = new ManualResetEventSlim(false);
        s_callerScope.Value = "caller";
        bool? onPool = null;
        string? seen = null;
        var watch = Stopwatch.StartNew();
        var outcome = await Record.ExceptionAsync(async () => await HardBound.RunAsync(
            () =>
            {
                onPool = Thread.CurrentThread.IsThreadPoolThread;
                seen = s_callerScope.Value;
                release.Wait(Deadline); // blocks like Connector/NET's ExecuteReaderAsync
                return Task.FromResult(true);
            },
            TimeSpan.FromMilliseconds(300),
            sync: false,
            inline: false,
            "A test call",
            CancellationToken.None));
        release.Set();
        Assert.IsType<TimeoutException>(outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.False(onPool);
        Assert.Equal("caller", seen);

        // A call that answers in time returns its result.
        Assert.Equal(42, await HardBound.RunAsync(() => Task.FromResult(42), TimeSpan.FromSeconds(5), sync: false, inline: false, "A test call", CancellationToken.None));
    }

    [Fact]
    public async Task Guard_threads_are_capped_and_a_sync_call_that_finds_them_all_blocked_fails_within_its_bound()
    {
        using var alive = new ConnectionGuard<ScriptedConnection>(new ScriptedDatabase().CreateConnection);
        using var release = new ManualResetEventSlim(false);
        var blocked = Enumerable.Range(0, CallThreads.MaxThreads + 8).Select(_ => CallThreads.Run(() => release.Wait(Deadline))).ToList();
        try
        {
            Assert.True(SpinWait.SpinUntil(() => CallThreads.Alive >= CallThreads.MaxThreads, Deadline));
            await Task.Delay(200);
            Assert.True(CallThreads.Alive <= CallThreads.MaxThreads, $"{CallThreads.Alive} guard threads");

            // A bounded sync call that cannot get a thread gives up at its bound and is withdrawn (never runs later).
            var ran = false;
            var watch = Stopwatch.StartNew();
            var outcome = await Record.ExceptionAsync(async () => await HardBound.RunAsync(() => { ran = true; return Task.FromResult(true); }, TimeSpan.FromMilliseconds(300), sync: true, inline: false, "A test call", CancellationToken.None));
            Assert.IsType<TimeoutException>(outcome);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
            release.Set();
            await Task.WhenAll(blocked).WaitAsync(Deadline);
            await Task.Delay(200);
            Assert.False(ran);
        }
        finally
        {
            release.Set();
        }
    }
}

/// <summary>Runs its classes after all others, one test at a time.</summary>
[CollectionDefinition(nameof(GuardThreadsCollection), DisableParallelization = true)]
public sealed class GuardThreadsCollection
{
}
