using System.Data;
using Npgsql;
using StaleConn.Runtime.Tests.Testing;
using StaleConn.Testing.PostgreSql;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>
/// The server-side scenarios on PostgreSQL with Npgsql: the server's own idle limit (<c>idle_session_timeout</c>), a
/// restart, a transaction lost between leases, a black-holed connection. Tests that end sessions or restart the server
/// start a server of their own.
/// </summary>
public sealed class NpgsqlScenarioTests : IClassFixture<PostgreSqlServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PostgreSqlServer _shared;

    public NpgsqlScenarioTests(PostgreSqlServerFixture fixture) => _shared = fixture.Server;

    private static ConnectionGuard<NpgsqlConnection> CreateGuard(string connectionString, Action<ConnectionGuardOptions>? configure = null, List<ConnectionReconnectedEventArgs>? reconnects = null)
    {
        var options = new ConnectionGuardOptions { PingTimeout = TimeSpan.FromSeconds(2) };
        configure?.Invoke(options);
        var guard = new ConnectionGuard<NpgsqlConnection>(() => new NpgsqlConnection(connectionString), options);
        if (reconnects is not null)
        {
            guard.Reconnected += (_, e) => reconnects.Add(e);
        }

        return guard;
    }

    private static async Task<long> BackendAsync(ConnectionGuard<NpgsqlConnection> guard)
    {
        var backend = 0L;
        (await Bounded.RunAsync(
            async () =>
            {
                await using var lease = await guard.AcquireAsync();
                backend = await Sql.ScalarAsync(lease.Connection, "SELECT pg_backend_pid()");
            },
            Deadline,
            "an acquire")).ThrowIfFailed();
        return backend;
    }

    /// <summary>Defect 2: with default options the guard reads idle_session_timeout as it reads wait_timeout.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Idle_past_idle_session_timeout_the_raw_connection_fails_and_the_guarded_one_recovers(bool sync)
    {
        // Per session, as managed PostgreSQL services set it (PostgreSQL 14+).
        var connectionString = _shared.ConnectionString + ";Options=-c idle_session_timeout=2000";
        await using var raw = new NpgsqlConnection(connectionString + ";Pooling=false");
        await raw.OpenAsync();

        var reconnects = new List<ConnectionReconnectedEventArgs>();
        await using var guard = CreateGuard(connectionString, reconnects: reconnects); // default IdleCheckAfter (30 s)
        var before = await BackendAsync(guard);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var failure = await Record.ExceptionAsync(() => Sql.ScalarAsync(raw, "SELECT 1"));
        Assert.NotNull(failure); // 57P05: terminating connection due to idle-session timeout

        long after = 0;
        var (_, error) = sync
            ? Bounded.Run(() => { using var lease = guard.Acquire(); after = Sql.Scalar(lease.Connection, "SELECT pg_backend_pid()"); }, Deadline, "a sync acquire past idle_session_timeout")
            : await Bounded.RunAsync(async () => after = await BackendAsync(guard), Deadline, "an async acquire past idle_session_timeout");
        Assert.Null(error);
        Assert.NotEqual(before, after);
        var reconnect = Assert.Single(reconnects);
        Assert.Equal(ConnectionReplacementReason.IdleBeyondServerLimit, reconnect.Reason);
        Assert.Equal(before, reconnect.PreviousServerConnectionId);
        Assert.Equal(after, reconnect.ServerConnectionId);
    }

    /// <summary>A server restart (fast shutdown): acquiring fails fast while it is down and recovers when it is back.</summary>
    [Fact]
    public async Task While_the_server_restarts_acquiring_fails_fast_and_recovers_when_it_is_back()
    {
        await using var server = await PostgreSqlServer.StartAsync(new CancellationTokenSource(Deadline).Token);
        await using var guard = CreateGuard(server.ConnectionString + ";Timeout=3", o => o.IdleCheckAfter = TimeSpan.FromMilliseconds(100));
        var before = await BackendAsync(guard);

        await server.StopAsync();
        await Task.Delay(200);
        var (elapsed, down) = await Bounded.RunAsync(async () => { await using var _ = await guard.AcquireAsync(); }, Deadline, "an acquire while the server is down");
        Assert.NotNull(down);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"failing took {elapsed}");

        await server.StartAgainAsync(new CancellationTokenSource(Deadline).Token);
        Assert.NotEqual(before, await BackendAsync(guard));
    }

    /// <summary>
    /// A transaction spanning leases, lost with its session: the acquire that finds the loss reports it, and nothing of
    /// the transaction was written. Npgsql disposes the transaction itself as it learns the session is gone (its
    /// connector breaks), so the loss is reported once, as with SQLite; the owner's later use of the transaction fails.
    /// </summary>
    [Fact]
    public async Task A_transaction_lost_between_leases_is_reported_its_row_is_absent_and_the_transaction_is_unusable()
    {
        await using var guard = CreateGuard(_shared.ConnectionString, o => o.IdleCheckAfter = TimeSpan.FromMilliseconds(200));
        var table = "lost_" + Guid.NewGuid().ToString("N")[..12];
        await using (var setup = await guard.AcquireAsync())
        {
            await Sql.ExecuteAsync(setup.Connection, $"CREATE TABLE {table} (v TEXT NOT NULL)");
        }

        var lease = await guard.AcquireAsync();
        var transaction = await lease.BeginTransactionAsync();
        await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO {table} VALUES ('lost')", transaction);
        var backend = await Sql.ScalarAsync(lease.Connection, "SELECT pg_backend_pid()", transaction);
        await lease.DisposeAsync();

        await PostgreSqlAdmin.TerminateAsync(_shared, backend);
        await Task.Delay(400);
        var (_, lost) = await Bounded.RunAsync(async () => { await using var _ = await guard.AcquireAsync(); }, Deadline, "an acquire after the loss");
        Assert.IsType<ConnectionLostInTransactionException>(lost);
        Assert.NotNull(await Record.ExceptionAsync(() => transaction.CommitAsync())); // never silently committed anywhere
        _ = await Record.ExceptionAsync(async () => await transaction.DisposeAsync());

        await using var after = await guard.AcquireAsync().AsTask().WaitAsync(Deadline);
        Assert.NotEqual(backend, await Sql.ScalarAsync(after.Connection, "SELECT pg_backend_pid()"));
        Assert.Equal(0, await Sql.ScalarAsync(after.Connection, $"SELECT COUNT(*) FROM {table}"));
    }

    /// <summary>
    /// A guard handed an open connection replaces it with a clone (the open one's string has lost its password): the
    /// clone opens a new backend on the same database after the old one was terminated.
    /// </summary>
    [Fact]
    public async Task A_guard_built_around_an_open_connection_replaces_it_with_a_clone_that_opens()
    {
        var connection = new NpgsqlConnection(_shared.ConnectionString + ";Application Name=guarded-open");
        await connection.OpenAsync();
        await using var guard = new ConnectionGuard<NpgsqlConnection>(connection, new ConnectionGuardOptions { IdleCheckAfter = TimeSpan.FromMilliseconds(200), PingTimeout = TimeSpan.FromSeconds(2) });
        var first = await BackendAsync(guard);

        await PostgreSqlAdmin.TerminateAsync(_shared, first);
        await Task.Delay(400);
        var second = await BackendAsync(guard);
        Assert.NotEqual(first, second);
        await using var lease = await guard.AcquireAsync().AsTask().WaitAsync(Deadline);
        Assert.Equal("guarded-open", await Sql.StringAsync(lease.Connection, "SELECT current_setting('application_name')"));
    }

    /// <summary>A connection whose peer goes silent: the probe is bounded and a new session is opened.</summary>
    [Fact]
    public async Task A_black_holed_connection_never_hangs_an_acquire()
    {
        await using var proxy = new BlackHoleProxy(_shared.Port);
        var connectionString = $"Host=127.0.0.1;Port={proxy.Port};Username=postgres;Database=postgres;Timeout=4;Cancellation Timeout=1000";
        await using var guard = CreateGuard(connectionString, o =>
        {
            o.PingTimeout = TimeSpan.FromSeconds(1);
            o.IdleCheckAfter = TimeSpan.FromMilliseconds(200);
        });
        var before = await BackendAsync(guard);

        // PingTimeout (1 s) + the guard's 2 s grace + Timeout (4 s) + its grace (2 s) + 3 s slack for a busy machine.
        var bound = TimeSpan.FromSeconds(12);
        proxy.BlackHole();
        await Task.Delay(300);
        var (elapsed, outcome) = await Bounded.RunAsync(async () => { await using var _ = await guard.AcquireAsync(); }, bound + Deadline, "an acquire over a black-holed connection");
        Assert.True(elapsed < bound, $"the acquire took {elapsed}");
        Assert.True(outcome is System.Data.Common.DbException or TimeoutException or NpgsqlException, $"unexpected {outcome?.GetType()}: {outcome?.Message}");

        proxy.Resume();
        Assert.NotEqual(before, await BackendAsync(guard));

        var second = await BackendAsync(guard);
        proxy.BlackHole();
        await Task.Delay(300);
        proxy.Resume(); // new connections get through; the old one stays silent
        var (sync, syncError) = Bounded.Run(() => { using var lease = guard.Acquire(); _ = Sql.Scalar(lease.Connection, "SELECT 1"); }, bound + Deadline, "a sync acquire over a silent connection");
        Assert.Null(syncError);
        Assert.True(sync < bound, $"the sync acquire took {sync}");
        Assert.NotEqual(second, await BackendAsync(guard));
    }

    [Fact]
    public void The_guard_sees_the_socket_of_the_Npgsql_version_it_is_tested_with()
    {
        // Internal members of Npgsql: a version that renames them only loses the closed-socket check (the guard probes),
        // but that should be a decision, not a surprise — this fails first.
        var traits = ProviderTraits<NpgsqlConnection>.Of(typeof(NpgsqlConnection));
        Assert.True(traits.SeesSocket, $"Npgsql {typeof(NpgsqlConnection).Assembly.GetName().Version}: Connector._socket not found");
        Assert.True(traits.KnowsServerThread);
        Assert.NotNull(traits.IdleLimit);
        Assert.Equal("idle_session_timeout", traits.IdleLimit!.Name);
    }
}
