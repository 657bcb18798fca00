using System.Data.Common;
using System.Diagnostics;
using System.Transactions;
using MySqlConnector;
using StaleConn.Runtime.Tests.Testing;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>The core scenarios with MySqlConnector, plus a black-holed connection and a soak with kills.</summary>
public sealed class MySqlConnectorScenarioTests : GuardScenarios<MySqlConnection>
{
    public MySqlConnectorScenarioTests(MariaDbServerFixture fixture)
        : base(fixture)
    {
    }

    // SslMode=None lets the guard open MySqlConnector connections on the caller's thread in the sync path too (its sync
    // TLS handshake is not bounded by Connect Timeout); the black-holed connection test then shows the bound holds, and
    // the frozen-handshake test below (TLS not ruled out) that such an open stays off the caller's thread.
    protected override string ProviderSettings => ";Connect Timeout=10;Cancellation Timeout=1;SslMode=None";

    protected override TimeSpan CancellationAllowance => TimeSpan.FromSeconds(1); // Cancellation Timeout

    protected override MySqlConnection CreateConnection(string connectionString) => new(connectionString);

    [Fact]
    public async Task A_sync_open_that_freezes_in_the_TLS_handshake_fails_within_the_open_bound()
    {
        // SslMode=Preferred (the default): TLS is not ruled out, so the guard must not leave the open to the caller's
        // thread, where MySqlConnector's sync TLS handshake would block past Connect Timeout on a frozen peer.
        var peer = new FrozenHandshakePeer();
        var connectionString = $"Server=127.0.0.1;Port={peer.Port};User ID=root;Password=x;SslMode=Preferred;Connect Timeout=2";
        var guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString), new ConnectionGuardOptions());
        try
        {
            // Bound: Connect Timeout (2 s) + the guard's 2 s grace + 2 s slack for a busy machine.
            var bound = TimeSpan.FromSeconds(6);
            Exception? outcome = null;
            var watch = Stopwatch.StartNew();
            var caller = new Thread(() => outcome = Record.Exception(() => { using var lease = guard.Acquire(); })) { IsBackground = true };
            caller.Start();
            var finished = caller.Join(bound + TimeSpan.FromSeconds(5)); // a caller stuck in the handshake fails the test, not the run
            Assert.True(finished, $"sync acquire still blocked after {watch.Elapsed}");
            Assert.True(watch.Elapsed < bound, $"sync acquire took {watch.Elapsed}");
            AssertClearTimeout(outcome);
        }
        finally
        {
            await peer.DisposeAsync(); // closes the frozen sockets first: that ends any blocked handshake read
            await guard.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(";Cancellation Timeout=0", true)] // MySqlConnector: 0 turns its command timeout off altogether
    [InlineData(";Cancellation Timeout=0", false)]
    [InlineData(";Cancellation Timeout=1", true)]
    [InlineData(";Cancellation Timeout=1", false)]
    public async Task A_validation_query_over_a_silent_connection_ends_within_the_guards_bound(string cancellationTimeout, bool sync)
    {
        // The guard's queries on MySqlConnector leave CommandTimeout at 0 (its timer can end the process) and end
        // themselves: the probe gives up at PingTimeout rounded up + the guard's grace, whatever the provider's settings.
        await using var server = await StartOwnServerAsync();
        await using var proxy = new BlackHoleProxy(server.Port);
        var connectionString = $"Server=127.0.0.1;Port={proxy.Port};User ID=root;Password=;Database={MariaDbServer.Database}" + ProviderSettings + cancellationTimeout;
        var timeline = new GuardTimeline();
        var options = new ConnectionGuardOptions { PingTimeout = TimeSpan.FromSeconds(1), IdleCheckAfter = TimeSpan.FromMilliseconds(200), ValidationQuery = "SELECT 1", Logger = timeline };
        await using var guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString), options);
        var before = await SessionIdAsync(guard);
        proxy.BlackHole();
        await Task.Delay(300);
        proxy.Resume(); // the open connection stays silent; the replacement gets through

        var bound = TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(2); // + 2 s slack for a busy machine
        string Log() => "the guard's log:" + Environment.NewLine + timeline;
        long after = 0;
        var acquired = TimeSpan.Zero;
        timeline.Restart();
        // The bound is the guard's promise for the acquire; the query after it runs on a new connection of a busy machine.
        var (elapsed, error) = sync
            ? Bounded.Run(() => { var watch = Stopwatch.StartNew(); using var lease = guard.Acquire(); acquired = watch.Elapsed; after = Sql.Scalar(lease.Connection, "SELECT CONNECTION_ID()"); }, bound + TimeSpan.FromSeconds(10), "a sync acquire over a silent connection", Log)
            : await Bounded.RunAsync(async () => { var watch = Stopwatch.StartNew(); await using var lease = await guard.AcquireAsync(); acquired = watch.Elapsed; after = await Sql.ScalarAsync(lease.Connection, "SELECT CONNECTION_ID()"); }, bound + TimeSpan.FromSeconds(10), "an async acquire over a silent connection", Log);
        Assert.Null(error);
        Assert.True(acquired < bound, $"the acquire took {acquired} (with the query after it {elapsed}); {Log()}");
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task A_transaction_lost_past_wait_timeout_stays_lost_after_the_dead_connection_is_disposed()
    {
        // Known dead (idle past the session's wait_timeout): no probe asks the server, so MySqlConnector still takes the
        // connection for open. Its background disposal must not finish the caller's transaction for it.
        await using var guard = CreateGuard(SharedServer, o => o.InitSql = "SET SESSION wait_timeout = 1");
        var lease = await guard.AcquireAsync();
        var transaction = await lease.BeginTransactionAsync();
        await lease.DisposeAsync(); // the transaction spans leases

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await Assert.ThrowsAsync<ConnectionLostInTransactionException>(async () => { await using var _ = await guard.AcquireAsync(); });
        await Task.Delay(500); // the dead connection's disposal runs in the background meanwhile
        Assert.Throws<ConnectionLostInTransactionException>(() => { using var _ = guard.Acquire(); });

        _ = await Record.ExceptionAsync(async () => await transaction.DisposeAsync());
        await using var after = await guard.AcquireAsync();
        Assert.Equal(1, await Sql.ScalarAsync(after.Connection, "SELECT 1"));
    }

    [Fact]
    public async Task A_TransactionScope_spanning_leases_commits_once_and_a_lost_one_writes_nothing()
    {
        await using var server = await StartOwnServerAsync();
        await using var guard = CreateGuard(server, o => o.IdleCheckAfter = TimeSpan.FromMilliseconds(200));
        await using (var setup = await guard.AcquireAsync())
        {
            await Sql.ExecuteAsync(setup.Connection, "CREATE TABLE items (v VARCHAR(20) NOT NULL) ENGINE=InnoDB");
        }

        using (var scope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await using (var lease = await guard.AcquireAsync())
            {
                await Sql.ExecuteAsync(lease.Connection, "INSERT INTO items VALUES ('one')");
            }

            await using (var lease = await guard.AcquireAsync())
            {
                await Sql.ExecuteAsync(lease.Connection, "INSERT INTO items VALUES ('two')");
            }

            scope.Complete();
        }

        var lostScope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled);
        long session;
        await using (var lease = await guard.AcquireAsync())
        {
            await Sql.ExecuteAsync(lease.Connection, "INSERT INTO items VALUES ('lost')");
            session = await Sql.ScalarAsync(lease.Connection, "SELECT CONNECTION_ID()");
        }

        await KillAsync(server, session);
        await Task.Delay(400);
        await Assert.ThrowsAsync<ConnectionLostInTransactionException>(async () => { await using var _ = await guard.AcquireAsync(); });
        await Assert.ThrowsAsync<ConnectionLostInTransactionException>(async () => { await using var _ = await guard.AcquireAsync(); });
        _ = Record.Exception(lostScope.Dispose); // not completed; MySqlConnector's rollback on the dead session throws (the server already rolled back)

        await using var check = await guard.AcquireAsync();
        Assert.Equal(2, await Sql.ScalarAsync(check.Connection, "SELECT COUNT(*) FROM items"));
        Assert.Equal(0, await Sql.ScalarAsync(check.Connection, "SELECT COUNT(*) FROM items WHERE v = 'lost'"));
    }
    [Theory]
    [InlineData("", 0)]
    [InlineData(";AutoEnlist=false", 1)]
    public async Task A_lease_inside_an_aborted_TransactionScope_writes_only_when_the_connection_string_turns_auto_enlistment_off(string setting, long rowsLeft)
    {
        var table = "enlist_" + Guid.NewGuid().ToString("N");
        var connectionString = SharedServer.ConnectionString + ProviderSettings + setting;
        await using var guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString));
        await using (var setup = await guard.AcquireAsync())
        {
            await Sql.ExecuteAsync(setup.Connection, $"CREATE TABLE {table} (v INT NOT NULL) ENGINE=InnoDB");
        }

        using (new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            // The connection is open and recently used: this lease takes the hot path.
            await using var lease = await guard.AcquireAsync();
            await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO {table} VALUES (1)");
        } // not completed: aborted

        // What a fresh MySqlConnector connection with the same string does inside the same kind of scope.
        await using (var plain = new MySqlConnection(connectionString))
        {
            using (new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
            {
                await plain.OpenAsync();
                await Sql.ExecuteAsync(plain, $"INSERT INTO {table} VALUES (2)");
            }
        }

        await using var check = await guard.AcquireAsync();
        Assert.Equal(rowsLeft, await Sql.ScalarAsync(check.Connection, $"SELECT COUNT(*) FROM {table} WHERE v = 1"));
        Assert.Equal(rowsLeft, await Sql.ScalarAsync(check.Connection, $"SELECT COUNT(*) FROM {table} WHERE v = 2"));
        await Sql.ExecuteAsync(check.Connection, $"DROP TABLE {table}");
    }
}
