using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>
/// The recovery's cheap path with a provider that reports the server's connection id from its handshake (as
/// MySqlConnector and MySql.Data do): no statement at a replacement's open, <c>wait_timeout</c> read at the new
/// session's next acquire, the last value presumed only to call a session dead, and the dead connection discarded
/// without making the new lease wait.
/// </summary>
public sealed class RecoveryPathTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedDatabase _database = new() { KnowsWaitTimeout = true, WaitTimeoutSeconds = 60 };
    private readonly List<ConnectionReconnectedEventArgs> _reconnects = new();
    private readonly RecordingLogger _logger = new();

    private ConnectionGuard<ScriptedHandshakeConnection> CreateGuard(Action<ConnectionGuardOptions>? configure = null)
    {
        var options = new ConnectionGuardOptions
        {
            TimeProvider = _time,
            IdleCheckAfter = TimeSpan.FromSeconds(30),
            PingTimeout = TimeSpan.FromMilliseconds(300),
            Logger = _logger,
        };
        configure?.Invoke(options);
        var guard = new ConnectionGuard<ScriptedHandshakeConnection>(_database.CreateHandshakeConnection, options);
        guard.Reconnected += (_, e) => _reconnects.Add(e);
        return guard;
    }

    private static int SessionOf(ConnectionGuard<ScriptedHandshakeConnection> guard)
    {
        using var lease = guard.Acquire();
        return lease.Connection.SessionId;
    }

    private static void Break(ConnectionGuard<ScriptedHandshakeConnection> guard)
    {
        using var lease = guard.Acquire();
        lease.Connection.Break();
    }

    [Fact]
    public void A_replacement_runs_no_statement_before_its_lease_and_takes_the_id_from_the_handshake()
    {
        using var guard = CreateGuard();
        Assert.Equal(1, SessionOf(guard));
        Assert.Equal(1, _database.SessionQueries); // the guard's first session reads its limit at once

        Break(guard);
        using (var lease = guard.Acquire())
        {
            Assert.Equal(2, lease.Connection.SessionId);
            Assert.Equal(1, _database.SessionQueries);
            Assert.Equal(0, _database.IdleLimitQueries);
            Assert.Equal(0, _database.Probes);
        }

        var reconnect = Assert.Single(_reconnects);
        Assert.Equal(1, reconnect.PreviousServerConnectionId);
        Assert.Equal(2, reconnect.ServerConnectionId); // from ServerThread, and it is the new session's

        // The next acquire reads the new session's limit (a round trip that also shows it alive), then trusts it.
        Assert.Equal(2, SessionOf(guard));
        Assert.Equal(1, _database.IdleLimitQueries);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(2, SessionOf(guard));
        Assert.Equal(1, _database.IdleLimitQueries);
        Assert.Equal(0, _database.Probes);
    }

    [Fact]
    public async Task A_session_idle_past_the_presumed_limit_is_replaced_without_a_round_trip()
    {
        await using var guard = CreateGuard(o => o.IdleCheckAfter = TimeSpan.FromHours(1));
        Assert.Equal(1, SessionOf(guard)); // limit 60 s read
        Break(guard);
        Assert.Equal(2, SessionOf(guard)); // a replacement with one lease, its own limit not read yet

        _time.Advance(TimeSpan.FromSeconds(61));
        await using (var lease = await guard.AcquireAsync())
        {
            Assert.Equal(3, lease.Connection.SessionId);
        }

        Assert.Equal(0, _database.IdleLimitQueries);
        Assert.Equal(0, _database.Probes);
        Assert.Equal(ConnectionReplacementReason.IdleBeyondServerLimit, _reconnects[^1].Reason);
    }

    [Fact]
    public void With_a_transaction_open_a_presumed_limit_is_checked_not_trusted()
    {
        using var guard = CreateGuard(o => o.IdleCheckAfter = TimeSpan.FromHours(1));
        Assert.Equal(1, SessionOf(guard)); // limit 60 s read: presumed for later sessions
        _database.WaitTimeoutSeconds = 600; // but the next session's own limit is higher
        Break(guard);

        var lease = guard.Acquire(); // session 2, its limit not read yet
        Assert.Equal(2, lease.Connection.SessionId);
        var transaction = lease.BeginTransaction();
        lease.Dispose(); // a transaction that spans leases
        _time.Advance(TimeSpan.FromSeconds(61)); // past the presumed 60 s, well within the real 600 s

        // Calling it dead on the presumption would roll back a live transaction: the guard asks instead, and keeps it.
        using (var next = guard.Acquire())
        {
            Assert.Equal(2, next.Connection.SessionId);
        }

        Assert.Equal(1, _database.IdleLimitQueries);
        transaction.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_new_session_with_a_lower_limit_than_presumed_is_never_used_unchecked(bool sync)
    {
        await using var guard = CreateGuard();
        Assert.Equal(1, SessionOf(guard)); // limit 60 s: presumed for later sessions

        // An administrator lowers wait_timeout (or a hook sets it): sessions from now on are closed after 5 s idle.
        _database.WaitTimeoutSeconds = 5;
        Break(guard);
        int second;
        using (var lease = guard.Acquire())
        {
            second = lease.Connection.SessionId;
            Assert.Equal(5, lease.Connection.SessionWaitTimeout);
        }

        // 10 s idle: past the real 5 s, within the presumed 60 s and IdleCheckAfter (30 s). The server closed it.
        _time.Advance(TimeSpan.FromSeconds(10));
        _database.DeadSessions.Add(second);
        int third;
        if (sync)
        {
            using var lease = guard.Acquire();
            third = lease.Connection.SessionId;
        }
        else
        {
            await using var lease = await guard.AcquireAsync();
            third = lease.Connection.SessionId;
        }

        Assert.NotEqual(second, third);
        Assert.Equal(ConnectionReplacementReason.ProbeFailed, _reconnects[^1].Reason); // asked, found dead: not used as is
        Assert.Equal(1, _database.IdleLimitQueries);

        // The third session's own value (5 s) is read at its next acquire and lowers its threshold below IdleCheckAfter.
        Assert.Equal(third, SessionOf(guard));
        _time.Advance(TimeSpan.FromSeconds(4.5)); // threshold 5 s − 1 s margin = 4 s
        Assert.Equal(third, SessionOf(guard));
        Assert.Equal(1, _database.Probes);
    }

    [Fact]
    public void A_limit_set_by_an_on_open_hook_is_the_one_read()
    {
        using var guard = CreateGuard(o => o.InitSql = "SET SESSION wait_timeout = 2");
        Assert.Equal(1, SessionOf(guard));
        _time.Advance(TimeSpan.FromSeconds(3)); // past the hook's 2 s: known dead without asking
        Assert.Equal(2, SessionOf(guard));
        Assert.Equal(0, _database.Probes);
        Assert.Equal(ConnectionReplacementReason.IdleBeyondServerLimit, _reconnects[^1].Reason);

        Assert.Equal(2, SessionOf(guard)); // reads session 2's value, set by the hook again
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3, SessionOf(guard));
        Assert.Equal(0, _database.Probes);
        Assert.Equal(1, _database.IdleLimitQueries);
    }

    [Fact]
    public void A_server_that_rejects_the_limit_query_gets_a_plain_probe_and_keeps_its_session()
    {
        using var guard = CreateGuard();
        Assert.Equal(1, SessionOf(guard));
        Break(guard);
        Assert.Equal(2, SessionOf(guard));
        _database.KnowsWaitTimeout = false;

        Assert.Equal(2, SessionOf(guard)); // the limit query fails on a live session: SELECT 1 answers, kept
        Assert.Equal(1, _database.IdleLimitQueries);
        Assert.Equal(1, _database.Probes);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(2, SessionOf(guard)); // limit unknown: IdleCheckAfter alone
        Assert.Equal(1, _database.Probes);
        Assert.Equal(1, _database.IdleLimitQueries);
    }

    [Fact]
    public async Task The_dead_connection_is_discarded_in_the_background_and_its_failure_is_logged_not_left_unobserved()
    {
        var unobserved = new List<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) =>
        {
            if (e.Exception.InnerExceptions.Any(inner => inner is ScriptedException))
            {
                lock (unobserved)
                {
                    unobserved.Add(e.Exception);
                }
            }
        };
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            await using var guard = CreateGuard();
            _ = SessionOf(guard);
            _database.DisposeThrows = true;
            Break(guard);
            Assert.Equal(2, SessionOf(guard));

            Assert.True(
                SpinWait.SpinUntil(() => _logger.Has("DiscardFailed"), TimeSpan.FromSeconds(10)),
                "the failed disposal was not logged");
            var entry = _logger.Snapshot().First(e => e.Event.Name == "DiscardFailed");
            Assert.Equal(LogLevel.Debug, entry.Level);
            Assert.IsType<ScriptedException>(entry.Exception);

            _database.DisposeThrows = false;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            lock (unobserved)
            {
                Assert.Empty(unobserved);
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }
    }

    [Fact]
    public void A_slow_disposal_does_not_hold_up_the_new_lease_and_is_logged_when_it_overruns_its_bound()
    {
        using var release = new ManualResetEventSlim(false);
        using var guard = CreateGuard();
        _ = SessionOf(guard);
        _database.DisposeBlocksUntil = release;
        try
        {
            Break(guard);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(2, SessionOf(guard));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the acquire waited {watch.Elapsed} for the old connection");
            Assert.True(SpinWait.SpinUntil(() => _logger.Has("DiscardTimedOut"), TimeSpan.FromSeconds(10)), "the overrun was not logged");
        }
        finally
        {
            _database.DisposeBlocksUntil = null;
            release.Set();
        }

        // The disposal still runs to its end: the socket is not leaked.
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref _database.Disposals) >= 1, TimeSpan.FromSeconds(10)));
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<(LogLevel Level, EventId Event, Exception? Exception)> _entries = new();

        public bool Has(string eventName)
        {
            lock (_entries)
            {
                return _entries.Any(e => e.Event.Name == eventName);
            }
        }

        public List<(LogLevel Level, EventId Event, Exception? Exception)> Snapshot()
        {
            lock (_entries)
            {
                return _entries.ToList();
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, eventId, exception));
            }
        }
    }
}
