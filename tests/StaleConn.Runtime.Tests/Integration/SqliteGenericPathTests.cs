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

    /// <summary>Defect 7: inside a TransactionScope the guard's connection works as a plain SqliteConnection does (it does not enlist).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Inside_a_TransactionScope_an_acquire_works_like_a_plain_SqliteConnection(bool sync)
    {
        await using var guard = CreateGuard();
        await using (var setup = await guard.AcquireAsync())
        {
            await Sql.ExecuteAsync(setup.Connection, "CREATE TABLE items (v TEXT NOT NULL)");
        }

        using (new System.Transactions.TransactionScope(System.Transactions.TransactionScopeAsyncFlowOption.Enabled))
        {
            if (sync)
            {
                using var lease = guard.Acquire();
                Sql.Execute(lease.Connection, "INSERT INTO items VALUES ('guarded')");
            }
            else
            {
                await using var lease = await guard.AcquireAsync();
                await Sql.ExecuteAsync(lease.Connection, "INSERT INTO items VALUES ('guarded')");
            }

            // A second lease in the same scope: the connection was not enlisted, so nothing holds it for the scope.
            await using (var again = await guard.AcquireAsync())
            {
                await Sql.ExecuteAsync(again.Connection, "INSERT INTO items VALUES ('guarded')");
            }

            await using var plain = new SqliteConnection(ConnectionString);
            await plain.OpenAsync();
            await Sql.ExecuteAsync(plain, "INSERT INTO items VALUES ('plain')");
        } // not completed: neither connection took part in it

        await using var check = await guard.AcquireAsync();
        Assert.Equal(2, await Sql.ScalarAsync(check.Connection, "SELECT COUNT(*) FROM items WHERE v = 'guarded'"));
        Assert.Equal(1, await Sql.ScalarAsync(check.Connection, "SELECT COUNT(*) FROM items WHERE v = 'plain'"));
    }

    /// <summary>Committed but not disposed, on Sqlite: finished (a later close of the connection reports no loss).</summary>
    [Fact]
    public async Task A_transaction_committed_but_never_disposed_is_finished_and_a_later_close_is_a_plain_reopen()
    {
        await using var guard = CreateGuard();
        SqliteConnection connection;
        using (var lease = guard.Acquire())
        {
            connection = lease.Connection;
            Sql.Execute(lease.Connection, "CREATE TABLE items (v TEXT NOT NULL)");
            var transaction = lease.BeginTransaction();
            Sql.Execute(lease.Connection, "INSERT INTO items VALUES ('kept')", transaction);
            transaction.Commit();
        }

        connection.Close(); // the session ends after the commit: nothing was lost
        await using var after = await guard.AcquireAsync();
        Assert.Equal(1, await Sql.ScalarAsync(after.Connection, "SELECT COUNT(*) FROM items"));
        Assert.Equal(ConnectionReplacementReason.Broken, Assert.Single(_reconnects).Reason);
    }

    /// <summary>Nested acquire and a transaction kept past its lease, on the generic path.</summary>
    [Fact]
    public async Task A_nested_acquire_fails_and_a_transaction_kept_past_its_lease_is_refused_to_another_flow()
    {
        await using var guard = CreateGuard();
        await using (var lease = await guard.AcquireAsync())
        {
            var (_, nested) = await StaleConn.Runtime.Tests.Testing.Bounded.RunAsync(async () => { await using var _ = await guard.AcquireAsync(); }, TimeSpan.FromSeconds(20), "a nested acquire");
            Assert.IsType<InvalidOperationException>(nested);
            await Sql.ExecuteAsync(lease.Connection, "CREATE TABLE items (v TEXT NOT NULL)");
        }

        var held = guard.Acquire();
        var transaction = held.BeginTransaction();
        held.Dispose();
        Task<Exception?> other;
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run<Exception?>(() => Record.Exception(() => { using var _ = guard.Acquire(); }));
        }

        Assert.IsType<InvalidOperationException>(await other.WaitAsync(TimeSpan.FromSeconds(20)));
        transaction.Dispose();
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run<Exception?>(() => Record.Exception(() => { using var _ = guard.Acquire(); }));
        }

        Assert.Null(await other.WaitAsync(TimeSpan.FromSeconds(20)));
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
