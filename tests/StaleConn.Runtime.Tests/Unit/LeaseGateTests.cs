namespace StaleConn.Runtime.Tests.Unit;

public sealed class LeaseGateTests
{
    [Fact]
    public async Task Sync_and_async_callers_with_cancellations_never_overlap_and_never_stall()
    {
        var gate = new LeaseGate();
        var inside = 0;
        var overlaps = 0;
        var entries = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        void Critical()
        {
            if (Interlocked.Increment(ref inside) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            Thread.SpinWait(50);
            Interlocked.Decrement(ref inside);
            Interlocked.Increment(ref entries);
        }

        async Task Worker(int id)
        {
            var random = new Random(id);
            for (var i = 0; i < 2000; i++)
            {
                // Some callers give up while waiting; the gate must stay consistent for the others.
                using var impatient = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
                if (random.Next(10) == 0)
                {
                    impatient.CancelAfter(TimeSpan.FromTicks(random.Next(1, 2000)));
                }

                long leaseId;
                try
                {
                    leaseId = id % 2 == 0 ? gate.Enter(impatient.Token) : await gate.EnterAsync(impatient.Token);
                }
                catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
                {
                    continue;
                }

                try
                {
                    Critical();
                }
                finally
                {
                    gate.Exit(leaseId);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(id => Task.Run(() => Worker(id))));
        Assert.Equal(0, overlaps);
        Assert.True(entries > 8 * 2000 * 8 / 10, $"only {entries} entries");
        Assert.NotEqual(LeaseGate.None, gate.TryEnter()); // left open
    }

    [Fact]
    public void A_lease_id_exits_once_and_a_stale_one_never_opens_the_gate_of_the_next_holder()
    {
        var gate = new LeaseGate();
        var first = gate.TryEnter();
        Assert.NotEqual(LeaseGate.None, first);
        Assert.True(gate.IsHeldBy(first));
        Assert.Equal(LeaseGate.None, gate.TryEnter());

        Assert.True(gate.Exit(first));
        Assert.False(gate.Exit(first)); // a second dispose
        Assert.False(gate.IsHeldBy(first));

        var second = gate.TryEnter();
        Assert.NotEqual(LeaseGate.None, second);
        Assert.NotEqual(first, second);
        Assert.False(gate.Exit(first)); // stale: the gate stays with the second holder
        Assert.False(gate.TryBeginExit(first));
        Assert.True(gate.IsHeldBy(second));
        Assert.Equal(LeaseGate.None, gate.TryEnter());
        Assert.False(gate.Exit(LeaseGate.None));
        Assert.False(gate.Exit(second + 1)); // not a lease id

        // Between the two halves of an exit the gate is still closed, and the lease no longer holds it.
        Assert.True(gate.TryBeginExit(second));
        Assert.False(gate.IsHeldBy(second));
        Assert.Equal(LeaseGate.None, gate.TryEnter());
        Assert.False(gate.TryBeginExit(second));
        gate.EndExit(second);
        Assert.NotEqual(LeaseGate.None, gate.TryEnter());
    }

    [Fact]
    public async Task Concurrent_exits_of_one_lease_succeed_exactly_once()
    {
        var gate = new LeaseGate();
        for (var round = 0; round < 500; round++)
        {
            var leaseId = gate.Enter(CancellationToken.None);
            using var start = new Barrier(4);
            var exits = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return gate.Exit(leaseId);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            var results = await Task.WhenAll(exits).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(1, results.Count(exited => exited));
            Assert.False(gate.IsHeldBy(leaseId));
        }
    }

    [Fact]
    public void The_lease_end_time_of_the_system_clock_is_never_later_than_now_nor_earlier_than_the_lease_start()
    {
        // The ticker runs while a guard is alive.
        using var guard = new ConnectionGuard<MySqlConnector.ScriptedForTests.ScriptedConnection>(new MySqlConnector.ScriptedForTests.ScriptedDatabase().CreateConnection);
        var clock = IdleClock.For(TimeProvider.System);
        var start = clock.Now();
        var end = clock.RecentLowerBound(start);
        var after = clock.Now();
        Assert.InRange(end.Steady, start.Steady, after.Steady);
        Assert.InRange(end.Wall, start.Wall, after.Wall);

        Thread.Sleep(IdleClock.TickInterval * 3);
        var later = clock.RecentLowerBound(start);
        Assert.True(later.Steady > start.Steady && later.Wall > start.Wall, "the ticker publishes the time");
        var now = clock.Now();
        Assert.True(later.Steady <= now.Steady && later.Wall <= now.Wall);
    }
}
