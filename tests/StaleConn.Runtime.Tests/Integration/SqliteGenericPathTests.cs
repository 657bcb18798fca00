using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>
/// The generic path (no server idle limit: State check plus a bounded <c>SELECT 1</c>) with a real provider,
/// Microsoft.Data.Sqlite on a file database.
/// </summary>
public sealed class SqliteGenericPathTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("staleconn-sqlite-").FullName;
    private readonly FakeTimeProvider _time = new();
    private readonly List<ConnectionReconnectedEventArgs> _reconnects = new();

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "guard.db")}";

    private ConnectionGuard<SqliteConnection> CreateGuard()
    {
        var guard = new ConnectionGuard<SqliteConnection>(
            () => new SqliteConnection(ConnectionString),
            new ConnectionGuardOptions { TimeProvider = _time, InitSql = "CREATE TEMP TABLE session_marker (x INTEGER)" });
        guard.Reconnected += (_, e) => _reconnects.Add(e);
        return guard;
    }

    [Fact]
    public async Task An_idle_connection_is_probed_and_kept_with_its_session_state()
    {
        await using var guard = CreateGuard();
        SqliteConnection first;
        await using (var lease = await guard.AcquireAsync())
        {
            first = lease.Connection;
            await Sql.ExecuteAsync(lease.Connection, "INSERT INTO session_marker VALUES (1)");
        }

        _time.Advance(TimeSpan.FromMinutes(10));
        await using (var lease = await guard.AcquireAsync())
        {
            Assert.Same(first, lease.Connection);
            Assert.Equal(1, await Sql.ScalarAsync(lease.Connection, "SELECT COUNT(*) FROM session_marker"));
        }

        Assert.Empty(_reconnects);
    }

    [Fact]
    public void A_closed_connection_is_reopened_and_the_on_open_hook_restores_the_session()
    {
        using var guard = CreateGuard();
        using (var lease = guard.Acquire())
        {
            Assert.Contains("Pooling=False", lease.Connection.ConnectionString, StringComparison.OrdinalIgnoreCase);
            Sql.Scalar(lease.Connection, "INSERT INTO session_marker VALUES (1); SELECT 1");
            lease.Connection.Close(); // what a provider does after a fatal error
        }

        using (var lease = guard.Acquire())
        {
            Assert.Equal(ConnectionState.Open, lease.Connection.State);
            Assert.Equal(0, Sql.Scalar(lease.Connection, "SELECT COUNT(*) FROM session_marker")); // new session, hook ran again
        }

        Assert.Equal(ConnectionReplacementReason.Broken, Assert.Single(_reconnects).Reason);
    }

    [Fact]
    public async Task A_transaction_lost_with_its_connection_is_reported_and_leaves_no_row()
    {
        await using var guard = CreateGuard();
        await using (var setup = await guard.AcquireAsync())
        {
            await Sql.ExecuteAsync(setup.Connection, "CREATE TABLE items (v TEXT NOT NULL)");
        }

        var lease = await guard.AcquireAsync();
        var connection = lease.Connection;
        var transaction = await lease.BeginTransactionAsync();
        Assert.IsType<SqliteTransaction>(transaction);
        await Sql.ExecuteAsync(connection, "INSERT INTO items VALUES ('lost')", transaction);
        await lease.DisposeAsync();
        connection.Close(); // the session ends with the transaction open: SQLite rolls it back and completes the transaction

        // SQLite marks the transaction completed itself, so the guard cannot wait for its disposal: it reports the loss once.
        await Assert.ThrowsAsync<ConnectionLostInTransactionException>(async () => { await using var _ = await guard.AcquireAsync(); });
        transaction.Dispose();

        await using var after = await guard.AcquireAsync();
        Assert.Equal(0, await Sql.ScalarAsync(after.Connection, "SELECT COUNT(*) FROM items"));
    }

    [Fact]
    public async Task Transactions_begun_through_the_lease_commit_on_the_guarded_connection()
    {
        await using var guard = CreateGuard();
        await using (var lease = await guard.AcquireAsync())
        {
            await Sql.ExecuteAsync(lease.Connection, "CREATE TABLE items (v TEXT NOT NULL)");
            await using var transaction = await lease.BeginTransactionAsync(IsolationLevel.Serializable);
            await Sql.ExecuteAsync(lease.Connection, "INSERT INTO items VALUES ('kept')", transaction);
            await transaction.CommitAsync();
        }

        _time.Advance(TimeSpan.FromHours(1));
        await using var check = await guard.AcquireAsync();
        Assert.Equal(1, await Sql.ScalarAsync(check.Connection, "SELECT COUNT(*) FROM items"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
