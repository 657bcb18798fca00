using System.Data;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>
/// The lease gate under contention: many sync and async acquirers, some cancelled while they wait. Each run is bounded
/// (a hang fails the test instead of stalling the suite); mutual exclusion is checked on every entry.
/// </summary>
public sealed class LeaseGateStressTests
{
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sync_and_async_enters_with_cancellation_never_overlap_lose_a_wake_up_or_leak_the_gate()
    {
        var gate = new LeaseGate();
        var stats = new Stats();

        async Task Worker(int id)
        {
            var random = new Random(id);
            for (var i = 0; i < 300; i++)
            {
                // One attempt in four has a token that fires while (or before) it waits.
                using var cancellation = new CancellationTokenSource();
                switch (random.Next(8))
                {
                    case 0:
                        cancellation.Cancel();
                        break;
                    case 1:
                        cancellation.CancelAfter(random.Next(0, 2));
                        break;
                }

                var leaseId = LeaseGate.None;
                try
                {
                    leaseId = ((id + i) % 3) switch
                    {
                        0 => gate.Enter(cancellation.Token),
                        1 => await gate.EnterAsync(cancellation.Token),
                        _ => gate.TryEnter(),
                    };
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref stats.Cancelled);
                }

                if (leaseId == LeaseGate.None)
                {
                    continue;
                }

                stats.Held(gate, leaseId);

                stats.Enter();
                if (random.Next(2) == 0)
                {
                    await Task.Yield(); // hold across a thread hop, as an async unit of work does
                }
                else
                {
                    Thread.SpinWait(random.Next(1, 200));
                }

                stats.Leave();
                Assert.True(gate.Exit(leaseId));
                Assert.False(gate.Exit(leaseId), "a second exit of the same lease must change nothing");
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(id => Task.Run(() => Worker(id)))).WaitAsync(HangBound);

        Assert.Equal(0, stats.Overlaps);
        Assert.True(stats.Entries > 1000, $"only {stats.Entries} entries");
        Assert.True(stats.Cancelled > 0, "no acquire was cancelled: the test did not exercise cancellation");
        var last = gate.TryEnter();
        Assert.True(last != LeaseGate.None, "the gate stayed held after every holder left");
        Assert.True(gate.Exit(last));
    }

    [Fact]
    public async Task Waiters_parked_behind_a_long_holder_all_get_through_and_cancelled_ones_do_not_take_a_turn()
    {
        var gate = new LeaseGate();
        var stats = new Stats();
        var first = gate.TryEnter();
        Assert.True(first != LeaseGate.None);

        using var cancelled = new CancellationTokenSource();
        var started = 0;
        // Own threads (LongRunning): twelve blocked sync waiters would otherwise starve the thread pool for seconds.
        var waiters = Enumerable.Range(0, 24).Select(id => Task.Factory.StartNew(async () =>
        {
            Interlocked.Increment(ref started);
            var token = id % 4 == 0 ? cancelled.Token : CancellationToken.None;
            var leaseId = id % 2 == 0 ? await gate.EnterAsync(token) : gate.Enter(token);

            stats.Enter();
            await Task.Yield();
            stats.Leave();
            Assert.True(gate.Exit(leaseId));
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToArray();

        // Let them park on the gate, cancel a quarter of them, then open the gate once: every other waiter must follow.
        // (A waiter that starts late with its token already cancelled is refused before it looks at the gate.)
        var deadline = DateTime.UtcNow + HangBound;
        while (Volatile.Read(ref started) < waiters.Length && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Task.Delay(200);
        await cancelled.CancelAsync();

        // The gate is still held, so the cancelled waiters can only leave by their cancellation (a wait cancelled just
        // as the gate opens may win either way, as with SemaphoreSlim; that race is not what this checks).
        var withToken = waiters.Where((_, id) => id % 4 == 0).ToArray();
        await Task.WhenAny(Task.WhenAll(withToken), Task.Delay(HangBound));
        Assert.All(withToken, w => Assert.Equal(TaskStatus.Canceled, w.Status));
        stats.Enter();
        stats.Leave();
        Assert.True(gate.Exit(first));

        await Task.WhenAny(Task.WhenAll(waiters), Task.Delay(HangBound));
        Assert.True(waiters.All(w => w.IsCompleted), "a waiter is still parked on an open gate (lost wake-up)");
        Assert.Equal(6, waiters.Count(w => w.IsCanceled));
        Assert.Equal(18, waiters.Count(w => w.Status == TaskStatus.RanToCompletion));
        Assert.Equal(0, stats.Overlaps);
        Assert.Equal(19, stats.Entries);
        var last = gate.TryEnter();
        Assert.True(last != LeaseGate.None);
        Assert.True(gate.Exit(last));
    }

    [Fact]
    public async Task Guard_leases_taken_by_many_sync_and_async_acquirers_with_cancellation_never_overlap()
    {
        var database = new ScriptedDatabase();
        await using var guard = new ConnectionGuard<ScriptedConnection>(
            database.CreateConnection,
            new ConnectionGuardOptions { TimeProvider = new FakeTimeProvider(), PingTimeout = TimeSpan.FromMilliseconds(300) });
        var stats = new Stats();

        async Task Worker(int id)
        {
            var random = new Random(id);
            for (var i = 0; i < 200; i++)
            {
                using var cancellation = new CancellationTokenSource();
                if (random.Next(6) == 0)
                {
                    cancellation.CancelAfter(random.Next(0, 2));
                }

                try
                {
                    if ((id + i) % 2 == 0)
                    {
                        await using var lease = await guard.AcquireAsync(cancellation.Token);
                        stats.Enter();
                        Assert.Equal(ConnectionState.Open, lease.Connection.State);
                        await Task.Yield();
                        stats.Leave();
                    }
                    else
                    {
                        using var lease = guard.Acquire(cancellation.Token);
                        stats.Enter();
                        Assert.Equal(ConnectionState.Open, lease.Connection.State);
                        Thread.SpinWait(random.Next(1, 200));
                        stats.Leave();
                    }
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref stats.Cancelled);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 12).Select(id => Task.Run(() => Worker(id)))).WaitAsync(HangBound);

        Assert.Equal(0, stats.Overlaps);
        Assert.True(stats.Entries > 1000, $"only {stats.Entries} leases");
        Assert.Equal(1, database.Opens);

        // Still usable, and free: a zero-wait acquire must not block.
        using var last = guard.Acquire(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        Assert.Equal(ConnectionState.Open, last.Connection.State);
    }

    private sealed class Stats
    {
        public int Cancelled;
        private int _inside;
        private int _overlaps;
        private int _entries;

        public int Overlaps => Volatile.Read(ref _overlaps);

        public int Entries => Volatile.Read(ref _entries);

        public void Enter()
        {
            if (Interlocked.Increment(ref _inside) != 1)
            {
                Interlocked.Increment(ref _overlaps);
            }

            Interlocked.Increment(ref _entries);
        }

        public void Leave() => Interlocked.Decrement(ref _inside);

        /// <summary>A lease id is odd, held by its holder only, and never handed out twice.</summary>
        public void Held(LeaseGate gate, long leaseId)
        {
            Assert.Equal(1, leaseId & 3);
            Assert.True(gate.IsHeldBy(leaseId));
            lock (_seen)
            {
                Assert.True(_seen.Add(leaseId), $"lease id {leaseId} handed out twice");
            }
        }

        private readonly HashSet<long> _seen = new();
    }
}
