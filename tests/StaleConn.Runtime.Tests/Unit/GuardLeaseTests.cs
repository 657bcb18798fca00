using System.Data;
using System.Diagnostics.Metrics;
using System.Transactions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>Leases, concurrent acquirers, ambient transactions, construction forms, clock reads, metrics and DI.</summary>
public sealed class GuardLeaseTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedDatabase _database = new();

    private ConnectionGuard<ScriptedConnection> CreateGuard(TimeProvider? time = null) =>
        new(_database.CreateConnection, new ConnectionGuardOptions { TimeProvider = time ?? _time, PingTimeout = TimeSpan.FromMilliseconds(300) });

    [Fact]
    public async Task Concurrent_acquirers_get_the_connection_one_at_a_time_and_all_finish()
    {
        await using var guard = CreateGuard();
        var holders = 0;
        var maxHolders = 0;
        var completed = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        async Task Worker(int id)
        {
            for (var i = 0; i < 50; i++)
            {
                if ((id + i) % 2 == 0)
                {
                    await using var lease = await guard.AcquireAsync(timeout.Token);
                    Hold();
                    await Task.Yield();
                    Interlocked.Decrement(ref holders);
                }
                else
                {
                    using var lease = guard.Acquire(timeout.Token);
                    Hold();
                    Thread.SpinWait(100);
                    Interlocked.Decrement(ref holders);
                }

                Interlocked.Increment(ref completed);
            }
        }

        void Hold()
        {
            var now = Interlocked.Increment(ref holders);
            int seen;
            while (now > (seen = Volatile.Read(ref maxHolders)) && Interlocked.CompareExchange(ref maxHolders, now, seen) != seen)
            {
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(id => Task.Run(() => Worker(id))));
        Assert.Equal(1, maxHolders);
        Assert.Equal(400, completed);
        Assert.Equal(1, _database.Opens);
    }

    [Fact]
    public async Task Concurrent_acquirers_after_an_idle_gap_trigger_one_probe_and_one_replacement()
    {
        await using var guard = CreateGuard();
        await using (var lease = await guard.AcquireAsync())
        {
            lease.Connection.Kill();
        }

        _time.Advance(TimeSpan.FromMinutes(2));
        var sessions = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await using var lease = await guard.AcquireAsync();
            return lease.Connection.SessionId;
        })));

        Assert.All(sessions, s => Assert.Equal(2, s));
        Assert.Equal(1, _database.Probes);
        Assert.Equal(2, _database.Opens);
    }

    [Fact]
    public async Task A_waiting_acquire_can_be_cancelled_and_the_guard_stays_usable()
    {
        await using var guard = CreateGuard();
        var held = await guard.AcquireAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => { await using var _ = await guard.AcquireAsync(cancel.Token); });
        Assert.ThrowsAny<OperationCanceledException>(() => { using var _ = guard.Acquire(new CancellationToken(true)); });
        await held.DisposeAsync();

        await using var next = await guard.AcquireAsync();
        Assert.Equal(ConnectionState.Open, next.Connection.State);
    }

    [Fact]
    public async Task Disposing_a_lease_twice_releases_it_once_and_an_ended_lease_cannot_begin_a_transaction()
    {
        using var guard = CreateGuard();
        var lease = guard.Acquire();
        lease.Dispose();
        var second = guard.Acquire();
        lease.Dispose(); // must not release the second lease
        // A flow of its own: one that carries the second lease's mark would be refused as a nested acquire after
        // NestedAcquireGrace, which a loaded machine can reach before the 200 ms delay below is observed.
        Task third;
        using (ExecutionContext.SuppressFlow())
        {
            third = Task.Run(() => { using var _ = guard.Acquire(); });
        }

        var finished = await Task.WhenAny(third, Task.Delay(200));
        Assert.NotSame(third, finished);
        Assert.Throws<InvalidOperationException>(() => lease.BeginTransaction());

        second.Dispose();
        await third.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_lease_disposed_from_many_threads_at_once_releases_once_and_never_releases_the_next_holder()
    {
        using var guard = CreateGuard();
        for (var round = 0; round < 200; round++)
        {
            var lease = guard.Acquire();
            using var start = new Barrier(5);
            var disposers = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    lease.Dispose();
                    lease.Dispose();
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            start.SignalAndWait();

            // Races the disposers for the gate; once it has the lease, none of their disposes may release it.
            var next = guard.Acquire(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            await Task.WhenAll(disposers).WaitAsync(TimeSpan.FromSeconds(10));
            lease.Dispose();

            using var refused = new CancellationTokenSource(TimeSpan.FromMilliseconds(round % 50 == 0 ? 50 : 1));
            Assert.ThrowsAny<OperationCanceledException>(() => { using var _ = guard.Acquire(refused.Token); });
            using (next.BeginTransaction()) // still the holder
            {
            }

            next.Dispose();
        }

        Assert.Equal(1, _database.Opens);
    }

    [Fact]
    public async Task An_already_cancelled_token_is_refused_by_both_acquires_even_when_the_connection_is_free()
    {
        using var guard = CreateGuard();
        using (guard.Acquire())
        {
        }

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.ThrowsAny<OperationCanceledException>(() => { using var _ = guard.Acquire(cancelled.Token); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => { await using var _ = await guard.AcquireAsync(cancelled.Token); });

        using var next = guard.Acquire(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token); // the gate was left open
        Assert.Equal(1, _database.Opens);
    }

    [Fact]
    public async Task After_dispose_acquires_fail_and_the_connection_is_closed()
    {
        var guard = CreateGuard();
        ScriptedConnection connection;
        await using (var lease = await guard.AcquireAsync())
        {
            connection = lease.Connection;
        }

        await guard.DisposeAsync();
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Throws<ObjectDisposedException>(() => { using var _ = guard.Acquire(); });
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => { await using var _ = await guard.AcquireAsync(); });
        guard.Dispose();
    }

    [Fact]
    public async Task Dispose_during_a_lease_returns_at_once_and_closes_the_connection_when_the_lease_ends()
    {
        var guard = CreateGuard();
        var lease = await guard.AcquireAsync();
        var waiting = Task.Run(async () => { await using var _ = await guard.AcquireAsync(); });

        var disposal = guard.DisposeAsync().AsTask();
        Assert.True(disposal.IsCompleted); // not held up by the running unit of work
        Assert.Equal(ConnectionState.Open, lease.Connection.State); // never closed under a running command

        await lease.DisposeAsync();
        Assert.Equal(ConnectionState.Closed, lease.Connection.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref _database.Disposals) == 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Close_discards_the_connection_and_the_next_acquire_opens_a_new_session()
    {
        await using var guard = CreateGuard();
        using (guard.Acquire())
        {
        }

        guard.Close();
        using (var lease = guard.Acquire())
        {
            Assert.Equal(2, lease.Connection.SessionId);
        }

        await guard.CloseAsync();
        await using var last = await guard.AcquireAsync();
        Assert.Equal(3, last.Connection.SessionId);
    }

    [Fact]
    public void A_lease_inside_a_TransactionScope_enlists_the_connection_once()
    {
        using var guard = CreateGuard();
        using (guard.Acquire())
        {
        }

        using var scope = new TransactionScope();
        using (var lease = guard.Acquire())
        {
            Assert.NotNull(lease.Connection.Enlisted);
            Assert.Equal(Transaction.Current, lease.Connection.Enlisted);
        }
    }

    [Theory]
    [InlineData("AutoEnlist=false")]
    [InlineData("Enlist=false")]
    [InlineData("Auto Enlist=no")]
    public void A_connection_string_that_turns_auto_enlistment_off_keeps_leases_out_of_a_TransactionScope(string setting)
    {
        using var guard = new ConnectionGuard<ScriptedConnection>(
            () => new ScriptedConnection(_database) { ConnectionString = "Data Source=scripted;" + setting },
            new ConnectionGuardOptions { TimeProvider = _time });
        using (var scope = new TransactionScope())
        {
            // The first lease opens the connection (the slow path), the second takes the hot path: neither enlists.
            using (var lease = guard.Acquire())
            {
                Assert.Null(lease.Connection.Enlisted);
            }

            using (var lease = guard.Acquire())
            {
                Assert.Null(lease.Connection.Enlisted);
            }
        }

        using var outside = guard.Acquire();
        Assert.Null(outside.Connection.Enlisted);
        Assert.Equal(1, _database.Opens);
    }

    [Theory]
    [InlineData("AutoEnlist=false", "AutoEnlist=true")]
    [InlineData("AutoEnlist=true", "AutoEnlist=false")]
    public void A_replacement_follows_the_auto_enlistment_setting_of_its_own_connection_string(string first, string second)
    {
        // The setting is read from the string each connection is opened with (once per distinct string), so a factory
        // that changes it between sessions is followed at the next replacement.
        var settings = new Queue<string>(new[] { first, second });
        using var guard = new ConnectionGuard<ScriptedConnection>(
            () => new ScriptedConnection(_database) { ConnectionString = "Data Source=scripted;" + settings.Dequeue() },
            new ConnectionGuardOptions { TimeProvider = _time });
        using (var lease = guard.Acquire())
        {
            lease.Connection.Kill();
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        using var scope = new TransactionScope();
        using var replaced = guard.Acquire();
        Assert.Equal(2, _database.Opens);
        Assert.Equal(second.EndsWith("true", StringComparison.Ordinal) ? Transaction.Current : null, replaced.Connection.Enlisted);
    }

    [Fact]
    public void By_default_a_lease_on_the_hot_path_inside_a_TransactionScope_enlists()
    {
        using var guard = new ConnectionGuard<ScriptedConnection>(
            () => new ScriptedConnection(_database) { ConnectionString = "Data Source=scripted;AutoEnlist=true" },
            new ConnectionGuardOptions { TimeProvider = _time });
        using (guard.Acquire())
        {
        }

        using var scope = new TransactionScope();
        using var lease = guard.Acquire();
        Assert.Equal(Transaction.Current, lease.Connection.Enlisted);
    }

    [Fact]
    public void A_connection_lost_inside_a_TransactionScope_fails_every_acquire_until_the_scope_ends()
    {
        using var guard = CreateGuard();
        var scope = new TransactionScope();
        using (var lease = guard.Acquire())
        {
            lease.Connection.Kill();
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        var lost = Assert.Throws<ConnectionLostInTransactionException>(() => { using var _ = guard.Acquire(); });
        Assert.Contains("TransactionScope", lost.Message);
        Assert.Throws<ConnectionLostInTransactionException>(() => { using var _ = guard.Acquire(); });
        scope.Dispose(); // not completed: aborted

        using var next = guard.Acquire();
        Assert.Equal(2, next.Connection.SessionId);
        Assert.Null(next.Connection.Enlisted);
    }

    [Fact]
    public void A_guard_built_from_a_closed_instance_uses_it_first_and_replaces_it_with_the_captured_string()
    {
        var original = _database.CreateConnection();
        using var guard = new ConnectionGuard<ScriptedConnection>(original, new ConnectionGuardOptions { TimeProvider = _time });
        using (var lease = guard.Acquire())
        {
            Assert.Same(original, lease.Connection);
            Assert.Contains("pooling=false", lease.Connection.ConnectionString, StringComparison.OrdinalIgnoreCase);
            lease.Connection.Break();
        }

        using var next = guard.Acquire();
        Assert.NotSame(original, next.Connection); // built from the captured string
        Assert.Contains("Password=secret", next.Connection.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_guard_built_from_an_open_instance_adopts_it_as_the_first_connection()
    {
        var original = _database.CreateConnection();
        original.Open();
        using var guard = new ConnectionGuard<ScriptedConnection>(original, new ConnectionGuardOptions { TimeProvider = _time });
        using var lease = guard.Acquire();
        Assert.Same(original, lease.Connection);
        Assert.Equal(1, _database.Opens);
    }

    [Fact]
    public void The_hot_path_reads_the_clock_once_per_acquire_and_once_per_release()
    {
        var clock = new CountingTimeProvider();
        using var guard = CreateGuard(clock);
        using (guard.Acquire())
        {
        }

        var before = clock.Reads;
        for (var i = 0; i < 100; i++)
        {
            using var lease = guard.Acquire();
        }

        Assert.Equal(200, clock.Reads - before);
    }

    [Fact]
    public async Task Metrics_count_acquires_probes_and_reconnects()
    {
        await using var guard = CreateGuard();
        var measurements = new List<(string Name, double Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GuardMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            // Every measurement names its guard first (db.client.connection.pool.name); the tag of interest follows.
            var tag = tags.Length > 1 ? $"{tags[1].Key}={tags[1].Value}" : null;
            lock (measurements)
            {
                // Other tests' guards publish on the same static meter: keep only this test's by the thread's guard id.
                measurements.Add((instrument.Name, value, tag));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        await using (var lease = await guard.AcquireAsync())
        {
            lease.Connection.Kill();
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        await using (await guard.AcquireAsync())
        {
        }

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Name == "staleconn.guard.acquires");
            Assert.Contains(measurements, m => m.Name == "staleconn.guard.probes" && m.Tag == "result=dead");
            Assert.Contains(measurements, m => m.Name == "staleconn.guard.reconnects" && m.Tag == "reason=ProbeFailed");
            Assert.Contains(measurements, m => m.Name == "staleconn.guard.probe.duration" && m.Value >= 0);
        }
    }

    [Fact]
    public async Task AddConnectionGuard_registers_one_guard_built_from_the_container()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_database);
        services.AddSingleton<TimeProvider>(_time);
        var configured = 0;
        services.AddConnectionGuard(sp => sp.GetRequiredService<ScriptedDatabase>().CreateConnection(), o =>
        {
            configured++;
            o.IdleCheckAfter = TimeSpan.FromSeconds(5);
        });

        await using var provider = services.BuildServiceProvider();
        var guard = provider.GetRequiredService<ConnectionGuard<ScriptedConnection>>();
        Assert.Same(guard, provider.GetRequiredService<ConnectionGuard<ScriptedConnection>>());
        Assert.Same(_time, guard.Options.TimeProvider);
        Assert.Equal(TimeSpan.FromSeconds(5), guard.Options.IdleCheckAfter);
        Assert.Equal(1, configured);

        await using (await guard.AcquireAsync())
        {
        }

        _time.Advance(TimeSpan.FromSeconds(6));
        await using (await guard.AcquireAsync())
        {
        }

        Assert.Equal(1, _database.Probes);
    }

    private sealed class CountingTimeProvider : TimeProvider
    {
        public int Reads;

        public override long GetTimestamp()
        {
            Reads++;
            return base.GetTimestamp();
        }
    }
}
