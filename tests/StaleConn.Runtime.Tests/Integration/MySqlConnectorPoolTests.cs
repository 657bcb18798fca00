using System.Data;
using System.Diagnostics;
using MySqlConnector;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>
/// A guard around a connection that uses MySqlConnector's pool (an already-open connection handed to the guard, which
/// cannot switch its pooling off). A session the guard has found dead must never go back to that pool for the next
/// user: with <c>ConnectionReset=false</c> the pool hands a returned session out again without asking the server, so
/// the next <c>Open()</c> elsewhere in the application would get the dead socket and fail its first command.
/// </summary>
public sealed class MySqlConnectorPoolTests : IClassFixture<MariaDbServerFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly MariaDbServer _server;

    public MySqlConnectorPoolTests(MariaDbServerFixture fixture) => _server = fixture.Server;

    /// <summary>
    /// A pool of its own for each test (MySqlConnector pools by connection string), with the pool's reset on checkout off:
    /// the setting under which a dead session handed back is handed out unchecked.
    /// </summary>
    internal static string PooledConnectionString(MariaDbServer server) =>
        server.ConnectionString + $";SslMode=None;Connect Timeout=5;ConnectionReset=false;Application Name=pool-{Guid.NewGuid():N}";

    private string PooledConnectionString() => PooledConnectionString(_server);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_session_idle_past_wait_timeout_is_not_handed_to_the_next_user_of_the_pool(bool sync)
    {
        var connectionString = PooledConnectionString();
        var (guard, first, reconnects) = await GuardAroundOpenConnectionAsync(connectionString, new ConnectionGuardOptions { InitSql = "SET SESSION wait_timeout = 1" });
        await using (guard)
        {
            var disposed = DisposedSignal(first);
            var deadId = first.ServerThread;
            await Task.Delay(TimeSpan.FromSeconds(2.5)); // the server closes the session after 1 s idle

            await UseAsync(guard, sync); // known dead without asking: replaced, the old connection discarded in the background
            Assert.Equal(ConnectionReplacementReason.IdleBeyondServerLimit, Assert.Single(reconnects).Reason);
            await disposed.WaitAsync(Bound);

            await AssertTheNextUserOfThePoolGetsALiveSessionAsync(connectionString, deadId);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_killed_session_seen_closed_at_its_socket_is_not_handed_to_the_next_user_of_the_pool(bool sync)
    {
        var connectionString = PooledConnectionString();
        var (guard, first, reconnects) = await GuardAroundOpenConnectionAsync(connectionString, new ConnectionGuardOptions { IdleCheckAfter = TimeSpan.FromMilliseconds(100) });
        await using (guard)
        {
            var disposed = DisposedSignal(first);
            var deadId = first.ServerThread;
            await KillAndWaitForTheSocketToCloseAsync(first);
            await Task.Delay(150); // past IdleCheckAfter: the acquire probes, and the socket already shows the close

            await UseAsync(guard, sync);
            Assert.Equal(ConnectionReplacementReason.ProbeFailed, Assert.Single(reconnects).Reason);
            await disposed.WaitAsync(Bound);

            await AssertTheNextUserOfThePoolGetsALiveSessionAsync(connectionString, deadId);
        }
    }

    [Fact]
    public async Task A_session_lost_with_FailInsteadOfReconnect_is_not_handed_to_the_next_user_of_the_pool()
    {
        var connectionString = PooledConnectionString();
        var (guard, first, _) = await GuardAroundOpenConnectionAsync(connectionString, new ConnectionGuardOptions { InitSql = "SET SESSION wait_timeout = 1", FailInsteadOfReconnect = true });
        await using (guard)
        {
            var disposed = DisposedSignal(first);
            var deadId = first.ServerThread;
            await Task.Delay(TimeSpan.FromSeconds(2.5));

            await Assert.ThrowsAsync<ConnectionLostException>(async () => { await using var _ = await guard.AcquireAsync(); });
            await disposed.WaitAsync(Bound);

            await AssertTheNextUserOfThePoolGetsALiveSessionAsync(connectionString, deadId);
        }
    }

    [Fact]
    public async Task Disposing_the_guard_does_not_hand_a_session_known_dead_to_the_next_user_of_the_pool()
    {
        var connectionString = PooledConnectionString();
        var (guard, first, _) = await GuardAroundOpenConnectionAsync(connectionString, new ConnectionGuardOptions { InitSql = "SET SESSION wait_timeout = 1" });
        var disposed = DisposedSignal(first);
        var deadId = first.ServerThread;
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        await guard.DisposeAsync();
        await disposed.WaitAsync(Bound);

        await AssertTheNextUserOfThePoolGetsALiveSessionAsync(connectionString, deadId);
    }

    [Fact]
    public async Task A_factory_that_hands_out_open_pooled_connections_gets_the_same_care()
    {
        // The factory form, with a factory that opens its connections itself (from the pool): the guard cannot turn
        // their pooling off, so every session it finds dead must be kept from the pool, the replacements' too.
        var connectionString = PooledConnectionString();
        var created = new List<MySqlConnection>();
        var reconnects = new List<ConnectionReconnectedEventArgs>();
        await using var guard = new ConnectionGuard<MySqlConnection>(
            () =>
            {
                var connection = new MySqlConnection(connectionString);
                connection.Open();
                created.Add(connection);
                return connection;
            },
            new ConnectionGuardOptions { InitSql = "SET SESSION wait_timeout = 1" });
        guard.Reconnected += (_, e) => reconnects.Add(e);

        for (var round = 0; round < 2; round++)
        {
            await UseAsync(guard, sync: false);
            var current = created[^1];
            var disposed = DisposedSignal(current);
            var deadId = current.ServerThread;
            await Task.Delay(TimeSpan.FromSeconds(2.5));

            await UseAsync(guard, sync: round == 1);
            Assert.Equal(ConnectionReplacementReason.IdleBeyondServerLimit, reconnects[^1].Reason);
            await disposed.WaitAsync(Bound);

            await AssertTheNextUserOfThePoolGetsALiveSessionAsync(connectionString, deadId);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Connections_of_a_MySqlDataSource_return_their_sessions_to_it_and_their_dead_sessions_stay_out(bool factory)
    {
        // A data source's connection opens from the data source's pool with the data source's settings, whatever
        // Pooling=false the guard writes into its string: the guard must notice that after the open, and must not make
        // MySqlConnector lease a session from the pool that it then closes instead of returning (a leaked lease per open).
        var dataSource = new MySqlDataSource(PooledConnectionString() + ";Maximum Pool Size=2;Connect Timeout=3");
        var created = new List<MySqlConnection>();
        MySqlConnection Create()
        {
            var connection = dataSource.CreateConnection();
            created.Add(connection);
            return connection;
        }

        var options = new ConnectionGuardOptions { IdleCheckAfter = TimeSpan.FromMilliseconds(100) };
        var guard = factory ? new ConnectionGuard<MySqlConnection>(Create, options) : new ConnectionGuard<MySqlConnection>(Create(), options);
        var reconnects = new List<ConnectionReconnectedEventArgs>();
        guard.Reconnected += (_, e) => reconnects.Add(e);
        await using (guard)
        {
            // More opens than the pool has room for: each closed session must go back to the data source's pool.
            for (var i = 0; i < 3; i++)
            {
                await UseAsync(guard, sync: i == 1);
                await guard.CloseAsync();
            }

            MySqlConnection current;
            await using (var lease = await guard.AcquireAsync())
            {
                current = lease.Connection;
                Assert.Equal(1, await Sql.ScalarAsync(current, "SELECT 1"));
            }

            var disposed = DisposedSignal(current);
            var deadId = current.ServerThread;
            await KillAndWaitForTheSocketToCloseAsync(current);
            await Task.Delay(150); // past IdleCheckAfter

            await UseAsync(guard, sync: true);
            Assert.Equal(ConnectionReplacementReason.ProbeFailed, Assert.Single(reconnects).Reason);
            await disposed.WaitAsync(Bound);

            await using var next = await dataSource.OpenConnectionAsync();
            var failure = await Record.ExceptionAsync(() => Sql.ScalarAsync(next, "SELECT 1"));
            Assert.True(failure is null, $"the data source's pool handed out the dead session {deadId}: {failure}");
            Assert.NotEqual(deadId, next.ServerThread);
        }

        await dataSource.DisposeAsync(); // throws when a lease was leaked (a leased session without its connection)
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_transaction_lost_on_a_pooled_session_stays_lost_and_the_session_is_not_handed_on(bool ambient)
    {
        var connectionString = PooledConnectionString();
        var table = "lost_" + Guid.NewGuid().ToString("N");
        var (guard, first, _) = await GuardAroundOpenConnectionAsync(connectionString, new ConnectionGuardOptions { InitSql = "SET SESSION wait_timeout = 1" });
        await using (guard)
        {
            await using (var setup = await guard.AcquireAsync())
            {
                await Sql.ExecuteAsync(setup.Connection, $"CREATE TABLE {table} (v INT NOT NULL) ENGINE=InnoDB");
            }

            var disposed = DisposedSignal(first);
            var deadId = first.ServerThread;
            var scope = ambient ? new System.Transactions.TransactionScope(System.Transactions.TransactionScopeAsyncFlowOption.Enabled) : null;
            System.Data.Common.DbTransaction? transaction = null;
            await using (var lease = await guard.AcquireAsync())
            {
                transaction = ambient ? null : await lease.BeginTransactionAsync();
                await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO {table} VALUES (1)", transaction);
            } // the transaction spans leases

            await Task.Delay(TimeSpan.FromSeconds(2.5));
            await Assert.ThrowsAsync<ConnectionLostInTransactionException>(async () => { await using var _ = await guard.AcquireAsync(); });
            await disposed.WaitAsync(Bound); // keeping the session from the pool must not finish the caller's transaction for it
            Assert.Throws<ConnectionLostInTransactionException>(() => { using var _ = guard.Acquire(); });

            if (transaction is not null)
            {
                _ = await Record.ExceptionAsync(async () => await transaction.DisposeAsync());
            }

            _ = Record.Exception(() => scope?.Dispose()); // not completed; the rollback on the dead session may throw

            await AssertTheNextUserOfThePoolGetsALiveSessionAsync(connectionString, deadId);
            await using var check = await guard.AcquireAsync();
            Assert.Equal(0, await Sql.ScalarAsync(check.Connection, $"SELECT COUNT(*) FROM {table}"));
            await Sql.ExecuteAsync(check.Connection, $"DROP TABLE {table}");
        }
    }

    [Fact]
    public async Task A_live_session_recycled_by_MaxLifetime_goes_back_to_the_pool_for_reuse()
    {
        // Only sessions known dead are kept from the pool: a live one the guard merely retires is the pool's to reuse.
        var connectionString = PooledConnectionString();
        var (guard, first, reconnects) = await GuardAroundOpenConnectionAsync(connectionString, new ConnectionGuardOptions { MaxLifetime = TimeSpan.FromMilliseconds(200) });
        await using (guard)
        {
            var disposed = DisposedSignal(first);
            var liveId = first.ServerThread;
            await Task.Delay(300);

            await UseAsync(guard, sync: false);
            Assert.Equal(ConnectionReplacementReason.MaxLifetime, Assert.Single(reconnects).Reason);
            await disposed.WaitAsync(Bound);

            await using var next = new MySqlConnection(connectionString);
            await next.OpenAsync();
            Assert.Equal(liveId, next.ServerThread);
            Assert.Equal(1, await Sql.ScalarAsync(next, "SELECT 1"));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_silent_pooled_session_still_bounds_the_acquire_and_is_not_handed_to_the_next_user(bool sync)
    {
        // A dead NAT entry: the socket stays open and nothing comes back. The probe's ping gives up after PingTimeout;
        // giving up must end the ping even though disposing a pooled connection only parks its session in the pool.
        await using var proxy = new BlackHoleProxy(_server.Port);
        var connectionString = $"Server=127.0.0.1;Port={proxy.Port};User ID=root;Password=;Database={MariaDbServer.Database}" +
            $";SslMode=None;Connect Timeout=3;Default Command Timeout=5;ConnectionReset=false;Application Name=pool-{Guid.NewGuid():N}";
        var (guard, first, reconnects) = await GuardAroundOpenConnectionAsync(connectionString, new ConnectionGuardOptions { IdleCheckAfter = TimeSpan.FromMilliseconds(100), PingTimeout = TimeSpan.FromSeconds(1) });
        await using (guard)
        {
            var disposed = DisposedSignal(first);
            var silentId = first.ServerThread;
            proxy.BlackHole();
            await Task.Delay(300);
            proxy.Resume(); // new connections get through; the old one stays silent for good

            // PingTimeout (1 s) + the replacement's open + 3 s slack for a busy machine.
            var bound = TimeSpan.FromSeconds(5);
            var watch = Stopwatch.StartNew();
            Exception? outcome = null;
            var caller = new Thread(() => outcome = Record.Exception(() => UseAsync(guard, sync).GetAwaiter().GetResult())) { IsBackground = true };
            caller.Start();
            Assert.True(caller.Join(bound + Bound), $"acquire still blocked after {watch.Elapsed}"); // a stuck caller fails the test, not the run
            Assert.Null(outcome);
            Assert.True(watch.Elapsed < bound, $"acquire took {watch.Elapsed}");
            Assert.Equal(ConnectionReplacementReason.ProbeFailed, Assert.Single(reconnects).Reason);
            await disposed.WaitAsync(Bound);

            await AssertTheNextUserOfThePoolGetsALiveSessionAsync(connectionString, silentId);
        }
    }

    [Fact]
    public async Task A_string_the_provider_rejects_is_reported_by_the_acquire_as_before()
    {
        // The guard reads the connect timeout before it rewrites the string; a string the provider cannot read must
        // still fail where it did (the open), with the provider's own error.
        var connectionString = _server.ConnectionString + ";No Such Option=1";
        await using var adopted = new ConnectionGuard<MySqlConnection>(new MySqlConnection(connectionString));
        await using var built = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString));
        Assert.Contains("No Such Option", (await Assert.ThrowsAsync<ArgumentException>(async () => { await using var _ = await adopted.AcquireAsync(); })).Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("No Such Option", Assert.Throws<ArgumentException>(() => { using var _ = built.Acquire(); }).Message, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(ConnectionGuard<MySqlConnection> Guard, MySqlConnection First, List<ConnectionReconnectedEventArgs> Reconnects)> GuardAroundOpenConnectionAsync(string connectionString, ConnectionGuardOptions options)
    {
        var first = new MySqlConnection(connectionString);
        await first.OpenAsync();
        var reconnects = new List<ConnectionReconnectedEventArgs>();
        var guard = new ConnectionGuard<MySqlConnection>(first, options);
        guard.Reconnected += (_, e) =>
        {
            lock (reconnects)
            {
                reconnects.Add(e);
            }
        };

        // The first acquire adopts the open (pooled) connection as it is, runs the on-open hooks and reads wait_timeout.
        await using (var lease = await guard.AcquireAsync())
        {
            Assert.Same(first, lease.Connection);
            Assert.Equal(1, await Sql.ScalarAsync(lease.Connection, "SELECT 1"));
        }

        return (guard, first, reconnects);
    }

    private static async Task UseAsync(ConnectionGuard<MySqlConnection> guard, bool sync)
    {
        if (sync)
        {
            using var lease = guard.Acquire();
            Assert.Equal(1, Sql.Scalar(lease.Connection, "SELECT 1"));
        }
        else
        {
            await using var lease = await guard.AcquireAsync();
            Assert.Equal(1, await Sql.ScalarAsync(lease.Connection, "SELECT 1"));
        }
    }

    // The guard disposes a discarded connection on one of its own threads; Dispose raises Disposed once the session has
    // gone back to the pool (or been closed).
    private static Task DisposedSignal(MySqlConnection connection)
    {
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Disposed += (_, _) => disposed.TrySetResult();
        return disposed.Task;
    }

    private static async Task AssertTheNextUserOfThePoolGetsALiveSessionAsync(string connectionString, long deadId)
    {
        // Code elsewhere in the application, outside the guard, opening a connection with the same string.
        await using var next = new MySqlConnection(connectionString);
        await next.OpenAsync();
        var failure = await Record.ExceptionAsync(() => Sql.ScalarAsync(next, "SELECT 1"));
        Assert.True(failure is null, $"the pool handed out the dead session {deadId}: {failure}");
        Assert.NotEqual(deadId, next.ServerThread);
        Assert.Equal(ConnectionState.Open, next.State);
    }

    private async Task KillAndWaitForTheSocketToCloseAsync(MySqlConnection connection)
    {
        var traits = ProviderTraits<MySqlConnection>.Of(typeof(MySqlConnection));
        var id = connection.ServerThread;
        await using (var admin = new MySqlConnection(_server.ConnectionString + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await Sql.ExecuteAsync(admin, $"KILL {id}");
        }

        var watch = Stopwatch.StartNew();
        while (!traits.PeerHasClosed(connection))
        {
            Assert.True(watch.Elapsed < Bound, $"session {id}'s socket did not show the server's close within {Bound}");
            await Task.Delay(5);
        }
    }
}
