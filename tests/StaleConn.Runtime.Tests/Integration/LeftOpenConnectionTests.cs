using System.Data;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>A throwaway MariaDB that closes a session after 1 second idle, as a production server does after 8 hours.</summary>
public sealed class IdleServerFixture : MariaDbServerFixture
{
    protected override string[] ServerArguments => new[] { "--wait-timeout=1" };
}

/// <summary>
/// A guard over a connection someone else owns (<c>leaveOpen: true</c>): a DI container that disposes it at shutdown,
/// or the caller. The code fixes build such guards over injected connections. Seen in the end-to-end worker: the
/// guard replaced the dead injected connection and disposed it in the background while the host's container disposed
/// it too, and MySqlConnector's close threw <c>NullReferenceException</c> on one of the two threads (exit 134).
/// </summary>
public sealed class LeftOpenConnectionTests : IClassFixture<IdleServerFixture>
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2.5); // the server closes the session after 1 s
    private static readonly TimeSpan StrayCloseWait = TimeSpan.FromSeconds(1);
    private readonly MariaDbServer _server;

    public LeftOpenConnectionTests(IdleServerFixture fixture) => _server = fixture.Server;

    private string PooledConnectionString() => MySqlConnectorPoolTests.PooledConnectionString(_server);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_open_connection_left_to_its_owner_is_replaced_when_dead_and_closed_by_its_owner_alone(bool sync)
    {
        var connectionString = PooledConnectionString();
        var owned = new MySqlConnection(connectionString);
        await owned.OpenAsync();
        var disposals = new DisposalLog(owned);
        var guard = new ConnectionGuard<MySqlConnection>(owned, leaveOpen: true);
        var reconnects = new List<ConnectionReconnectedEventArgs>();
        guard.Reconnected += (_, e) => reconnects.Add(e);

        await using (var lease = await guard.AcquireAsync())
        {
            Assert.Same(owned, lease.Connection); // the owner's open session is the guard's first
            Assert.Equal(1, await Sql.ScalarAsync(lease.Connection, "SELECT 1"));
        }

        var deadId = owned.ServerThread;
        await Task.Delay(Idle);
        var replacement = await UseAsync(guard, sync);
        Assert.NotSame(owned, replacement);
        Assert.Equal(ConnectionReplacementReason.IdleBeyondServerLimit, Assert.Single(reconnects).Reason);

        // The host's shutdown right after: the owner disposes its connection, the guard's holder the guard.
        await owned.DisposeAsync();
        var replacementDisposed = new DisposalLog(replacement);
        await guard.DisposeAsync();

        Assert.Equal(1, await disposals.CountAfterAsync(StrayCloseWait)); // the owner's own dispose, and no other
        Assert.Equal(1, await replacementDisposed.CountAfterAsync(StrayCloseWait)); // the guard disposes what it opened
        await AssertThePoolDoesNotHandOutAsync(connectionString, deadId);
    }

    [Fact]
    public async Task A_transaction_lost_on_a_connection_left_to_its_owner_stays_lost_and_the_owner_still_closes_it_alone()
    {
        var owned = new MySqlConnection(PooledConnectionString());
        await owned.OpenAsync();
        // The setup's statements must not die of a one-second stall on a busy machine: only the pause below is idle.
        await Sql.ExecuteAsync(owned, "SET SESSION wait_timeout = 3600");
        var disposals = new DisposalLog(owned);
        var table = "left_" + Guid.NewGuid().ToString("N");
        await using var guard = new ConnectionGuard<MySqlConnection>(owned, leaveOpen: true);
        System.Data.Common.DbTransaction transaction;
        await using (var lease = await guard.AcquireAsync())
        {
            await Sql.ExecuteAsync(lease.Connection, $"CREATE TABLE {table} (v INT NOT NULL) ENGINE=InnoDB");
            transaction = await lease.BeginTransactionAsync();
            await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO {table} VALUES (1)", transaction);
            await Sql.ExecuteAsync(lease.Connection, "SET SESSION wait_timeout = 1", transaction);
        } // the transaction spans leases

        await Task.Delay(Idle);
        await Assert.ThrowsAsync<ConnectionLostInTransactionException>(async () => { await using var _ = await guard.AcquireAsync(); });
        Assert.Throws<ConnectionLostInTransactionException>(() => { using var _ = guard.Acquire(); }); // until its owner ends it

        _ = await Record.ExceptionAsync(async () => await transaction.DisposeAsync());
        await using (var check = await guard.AcquireAsync())
        {
            Assert.NotSame(owned, check.Connection);
            Assert.Equal(0, await Sql.ScalarAsync(check.Connection, $"SELECT COUNT(*) FROM {table}"));
            await Sql.ExecuteAsync(check.Connection, $"DROP TABLE {table}");
        }

        await owned.DisposeAsync();
        Assert.Equal(1, await disposals.CountAfterAsync(StrayCloseWait));
    }

    [Fact]
    public async Task A_closed_connection_left_to_its_owner_is_only_the_template_of_the_guards_own()
    {
        var connectionString = PooledConnectionString();
        await using var owned = new MySqlConnection(connectionString);
        var disposals = new DisposalLog(owned);
        var guard = new ConnectionGuard<MySqlConnection>(owned, leaveOpen: true);

        var first = await UseAsync(guard, sync: false);
        Assert.NotSame(owned, first);
        Assert.Equal(ConnectionState.Closed, owned.State); // never opened for the owner to find open (or half closed)
        Assert.Equal(connectionString, owned.ConnectionString); // the owner's instance keeps its settings (no Pooling=false)

        var firstDisposed = new DisposalLog(first);
        await guard.DisposeAsync();
        Assert.Equal(1, await firstDisposed.CountAfterAsync(StrayCloseWait));
        Assert.Equal(0, await disposals.CountAfterAsync(StrayCloseWait));
    }

    [Fact]
    public async Task A_consumer_built_like_the_code_fix_output_outlives_an_idle_pause_and_its_container_disposes_cleanly()
    {
        // The end-to-end worker's archive after the guard fix: a transient IDbConnection injected into a singleton that
        // uses it from a timer, wrapped as the fix wraps an injected connection; the container owns the connection.
        var created = new List<MySqlConnection>();
        var services = new ServiceCollection();
        services.AddTransient<IDbConnection>(_ =>
        {
            var connection = new MySqlConnection(_server.ConnectionString + ";SslMode=None");
            created.Add(connection);
            return connection;
        });
        services.AddSingleton<InvoiceArchive>();
        var provider = services.BuildServiceProvider();
        var archive = provider.GetRequiredService<InvoiceArchive>();
        var handed = Assert.Single(created);
        var disposals = new DisposalLog(handed);

        Assert.Equal(1, archive.Sweep());
        await Task.Delay(Idle);
        Assert.Equal(1, archive.Sweep()); // its session was closed by the server meanwhile: replaced before the command
        Assert.Equal(1, archive.Reconnects);

        await provider.DisposeAsync(); // throws if disposing the connection throws
        Assert.Equal(1, await disposals.CountAfterAsync(StrayCloseWait));
    }

    private static async Task<MySqlConnection> UseAsync(ConnectionGuard<MySqlConnection> guard, bool sync)
    {
        if (sync)
        {
            using var lease = guard.Acquire();
            Assert.Equal(1, Sql.Scalar(lease.Connection, "SELECT 1"));
            return lease.Connection;
        }

        await using var leased = await guard.AcquireAsync();
        Assert.Equal(1, await Sql.ScalarAsync(leased.Connection, "SELECT 1"));
        return leased.Connection;
    }

    // The pool now holds at most the guard's replacement (dead too by now: the server's wait_timeout is 1 s) and, if it
    // was let back in, the dead session: two users at once take both.
    private static async Task AssertThePoolDoesNotHandOutAsync(string connectionString, long deadId)
    {
        await using var next = new MySqlConnection(connectionString);
        await using var other = new MySqlConnection(connectionString);
        await next.OpenAsync();
        await other.OpenAsync();
        Assert.NotEqual(deadId, next.ServerThread);
        Assert.NotEqual(deadId, other.ServerThread);
    }

    /// <summary>How many times a connection was disposed (by anyone): <c>Disposed</c> is raised at each dispose.</summary>
    private sealed class DisposalLog
    {
        private int _count;

        public DisposalLog(MySqlConnection connection) => connection.Disposed += (_, _) => Interlocked.Increment(ref _count);

        // A stray disposal on the guard's own threads comes within milliseconds: this waits for it before counting.
        public async Task<int> CountAfterAsync(TimeSpan wait)
        {
            await Task.Delay(wait);
            return Volatile.Read(ref _count);
        }
    }

    /// <summary>The guard fix's output for the worker's archive (tests/StaleConn.EndToEnd.Tests/Consumer/WorkerSource.cs).</summary>
    private sealed class InvoiceArchive
    {
        private readonly ConnectionGuard<MySqlConnection> _connection;

        public InvoiceArchive(IDbConnection connection)
        {
            _connection = new ConnectionGuard<MySqlConnection>((MySqlConnection)connection, leaveOpen: true);
            _connection.Reconnected += (_, _) => Reconnects++;
        }

        public int Reconnects { get; private set; }

        public long Sweep()
        {
            using var lease = _connection.Acquire();
            using var command = lease.Connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return Convert.ToInt64(command.ExecuteScalar());
        }
    }
}
