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

                try
                {
                    if (id % 2 == 0)
                    {
                        gate.Enter(impatient.Token);
                    }
                    else
                    {
                        await gate.EnterAsync(impatient.Token);
                    }
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
                    gate.Exit();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(id => Task.Run(() => Worker(id))));
        Assert.Equal(0, overlaps);
        Assert.True(entries > 8 * 2000 * 8 / 10, $"only {entries} entries");
        Assert.True(gate.TryEnter()); // left open
    }

    [Fact]
    public void The_lease_end_time_of_the_system_clock_is_never_later_than_now_nor_earlier_than_the_lease_start()
    {
        var clock = IdleClock.For(TimeProvider.System);
        var start = clock.Now();
        var end = clock.RecentLowerBound(start);
        var after = clock.Now();
        Assert.InRange(end, start, after);

        Thread.Sleep(IdleClock.TickInterval * 3);
        var later = clock.RecentLowerBound(start);
        Assert.True(later > start, "the ticker publishes the time");
        Assert.True(later <= clock.Now());
    }
}
