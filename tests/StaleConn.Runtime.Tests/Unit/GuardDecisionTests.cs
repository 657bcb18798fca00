using System.Data;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>Every branch of the acquire decision, driven by a fake clock and a scripted provider.</summary>
public sealed class GuardDecisionTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedDatabase _database = new();
    private readonly List<ConnectionReconnectedEventArgs> _reconnects = new();

    private ConnectionGuard<ScriptedConnection> CreateGuard(Action<ConnectionGuardOptions>? configure = null)
    {
        var options = new ConnectionGuardOptions { TimeProvider = _time, IdleCheckAfter = TimeSpan.FromSeconds(30), PingTimeout = TimeSpan.FromMilliseconds(300) };
        configure?.Invoke(options);
        var guard = new ConnectionGuard<ScriptedConnection>(_database.CreateConnection, options);
        guard.Reconnected += (_, e) => _reconnects.Add(e);
        return guard;
    }

    private static int SessionOf(ConnectionGuard<ScriptedConnection> guard)
    {
        using var lease = guard.Acquire();
        return lease.Connection.SessionId;
    }

    [Fact]
    public void Within_the_threshold_the_connection_is_used_without_a_probe()
    {
        using var guard = CreateGuard();
        var first = SessionOf(guard);
        _time.Advance(TimeSpan.FromSeconds(29));
        var second = SessionOf(guard);

        Assert.Equal(first, second);
        Assert.Equal(1, _database.Opens);
        Assert.Equal(0, _database.Probes);
    }

    [Fact]
    public void Idle_counts_from_the_end_of_the_lease_not_its_start()
    {
        using var guard = CreateGuard();
        using (guard.Acquire())
        {
            _time.Advance(TimeSpan.FromMinutes(5)); // a long unit of work
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        _ = SessionOf(guard);
        Assert.Equal(0, _database.Probes);
    }

    [Fact]
    public void Past_the_threshold_a_live_connection_is_probed_and_kept()
    {
        using var guard = CreateGuard();
        var first = SessionOf(guard);
        _time.Advance(TimeSpan.FromSeconds(31));
        var second = SessionOf(guard);

        Assert.Equal(first, second);
        Assert.Equal(1, _database.Probes);
        Assert.Empty(_reconnects);

        // The probe renewed nothing: idle counts from the last lease, so an immediate acquire needs no probe.
        _ = SessionOf(guard);
        Assert.Equal(1, _database.Probes);
    }

    [Fact]
    public async Task Past_the_threshold_a_dead_connection_is_replaced_by_a_new_session()
    {
        await using var guard = CreateGuard();
        int first;
        await using (var lease = await guard.AcquireAsync())
        {
            first = lease.Connection.SessionId;
            lease.Connection.Kill();
        }

        _time.Advance(TimeSpan.FromSeconds(45));
        await using (var lease = await guard.AcquireAsync())
        {
            Assert.NotEqual(first, lease.Connection.SessionId);
            Assert.Equal(ConnectionState.Open, lease.Connection.State);
        }

        Assert.Equal(1, _database.Probes);
        var reconnect = Assert.Single(_reconnects);
        Assert.Equal(ConnectionReplacementReason.ProbeFailed, reconnect.Reason);
        Assert.Equal(TimeSpan.FromSeconds(45), reconnect.IdleTime);
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref _database.Disposals) == 1, TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_probe_on_a_silent_connection_is_bounded_by_PingTimeout(bool sync)
    {
        await using var guard = CreateGuard(o => o.PingTimeout = TimeSpan.FromMilliseconds(200));
        _ = SessionOf(guard);
        _database.ProbeHangs = true;
        _time.Advance(TimeSpan.FromMinutes(1));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        int session;
        if (sync)
        {
            using var lease = guard.Acquire();
            session = lease.Connection.SessionId;
        }
        else
        {
            await using var lease = await guard.AcquireAsync();
            session = lease.Connection.SessionId;
        }

        Assert.Equal(2, session);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(ConnectionReplacementReason.ProbeFailed, Assert.Single(_reconnects).Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_provider_Cancel_that_throws_from_the_probes_bound_does_not_end_the_process(bool sync)
    {
        // The probe's bound cancels its command from a timer (sync: the guard's registration; async: the provider's own,
        // as MySqlConnector's): an exception thrown there would be unhandled (a CI run's test host died of MySqlConnector's
        // SocketException 107 from a Cancel).
        await using var guard = CreateGuard(o => o.PingTimeout = TimeSpan.FromMilliseconds(200));
        _ = SessionOf(guard);
        _database.ProbeHangs = true;
        _database.CancelThrows = true;
        _time.Advance(TimeSpan.FromMinutes(1));

        if (sync)
        {
            using var lease = guard.Acquire();
            Assert.Equal(2, lease.Connection.SessionId);
        }
        else
        {
            await using var lease = await guard.AcquireAsync();
            Assert.Equal(2, lease.Connection.SessionId);
        }

        Assert.Equal(ConnectionReplacementReason.ProbeFailed, Assert.Single(_reconnects).Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_provider_Cancel_that_throws_when_the_caller_cancels_a_probe_stays_out_of_the_callers_Cancel(bool sync)
    {
        // The caller's token reaches the provider's Cancel through the probe's bound (async: MySqlConnector registers its
        // Cancel on the token). Through a linked token source that Cancel ran inside the caller's Cancel(), which threw;
        // from the caller's CancelAfter, on a timer thread, that would end the process.
        await using var guard = CreateGuard(o => o.PingTimeout = TimeSpan.FromSeconds(20));
        _ = SessionOf(guard);
        _database.ProbeHangs = true;
        _database.CancelThrows = true;
        _time.Advance(TimeSpan.FromMinutes(1));

        using var caller = new CancellationTokenSource();
        var acquire = sync
            ? Task.Run(() => { using var lease = guard.Acquire(caller.Token); })
            : Task.Run(async () => { await using var lease = await guard.AcquireAsync(caller.Token); });
        Assert.True(_database.ProbeWaiting.Wait(TimeSpan.FromSeconds(10)), "the probe never started");

        Assert.Null(Record.Exception(caller.Cancel));
        var outcome = await Record.ExceptionAsync(() => acquire);
        Assert.True(outcome is null or OperationCanceledException, $"the acquire failed with {outcome}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_probe_the_provider_never_ends_is_abandoned_after_its_hard_bound(bool sync)
    {
        await using var guard = CreateGuard(o => o.PingTimeout = TimeSpan.FromMilliseconds(200));
        _ = SessionOf(guard);
        _database.ProbeIgnoresCancel = true;
        _time.Advance(TimeSpan.FromMinutes(1));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        int session;
        if (sync)
        {
            using var lease = guard.Acquire();
            session = lease.Connection.SessionId;
        }
        else
        {
            await using var lease = await guard.AcquireAsync();
            session = lease.Connection.SessionId;
        }

        // PingTimeout rounded up to 1 s, plus the guard's 2 s grace: well before the provider's 8 s.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"took {watch.Elapsed}");
        Assert.Equal(2, session);
        Assert.Equal(ConnectionReplacementReason.ProbeFailed, Assert.Single(_reconnects).Reason);
    }

    [Fact]
    public void A_broken_connection_is_replaced_without_a_probe_even_right_after_use()
    {
        using var guard = CreateGuard();
        using (var lease = guard.Acquire())
        {
            lease.Connection.Break(); // what a failed command leaves behind
        }

        var session = SessionOf(guard);
        Assert.Equal(2, session);
        Assert.Equal(0, _database.Probes);
        Assert.Equal(ConnectionReplacementReason.Broken, Assert.Single(_reconnects).Reason);
    }

    [Fact]
    public void Idle_beyond_the_servers_wait_timeout_is_known_dead_without_a_round_trip()
    {
        _database.KnowsWaitTimeout = true;
        _database.WaitTimeoutSeconds = 60;
        using var guard = CreateGuard(o => o.IdleCheckAfter = TimeSpan.FromHours(1));
        _ = SessionOf(guard);
        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(2, SessionOf(guard));
        Assert.Equal(0, _database.Probes);
        var reconnect = Assert.Single(_reconnects);
        Assert.Equal(ConnectionReplacementReason.IdleBeyondServerLimit, reconnect.Reason);
        Assert.Equal(1, reconnect.PreviousServerConnectionId);
        Assert.Equal(2, reconnect.ServerConnectionId);
    }

    [Fact]
    public void The_servers_limit_lowers_the_probe_threshold_by_a_margin()
    {
        _database.KnowsWaitTimeout = true;
        _database.WaitTimeoutSeconds = 20; // margin: max(10%, 1 s) = 2 s, so probe from 18 s
        using var guard = CreateGuard(o => o.IdleCheckAfter = TimeSpan.FromHours(1));
        _ = SessionOf(guard);
        _time.Advance(TimeSpan.FromSeconds(17));
        _ = SessionOf(guard);
        Assert.Equal(0, _database.Probes);

        _time.Advance(TimeSpan.FromSeconds(18));
        Assert.Equal(1, SessionOf(guard));
        Assert.Equal(1, _database.Probes);
        Assert.Empty(_reconnects);
    }

    [Fact]
    public void Without_a_known_limit_the_guard_never_calls_a_connection_dead_without_asking()
    {
        using var guard = CreateGuard();
        _ = SessionOf(guard);
        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, SessionOf(guard));
        Assert.Equal(1, _database.Probes);
        Assert.Equal(1, _database.SessionQueries); // asked once; the scripted server does not know it
    }

    [Fact]
    public void MaxLifetime_recycles_at_the_next_acquire_but_never_while_a_transaction_is_open()
    {
        using var guard = CreateGuard(o => o.MaxLifetime = TimeSpan.FromMinutes(10));
        _ = SessionOf(guard);

        var lease = guard.Acquire();
        var transaction = lease.BeginTransaction();
        lease.Dispose(); // a transaction that spans leases
        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, SessionOf(guard));

        transaction.Dispose();
        Assert.Equal(2, SessionOf(guard));
        Assert.Equal(ConnectionReplacementReason.MaxLifetime, Assert.Single(_reconnects).Reason);
        Assert.Equal(1, _database.Probes); // the acquire inside the transaction probed (idle 11 min) but did not recycle
    }

    [Fact]
    public void A_connection_lost_with_a_transaction_open_fails_every_acquire_until_the_transaction_is_disposed()
    {
        using var guard = CreateGuard();
        var lease = guard.Acquire();
        var transaction = (ScriptedTransaction)lease.BeginTransaction();
        lease.Connection.Kill();
        lease.Dispose();
        _time.Advance(TimeSpan.FromMinutes(1));

        var first = Assert.Throws<ConnectionLostInTransactionException>(() => { using var _ = guard.Acquire(); });
        Assert.Contains("rolled the transaction back", first.Message);
        Assert.IsType<ScriptedException>(first.InnerException);
        Assert.Throws<ConnectionLostInTransactionException>(() => { using var _ = guard.Acquire(); });
        Assert.Equal(1, _database.Opens); // nothing reconnected behind the transaction's back

        transaction.Dispose();
        Assert.Equal(2, SessionOf(guard));
        Assert.Empty(_reconnects); // the replacement was not silent: the caller saw the exception
    }

    [Fact]
    public async Task A_broken_connection_inside_a_transaction_is_reported_even_within_the_threshold()
    {
        await using var guard = CreateGuard();
        var lease = await guard.AcquireAsync();
        var transaction = await lease.BeginTransactionAsync();
        lease.Connection.Break();
        await lease.DisposeAsync();

        await Assert.ThrowsAsync<ConnectionLostInTransactionException>(async () => { await using var _ = await guard.AcquireAsync(); });
        await transaction.DisposeAsync();
        await using var next = await guard.AcquireAsync();
        Assert.Equal(2, next.Connection.SessionId);
    }

    [Fact]
    public void A_transaction_committed_within_its_lease_does_not_block_a_later_replacement()
    {
        using var guard = CreateGuard();
        using (var lease = guard.Acquire())
        {
            using var transaction = lease.BeginTransaction();
            transaction.Commit();
            lease.Connection.Kill();
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, SessionOf(guard));
    }

    [Fact]
    public void FailInsteadOfReconnect_throws_once_then_opens_a_new_session()
    {
        using var guard = CreateGuard(o => o.FailInsteadOfReconnect = true);
        using (var lease = guard.Acquire())
        {
            lease.Connection.Kill();
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        var lost = Assert.Throws<ConnectionLostException>(() => { using var _ = guard.Acquire(); });
        Assert.IsNotType<ConnectionLostInTransactionException>(lost);
        Assert.True(lost.IsTransient);
        Assert.Equal(2, SessionOf(guard));
        Assert.Empty(_reconnects);
    }

    [Fact]
    public void FailInsteadOfReconnect_never_recycles_for_MaxLifetime()
    {
        using var guard = CreateGuard(o => { o.FailInsteadOfReconnect = true; o.MaxLifetime = TimeSpan.FromMinutes(1); });
        _ = SessionOf(guard);
        _time.Advance(TimeSpan.FromSeconds(20));
        _ = SessionOf(guard);
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(1, SessionOf(guard));
    }

    [Fact]
    public async Task A_failed_open_propagates_and_the_next_acquire_tries_again()
    {
        await using var guard = CreateGuard();
        _database.RefuseOpen = true;
        await Assert.ThrowsAsync<ScriptedException>(async () => { await using var _ = await guard.AcquireAsync(); });
        Assert.Throws<ScriptedException>(() => { using var _ = guard.Acquire(); });

        _database.RefuseOpen = false;
        await using var lease = await guard.AcquireAsync();
        Assert.Equal(ConnectionState.Open, lease.Connection.State);
    }

    [Fact]
    public async Task InitSql_and_the_on_open_callbacks_run_on_every_new_session()
    {
        var callbacks = new List<string>();
        await using var guard = CreateGuard(o =>
        {
            o.InitSql = "SET @app = 'worker'";
            o.OnOpen = c => callbacks.Add("sync " + ((ScriptedConnection)c).SessionId);
            o.OnOpenAsync = (c, _) => { callbacks.Add("async " + ((ScriptedConnection)c).SessionId); return Task.CompletedTask; };
        });

        await using (var lease = await guard.AcquireAsync())
        {
            lease.Connection.Break();
        }

        using (guard.Acquire())
        {
        }

        Assert.Equal(new[] { "1:SET @app = 'worker'", "2:SET @app = 'worker'" }, _database.Executed);
        Assert.Equal(new[] { "async 1", "sync 2" }, callbacks);
    }

    [Fact]
    public void A_failing_on_open_hook_fails_the_acquire_and_discards_the_new_connection()
    {
        using var guard = CreateGuard(o => o.OnOpen = _ => throw new InvalidOperationException("hook failed"));
        Assert.Throws<InvalidOperationException>(() => { using var _ = guard.Acquire(); });
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref _database.Disposals) == 1, TimeSpan.FromSeconds(10))); // disposal runs on a guard thread, in the background
    }

    [Fact]
    public void A_throwing_Reconnected_handler_does_not_fail_the_acquire()
    {
        using var guard = CreateGuard();
        guard.Reconnected += (_, _) => throw new InvalidOperationException("handler bug");
        using (var lease = guard.Acquire())
        {
            lease.Connection.Break();
        }

        Assert.Equal(2, SessionOf(guard));
    }

    [Fact]
    public void The_guard_turns_the_providers_pool_off_for_its_own_connections()
    {
        using var guard = CreateGuard();
        using var lease = guard.Acquire();
        Assert.Contains("pooling=false", lease.Connection.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Password=secret", lease.Connection.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Invalid_options_are_rejected_when_the_guard_is_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CreateGuard(o => o.PingTimeout = TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => CreateGuard(o => o.IdleCheckAfter = TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => CreateGuard(o => o.MaxLifetime = TimeSpan.Zero));
    }
}
