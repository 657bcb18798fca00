using System.Data;
using System.Data.Common;
using System.Diagnostics;
using StaleConn.Runtime.Tests.Testing;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>
/// The core scenarios of a long-lived connection against a real MariaDB, run once per provider by the derived classes.
/// Tests that kill sessions or restart the server start a server of their own; the others share the class's server.
/// </summary>
public abstract class GuardScenarios<TConnection> : IClassFixture<MariaDbServerFixture>
    where TConnection : DbConnection
{
    protected static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    // Statements this session has received, the current one included.
    private const string QuestionsSql = "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'QUESTIONS'";

    protected GuardScenarios(MariaDbServerFixture fixture) => SharedServer = fixture.Server;

    protected MariaDbServer SharedServer { get; }

    /// <summary>A new, closed provider connection.</summary>
    protected abstract TConnection CreateConnection(string connectionString);

    /// <summary>Provider settings appended to the server's connection string (short connect timeouts keep failures fast).</summary>
    /// <summary>
    /// The provider's settings for every test. Its connect timeout is roomy (10 s): the suite runs its test projects
    /// in parallel on two cores, and Connector/NET, which spends its connect timeout over all of an open's round trips,
    /// then fails a slow but healthy open with an ArgumentOutOfRangeException from its own timer.
    /// </summary>
    protected abstract string ProviderSettings { get; }

    /// <summary>The black-hole test's tight connect timeout (its bound below counts on it); later keys win.</summary>
    protected const string BlackHoleConnectTimeout = ";Connect Timeout=2";

    /// <summary>How long the provider may take to give up a cancelled command on a silent connection.</summary>
    protected abstract TimeSpan CancellationAllowance { get; }

    protected ConnectionGuard<TConnection> CreateGuard(MariaDbServer server, Action<ConnectionGuardOptions>? configure = null, List<ConnectionReconnectedEventArgs>? reconnects = null)
    {
        var options = new ConnectionGuardOptions { PingTimeout = TimeSpan.FromSeconds(1) };
        configure?.Invoke(options);
        var connectionString = server.ConnectionString + ProviderSettings;
        var guard = new ConnectionGuard<TConnection>(() => CreateConnection(connectionString), options);
        if (reconnects is not null)
        {
            guard.Reconnected += (_, e) =>
            {
                lock (reconnects)
                {
                    reconnects.Add(e);
                }
            };
        }

        return guard;
    }

    protected static Task<MariaDbServer> StartOwnServerAsync() => MariaDbServer.StartAsync(new CancellationTokenSource(TestTimeout).Token);

    protected static async Task<long> SessionIdAsync(ConnectionGuard<TConnection> guard)
    {
        await using var lease = await guard.AcquireAsync();
        return await Sql.ScalarAsync(lease.Connection, "SELECT CONNECTION_ID()");
    }

    /// <summary>Kills a session from another connection, as an administrator or a server-side timeout would.</summary>
    protected static async Task KillAsync(MariaDbServer server, long sessionId)
    {
        await using var admin = new MySqlConnector.MySqlConnection(server.ConnectionString + ";Pooling=false");
        await admin.OpenAsync();
        await Sql.ExecuteAsync(admin, $"KILL {sessionId}");
    }

    /// <summary>What users see when the server dropped the session: a provider or socket error, never a hang.</summary>
    protected static void AssertGoneAway(Exception? failure)
    {
        Assert.NotNull(failure);
        Assert.True(
            failure is DbException or IOException or System.Net.Sockets.SocketException or InvalidOperationException,
            $"unexpected failure type {failure.GetType()}: {failure.Message}");
    }

    /// <summary>
    /// A session opened through the proxy before it black-holes and after it lets traffic through again. Its open runs
    /// under the black-hole test's 2 s Connect Timeout; on a loaded machine the handshake alone overran it (at load 5
    /// after a resume; in a CI run at load 100 before the first black hole, MySql.Data's "Timeout in IO operation").
    /// A timeout is a clear error, and the next acquire must open a session: three tries, any other failure ends the test.
    /// </summary>
    protected static async Task<long> SessionIdUnderConnectTimeoutAsync(ConnectionGuard<TConnection> guard)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SessionIdAsync(guard);
            }
            // MySql.Data words its connect timeout "Unable to connect to any of the specified MySQL hosts" (inner: cancelled).
            catch (Exception failure) when (attempt < 3 && failure is DbException or TimeoutException
                && (failure.Message.Contains("Timeout", StringComparison.OrdinalIgnoreCase) || failure.InnerException is OperationCanceledException))
            {
            }
        }
    }

    /// <summary>The provider's connect timeout error, or the guard's own <see cref="TimeoutException"/> when the provider overran it.</summary>
    protected static void AssertClearTimeout(Exception? failure)
    {
        Assert.NotNull(failure);
        Assert.True(failure is DbException or TimeoutException, $"unexpected failure type {failure.GetType()}: {failure.Message}");
    }

    [Fact]
    public async Task Idle_past_wait_timeout_the_raw_connection_fails_and_the_guarded_one_recovers()
    {
        await using var raw = CreateConnection(SharedServer.ConnectionString + ProviderSettings);
        await raw.OpenAsync();
        await Sql.ExecuteAsync(raw, "SET SESSION wait_timeout = 1");

        var reconnects = new List<ConnectionReconnectedEventArgs>();
        await using var guard = CreateGuard(SharedServer, o => o.InitSql = "SET SESSION wait_timeout = 1", reconnects);
        var before = await SessionIdAsync(guard);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var failure = await Record.ExceptionAsync(() => Sql.ScalarAsync(raw, "SELECT 1"));
        AssertGoneAway(failure);
        Assert.NotEqual(ConnectionState.Open, raw.State);

        await using (var lease = await guard.AcquireAsync())
        {
            Assert.Equal(1, await Sql.ScalarAsync(lease.Connection, "SELECT 1"));
            Assert.NotEqual(before, await Sql.ScalarAsync(lease.Connection, "SELECT CONNECTION_ID()"));
        }

        var reconnect = Assert.Single(reconnects);
        Assert.Equal(ConnectionReplacementReason.IdleBeyondServerLimit, reconnect.Reason);
        Assert.Equal(before, reconnect.PreviousServerConnectionId);
    }

    [Fact]
    public async Task A_guard_built_around_an_open_connection_replaces_it_logging_in_with_the_callers_password()
    {
        // behave31 (stop 31): a caller opens its connection, then hands it to `new ConnectionGuard<T>(connection)`
        // (IT-Park's tables, LinksKeeper, gabriellimoni/DW2_IFSP after the guard fix). Open, the provider's
        // ConnectionString has lost the password, so a replacement built from that string cannot log in.
        var user = "guarded_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        await using (var admin = new MySqlConnector.MySqlConnection(SharedServer.ConnectionString + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await Sql.ExecuteAsync(admin, $"CREATE USER '{user}'@'%' IDENTIFIED BY 'Secret-31'");
            await Sql.ExecuteAsync(admin, $"GRANT ALL ON {MariaDbServer.Database}.* TO '{user}'@'%'");
        }

        var connection = CreateConnection($"Server=127.0.0.1;Port={SharedServer.Port};User ID={user};Password=Secret-31;Database={MariaDbServer.Database}" + ProviderSettings);
        await connection.OpenAsync();
        Assert.DoesNotContain("Secret-31", connection.ConnectionString, StringComparison.Ordinal); // what the old factory captured
        await using var guard = new ConnectionGuard<TConnection>(connection, new ConnectionGuardOptions { IdleCheckAfter = TimeSpan.FromMilliseconds(200), PingTimeout = TimeSpan.FromSeconds(1) });

        var first = await SessionIdAsync(guard);
        await KillAsync(SharedServer, first);
        await Task.Delay(400);
        var second = await SessionIdAsync(guard);
        Assert.NotEqual(first, second);
        await using var lease = await guard.AcquireAsync();
        Assert.StartsWith(user + "@", await Sql.StringAsync(lease.Connection, "SELECT CURRENT_USER()"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_killed_session_is_replaced_after_the_idle_threshold_and_right_after_a_failed_command()
    {
        await using var server = await StartOwnServerAsync();
        var reconnects = new List<ConnectionReconnectedEventArgs>();
        await using var guard = CreateGuard(server, o => o.IdleCheckAfter = TimeSpan.FromMilliseconds(200), reconnects);

        var first = await SessionIdAsync(guard);
        await KillAsync(server, first);
        await Task.Delay(400);

        // What the provider's own open leaves in a new session's statement count (MySql.Data runs a few queries).
        long baseline;
        await using (var fresh = CreateConnection(server.ConnectionString + ProviderSettings + ";Pooling=false"))
        {
            await fresh.OpenAsync();
            baseline = await Sql.ScalarAsync(fresh, QuestionsSql);
        }

        long second;
        await using (var lease = await guard.AcquireAsync())
        {
            // The replacement reached the lease without a statement of the guard's: its id came from the handshake.
            Assert.Equal(baseline, await Sql.ScalarAsync(lease.Connection, QuestionsSql));
            second = await Sql.ScalarAsync(lease.Connection, "SELECT CONNECTION_ID()");
        }

        Assert.NotEqual(first, second);
        var reconnect = Assert.Single(reconnects);
        Assert.Equal(ConnectionReplacementReason.ProbeFailed, reconnect.Reason);
        Assert.Equal(first, reconnect.PreviousServerConnectionId);
        Assert.Equal(second, reconnect.ServerConnectionId); // the id the guard reports is the new session's

        // Killed during a unit of work: that unit fails (the guard never re-runs a command), the next one recovers at once.
        await using (var lease = await guard.AcquireAsync())
        {
            await KillAsync(server, second);
            AssertGoneAway(await Record.ExceptionAsync(() => Sql.ScalarAsync(lease.Connection, "SELECT 1")));
        }

        var third = await SessionIdAsync(guard);
        Assert.NotEqual(second, third);
    }

    [Fact]
    public async Task While_the_server_is_down_acquiring_fails_fast_and_it_recovers_when_the_server_is_back()
    {
        await using var server = await StartOwnServerAsync();
        await using var guard = CreateGuard(server, o => o.IdleCheckAfter = TimeSpan.FromMilliseconds(100));
        var before = await SessionIdAsync(guard);

        await server.StopAsync();
        await Task.Delay(200);
        var watch = Stopwatch.StartNew();
        var down = await Record.ExceptionAsync(async () => { await using var _ = await guard.AcquireAsync(); });
        Assert.IsAssignableFrom<DbException>(down);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"failing took {watch.Elapsed}");

        watch.Restart();
        Assert.IsAssignableFrom<DbException>(Record.Exception(() => { using var _ = guard.Acquire(); }));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"failing took {watch.Elapsed}");

        await server.StartAgainAsync(new CancellationTokenSource(TestTimeout).Token);
        await using var lease = await guard.AcquireAsync();
        Assert.Equal(1, await Sql.ScalarAsync(lease.Connection, "SELECT 1"));
        Assert.True(await Sql.ScalarAsync(lease.Connection, "SELECT CONNECTION_ID()") > 0);
        _ = before;
    }

    [Fact]
    public async Task A_transaction_lost_between_leases_fails_acquires_until_disposed_and_its_row_is_absent()
    {
        await using var server = await StartOwnServerAsync();
        await using var guard = CreateGuard(server, o => o.IdleCheckAfter = TimeSpan.FromMilliseconds(200));
        await using (var setup = await guard.AcquireAsync())
        {
            await Sql.ExecuteAsync(setup.Connection, "CREATE TABLE items (v VARCHAR(20) NOT NULL) ENGINE=InnoDB");
        }

        var lease = await guard.AcquireAsync();
        var transaction = await lease.BeginTransactionAsync();
        await Sql.ExecuteAsync(lease.Connection, "INSERT INTO items VALUES ('lost')", transaction);
        var session = await Sql.ScalarAsync(lease.Connection, "SELECT CONNECTION_ID()", transaction);
        await lease.DisposeAsync(); // the transaction spans leases

        await KillAsync(server, session);
        await Task.Delay(400);

        var lost = await Assert.ThrowsAsync<ConnectionLostInTransactionException>(async () => { await using var _ = await guard.AcquireAsync(); });
        Assert.Contains("rolled the transaction back", lost.Message);

        // The dead connection is disposed in the background: that must not finish the caller's transaction object for
        // it (closing a connection the provider still thinks open disposes its transaction), or the next acquire would
        // autocommit on a new session while the caller's code still thinks it is inside the transaction.
        await Task.Delay(500);
        Assert.Throws<ConnectionLostInTransactionException>(() => { using var _ = guard.Acquire(); });

        _ = await Record.ExceptionAsync(async () => await transaction.DisposeAsync()); // its rollback may fail: the session is gone

        await using (var after = await guard.AcquireAsync())
        {
            Assert.NotEqual(session, await Sql.ScalarAsync(after.Connection, "SELECT CONNECTION_ID()"));
            Assert.Equal(0, await Sql.ScalarAsync(after.Connection, "SELECT COUNT(*) FROM items"));
            await Sql.ExecuteAsync(after.Connection, "INSERT INTO items VALUES ('after')");
        }

        await using var check = await guard.AcquireAsync();
        Assert.Equal(1, await Sql.ScalarAsync(check.Connection, "SELECT COUNT(*) FROM items"));
        Assert.Equal(0, await Sql.ScalarAsync(check.Connection, "SELECT COUNT(*) FROM items WHERE v = 'lost'"));
    }

    [Fact]
    public async Task A_transaction_lost_inside_its_lease_fails_that_unit_of_work_and_writes_nothing()
    {
        await using var server = await StartOwnServerAsync();
        await using var guard = CreateGuard(server);
        await using (var setup = await guard.AcquireAsync())
        {
            await Sql.ExecuteAsync(setup.Connection, "CREATE TABLE items (v VARCHAR(20) NOT NULL) ENGINE=InnoDB");
        }

        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var lease = await guard.AcquireAsync();
            await using var transaction = await lease.BeginTransactionAsync();
            await Sql.ExecuteAsync(lease.Connection, "INSERT INTO items VALUES ('first')", transaction);
            await KillAsync(server, await Sql.ScalarAsync(lease.Connection, "SELECT CONNECTION_ID()", transaction));
            await Sql.ExecuteAsync(lease.Connection, "INSERT INTO items VALUES ('second')", transaction);
            await transaction.CommitAsync();
        });
        AssertGoneAway(failure);

        await using var check = await guard.AcquireAsync();
        Assert.Equal(0, await Sql.ScalarAsync(check.Connection, "SELECT COUNT(*) FROM items"));
    }

    [Fact]
    public async Task The_on_open_hook_runs_on_every_new_session_and_MaxLifetime_yields_a_new_connection_id()
    {
        var opened = 0;
        var reconnects = new List<ConnectionReconnectedEventArgs>();
        await using var guard = CreateGuard(
            SharedServer,
            o =>
            {
                o.InitSql = "SET time_zone = '+05:00'";
                o.OnOpenAsync = (_, _) => { Interlocked.Increment(ref opened); return Task.CompletedTask; };
                o.MaxLifetime = TimeSpan.FromSeconds(1);
            },
            reconnects);

        long first;
        await using (var lease = await guard.AcquireAsync())
        {
            first = await Sql.ScalarAsync(lease.Connection, "SELECT CONNECTION_ID()");
            Assert.Equal("+05:00", await Sql.StringAsync(lease.Connection, "SELECT @@session.time_zone"));
            await Sql.ExecuteAsync(lease.Connection, "SET time_zone = '+00:00'");
        }

        await Task.Delay(1200);
        await using (var lease = await guard.AcquireAsync())
        {
            Assert.NotEqual(first, await Sql.ScalarAsync(lease.Connection, "SELECT CONNECTION_ID()"));
            Assert.Equal("+05:00", await Sql.StringAsync(lease.Connection, "SELECT @@session.time_zone"));
        }

        Assert.Equal(2, opened);
        var reconnect = Assert.Single(reconnects);
        Assert.Equal(ConnectionReplacementReason.MaxLifetime, reconnect.Reason);
        Assert.Equal(first, reconnect.PreviousServerConnectionId);
    }

    [Fact]
    public async Task Sync_twins_recover_from_a_killed_session_too()
    {
        await using var server = await StartOwnServerAsync();
        using var guard = CreateGuard(server, o => o.IdleCheckAfter = TimeSpan.FromMilliseconds(100));
        long first;
        using (var lease = guard.Acquire())
        {
            first = Sql.Scalar(lease.Connection, "SELECT CONNECTION_ID()");
        }

        await KillAsync(server, first);
        await Task.Delay(300);
        using (var lease = guard.Acquire())
        {
            Assert.NotEqual(first, Sql.Scalar(lease.Connection, "SELECT CONNECTION_ID()"));
        }
    }

    [Fact]
    public async Task A_black_holed_connection_never_hangs_an_acquire()
    {
        await using var server = await StartOwnServerAsync();
        await using var proxy = new BlackHoleProxy(server.Port);
        var connectionString = $"Server=127.0.0.1;Port={proxy.Port};User ID=root;Password=;Database={MariaDbServer.Database}" + ProviderSettings + BlackHoleConnectTimeout;
        var timeline = new GuardTimeline(); // printed by a failed bound: which step took the time
        var options = new ConnectionGuardOptions { PingTimeout = TimeSpan.FromSeconds(1), IdleCheckAfter = TimeSpan.FromMilliseconds(200), Logger = timeline };
        await using var guard = new ConnectionGuard<TConnection>(() => CreateConnection(connectionString), options);
        var before = await SessionIdUnderConnectTimeoutAsync(guard);

        // Bound from issue 3: PingTimeout rounded up (1 s) + the provider's cancellation time + Connect Timeout (2 s);
        // plus the guard's 2 s grace for a provider that overruns its connect timeout, and 2 s slack for a busy machine.
        var bound = TimeSpan.FromSeconds(1) + CancellationAllowance + TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(2);

        // Each acquire also has a deadline of its own (the bound plus 10 s): one that never returns fails here, naming
        // the step and printing the guard's log, instead of holding the test until its own deadline.
        var deadline = bound + TimeSpan.FromSeconds(10);
        string Log() => "the guard's log:" + Environment.NewLine + timeline;

        proxy.BlackHole();
        await Task.Delay(300);
        timeline.Restart();
        var (asyncElapsed, asyncOutcome) = await Bounded.RunAsync(async () => { await using var lease = await guard.AcquireAsync(); }, deadline, "an async acquire over a black-holed connection", Log);
        Assert.True(asyncElapsed < bound, $"async acquire took {asyncElapsed}; {Log()}");
        AssertClearTimeout(asyncOutcome); // the replacement cannot connect either: a clear timeout error

        await Task.Delay(300);
        timeline.Restart();
        var (syncElapsed, syncOutcome) = Bounded.Run(() => { using var lease = guard.Acquire(); }, deadline, "a sync acquire over a black-holed connection", Log);
        Assert.True(syncElapsed < bound, $"sync acquire took {syncElapsed}; {Log()}");
        AssertClearTimeout(syncOutcome);

        proxy.Resume();
        Assert.NotEqual(before, await SessionIdUnderConnectTimeoutAsync(guard));

        // A connection that goes silent after it was opened fine: the probe gives up, and a new session is opened.
        var second = await SessionIdAsync(guard);
        proxy.BlackHole();
        await Task.Delay(300);
        proxy.Resume(); // new connections get through again; the old one stays black-holed
        var third = await NewSessionAfterSilenceAsync(guard, sync: false, bound, deadline, timeline);
        Assert.NotEqual(second, third);

        // The same through the sync API (MySqlConnector: a blocking COM_PING ended by the guard's timer).
        proxy.BlackHole();
        await Task.Delay(300);
        proxy.Resume();
        var fourth = await NewSessionAfterSilenceAsync(guard, sync: true, bound, deadline, timeline);
        Assert.NotEqual(third, fourth);
    }

    /// <summary>
    /// An acquire over a connection gone silent: within <paramref name="bound"/> the probe gives up and a new session
    /// opens, whose id is returned. That open runs under the 2 s Connect Timeout, which a loaded machine overran (a CI
    /// run: MySql.Data's handshake read timed out). When the guard's log shows the open failed, the guard did its part
    /// and the acquire is tried again (three tries); a slow acquire or any other failure ends the test.
    /// </summary>
    private static async Task<long> NewSessionAfterSilenceAsync(ConnectionGuard<TConnection> guard, bool sync, TimeSpan bound, TimeSpan deadline, GuardTimeline timeline)
    {
        var what = sync ? "a sync acquire over a silent connection" : "an async acquire over a silent connection";
        string Log() => "the guard's log:" + Environment.NewLine + timeline;
        for (var attempt = 1; ; attempt++)
        {
            timeline.Restart();
            var session = 0L;
            var (elapsed, error) = sync
                ? Bounded.Run(
                    () =>
                    {
                        using var lease = guard.Acquire();
                        session = Sql.Scalar(lease.Connection, "SELECT CONNECTION_ID()");
                    },
                    deadline,
                    what,
                    Log)
                : await Bounded.RunAsync(async () => session = await SessionIdAsync(guard), deadline, what, Log);
            Assert.True(elapsed < bound, $"{what} took {elapsed} (try {attempt}); {Log()}");
            if (error is null)
            {
                return session;
            }

            var openFailed = error is DbException or TimeoutException && timeline.Logged("OpenFailed");
            Assert.True(attempt < 3 && openFailed, $"{what} failed (try {attempt}): {error}{Environment.NewLine}{Log()}");
        }
    }

    [Fact]
    public async Task Soak_with_idle_gaps_and_kills_keeps_every_acknowledged_write_exactly_once()
    {
        await using var server = await StartOwnServerAsync();
        await using (var setup = new MySqlConnector.MySqlConnection(server.ConnectionString))
        {
            await setup.OpenAsync();
            await Sql.ExecuteAsync(setup, "CREATE TABLE writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, worker INT NOT NULL, seq INT NOT NULL, part INT NOT NULL) ENGINE=InnoDB");
        }

        static ConnectionGuardOptions Options() => new()
        {
            InitSql = "SET SESSION wait_timeout = 1",
            IdleCheckAfter = TimeSpan.FromMilliseconds(300),
            PingTimeout = TimeSpan.FromSeconds(1),
        };

        var connectionString = server.ConnectionString + ProviderSettings;
        var shared = new ConnectionGuard<TConnection>(() => CreateConnection(connectionString), Options());
        var guards = Enumerable.Range(0, 3).Select(_ => new ConnectionGuard<TConnection>(() => CreateConnection(connectionString), Options()))
            .Append(shared).Append(shared).ToArray();

        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<(int Worker, int Seq, int Parts)>();
        var failures = 0;
        var slowestCall = TimeSpan.Zero;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(8);
        using var stop = new CancellationTokenSource();

        async Task Worker(int worker)
        {
            var random = new Random(worker * 7919);
            var guard = guards[worker];
            for (var seq = 0; DateTime.UtcNow < deadline; seq++)
            {
                await Task.Delay(random.Next(0, 1500));
                var inTransaction = seq % 2 == 1; // odd writes: two rows in one transaction
                var watch = Stopwatch.StartNew();
                try
                {
                    await using var lease = await guard.AcquireAsync();
                    if (inTransaction)
                    {
                        await using var transaction = await lease.BeginTransactionAsync();
                        await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO writes (worker, seq, part) VALUES ({worker}, {seq}, 1)", transaction);
                        await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO writes (worker, seq, part) VALUES ({worker}, {seq}, 2)", transaction);
                        await transaction.CommitAsync();
                    }
                    else
                    {
                        await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO writes (worker, seq, part) VALUES ({worker}, {seq}, 1)");
                    }

                    acknowledged.Add((worker, seq, inTransaction ? 2 : 1));
                }
                catch (Exception ex) when (ex is DbException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
                {
                    // A kill landed inside this unit of work: not acknowledged. A write to the killed session can fail
                    // with the socket's own error (MySqlConnector does not wrap a reset seen while sending), as in AssertGoneAway.
                    Interlocked.Increment(ref failures);
                }
                finally
                {
                    lock (acknowledged)
                    {
                        if (watch.Elapsed > slowestCall)
                        {
                            slowestCall = watch.Elapsed;
                        }
                    }
                }
            }
        }

        async Task Killer()
        {
            var random = new Random(42);
            await using var admin = new MySqlConnector.MySqlConnection(server.ConnectionString + ";Pooling=false");
            await admin.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(random.Next(250, 700));
                var ids = new List<long>();
                await using (var list = new MySqlConnector.MySqlCommand("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'root' AND ID <> CONNECTION_ID() AND COMMAND <> 'Daemon'", admin))
                await using (var reader = await list.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        ids.Add(Convert.ToInt64(reader.GetValue(0)));
                    }
                }

                if (ids.Count > 0)
                {
                    try
                    {
                        await Sql.ExecuteAsync(admin, $"KILL {ids[random.Next(ids.Count)]}");
                    }
                    catch (MySqlConnector.MySqlException)
                    {
                        // The session ended on its own meanwhile.
                    }
                }
            }
        }

        var killer = Task.Run(Killer);
        var workers = Enumerable.Range(0, guards.Length).Select(w => Task.Run(() => Worker(w))).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
        stop.Cancel();
        await killer.WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var guard in guards.Distinct())
        {
            await guard.DisposeAsync();
        }

        var rows = new Dictionary<(int Worker, int Seq), (int Count, int Parts)>();
        await using (var check = new MySqlConnector.MySqlConnection(server.ConnectionString))
        {
            await check.OpenAsync();
            await using var query = new MySqlConnector.MySqlCommand("SELECT worker, seq, COUNT(*), COUNT(DISTINCT part) FROM writes GROUP BY worker, seq", check);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows[(reader.GetInt32(0), reader.GetInt32(1))] = (reader.GetInt32(2), reader.GetInt32(3));
            }
        }

        Assert.True(acknowledged.Count >= 10, $"only {acknowledged.Count} writes were acknowledged ({failures} failed)");
        foreach (var write in acknowledged)
        {
            Assert.True(rows.TryGetValue((write.Worker, write.Seq), out var row), $"acknowledged write {write} is missing");
            Assert.Equal((write.Parts, write.Parts), row); // present exactly once, every part of its transaction
        }

        // Unacknowledged writes may or may not have landed, but never twice and never half a transaction.
        Assert.All(rows, r => Assert.Equal(r.Value.Count, r.Value.Parts));
        Assert.All(rows, r => Assert.Equal(r.Key.Seq % 2 == 1 ? 2 : 1, r.Value.Count));
        Assert.True(slowestCall < TimeSpan.FromSeconds(10), $"slowest unit of work took {slowestCall}");
    }
}
