using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Transactions;
using StaleConn.Runtime.Tests.Testing;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>
/// Transaction patterns and flows that legacy and documented code use, run through the public API once per provider
/// against a real server (the derived classes): the documented transaction pattern, a transaction disposed after its
/// lease, committed but never disposed, a TransactionScope or a local transaction still open when the lease ends,
/// nested acquires, a sync acquire with only an async hook on a single-threaded context, and a session closed from
/// outside while the worker idled a moment. Every wait on the guard has a deadline of its own (<see cref="Bounded"/>).
/// </summary>
public abstract class TransactionAndFlowScenarios<TConnection>
    where TConnection : DbConnection
{
    /// <summary>Each call on the guard that could hang fails after this, naming what was still waiting.</summary>
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>The shared server's connection string with the provider's settings.</summary>
    protected abstract string ConnectionString { get; }

    protected abstract TConnection CreateConnection(string connectionString);

    /// <summary>The server's id for the session (<c>CONNECTION_ID()</c>, <c>pg_backend_pid()</c>).</summary>
    protected abstract string SessionIdSql { get; }

    /// <summary>Ends the session from another connection, as an administrator, a failover or a proxy would.</summary>
    protected abstract Task KillSessionAsync(long sessionId);

    /// <summary>A table with one text column <c>v</c>, transactional.</summary>
    protected abstract string CreateTableSql(string table);

    /// <summary>Whether the guard sees this provider's socket (the closed-socket check after a short idle).</summary>
    protected abstract bool GuardSeesSocket { get; }

    /// <summary>The connection-string setting that turns the provider's auto-enlistment off (<c>AutoEnlist=false</c>, <c>Enlist=false</c>).</summary>
    protected abstract string AutoEnlistOff { get; }

    /// <summary>A string with which the guard's sync opens run on a guard thread (MySqlConnector opens inline where TLS is ruled out).</summary>
    protected virtual string GuardThreadConnectionString => ConnectionString;

    protected ConnectionGuard<TConnection> CreateGuard(Action<ConnectionGuardOptions>? configure = null)
    {
        var options = new ConnectionGuardOptions { PingTimeout = TimeSpan.FromSeconds(2) };
        configure?.Invoke(options);
        var connectionString = ConnectionString;
        return new ConnectionGuard<TConnection>(() => CreateConnection(connectionString), options);
    }

    protected async Task<string> NewTableAsync(ConnectionGuard<TConnection> guard)
    {
        var table = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var lease = await guard.AcquireAsync();
        await Sql.ExecuteAsync(lease.Connection, CreateTableSql(table));
        return table;
    }

    protected async Task<long> CountAsync(string table, string value)
    {
        await using var connection = CreateConnection(ConnectionString);
        await connection.OpenAsync();
        return await Sql.ScalarAsync(connection, $"SELECT COUNT(*) FROM {table} WHERE v = '{value}'");
    }

    protected async Task<long> SessionIdAsync(ConnectionGuard<TConnection> guard)
    {
        await using var lease = await guard.AcquireAsync();
        return await Sql.ScalarAsync(lease.Connection, SessionIdSql);
    }

    /// <summary>Defect 1 (Npgsql): the documented pattern — transaction begun, committed and disposed inside the lease.</summary>
    [Fact]
    public async Task The_documented_transaction_pattern_ends_every_lease_and_later_acquires_and_Close_still_work()
    {
        await using var guard = CreateGuard();
        var table = await NewTableAsync(guard);
        (await Bounded.RunAsync(
            async () =>
            {
                for (var round = 0; round < 3; round++)
                {
                    await using var lease = await guard.AcquireAsync();
                    await using var transaction = await lease.BeginTransactionAsync();
                    await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO {table} VALUES ('kept')", transaction);
                    await transaction.CommitAsync();
                }

                using (var lease = guard.Acquire())
                {
                    using var transaction = lease.BeginTransaction();
                    Sql.Execute(lease.Connection, $"INSERT INTO {table} VALUES ('kept')", transaction);
                    transaction.Commit();
                }

                await guard.CloseAsync();
                guard.Close();
            },
            Deadline,
            "the documented transaction pattern")).ThrowIfFailed();

        Assert.Equal(4, await CountAsync(table, "kept"));
    }

    /// <summary>Defect 1, second half: the transaction disposed only after its lease ended.</summary>
    [Fact]
    public async Task A_transaction_committed_in_its_lease_and_disposed_after_it_leaves_later_acquires_working()
    {
        await using var guard = CreateGuard();
        var table = await NewTableAsync(guard);
        (await Bounded.RunAsync(
            async () =>
            {
                var lease = await guard.AcquireAsync();
                var transaction = await lease.BeginTransactionAsync();
                await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO {table} VALUES ('kept')", transaction);
                await transaction.CommitAsync();
                await lease.DisposeAsync();
                await transaction.DisposeAsync();

                for (var round = 0; round < 2; round++)
                {
                    await using var next = await guard.AcquireAsync();
                    Assert.Equal(1, await Sql.ScalarAsync(next.Connection, $"SELECT COUNT(*) FROM {table}"));
                }

                using (guard.Acquire())
                {
                }
            },
            Deadline,
            "acquires after a transaction disposed past its lease")).ThrowIfFailed();
    }

    /// <summary>Defect 3: Commit() without Dispose is finished; a later loss is a plain reconnect, never "rolled back".</summary>
    [Fact]
    public async Task A_transaction_committed_but_never_disposed_is_finished_a_later_loss_reconnects_and_MaxLifetime_recycles()
    {
        var reconnects = new List<ConnectionReplacementReason>();
        await using var guard = CreateGuard(o =>
        {
            o.IdleCheckAfter = TimeSpan.FromMilliseconds(200);
            o.MaxLifetime = TimeSpan.FromSeconds(2);
        });
        guard.Reconnected += (_, e) => reconnects.Add(e.Reason);
        var table = await NewTableAsync(guard);

        long session;
        using (var lease = guard.Acquire())
        {
            session = Sql.Scalar(lease.Connection, SessionIdSql);
            var transaction = lease.BeginTransaction(); // legacy code: committed, never disposed
            Sql.Execute(lease.Connection, $"INSERT INTO {table} VALUES ('committed')", transaction);
            transaction.Commit();
        }

        await KillSessionAsync(session);
        await Task.Delay(400);
        long after = 0;
        var (_, error) = await Bounded.RunAsync(async () => after = await SessionIdAsync(guard), Deadline, "the acquire after the loss of a session whose transaction was committed");
        Assert.Null(error); // not ConnectionLostInTransactionException: nothing was rolled back
        Assert.NotEqual(session, after);
        Assert.Equal(1, await CountAsync(table, "committed")); // a retry policy has nothing to write twice

        // MaxLifetime recycles a connection whose transaction was committed and left undisposed.
        using (var lease = guard.Acquire())
        {
            var transaction = lease.BeginTransaction();
            Sql.Execute(lease.Connection, $"INSERT INTO {table} VALUES ('second')", transaction);
            transaction.Commit();
        }

        await Task.Delay(TimeSpan.FromSeconds(2.3));
        Assert.NotEqual(after, await SessionIdAsync(guard));
        Assert.Contains(ConnectionReplacementReason.MaxLifetime, reconnects);
    }

    /// <summary>Defect 4, ambient: <c>using scope { using lease { … } scope.Complete(); }</c> — another flow waits for the scope.</summary>
    [Fact]
    public async Task A_TransactionScope_still_open_at_the_lease_end_keeps_another_flows_unit_of_work_out_of_it()
    {
        await using var guard = CreateGuard();
        var table = await NewTableAsync(guard);
        var leaseEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherGotItWhileScopeOpen = false;
        var scopeOpen = true;

        var owner = Task.Run(async () =>
        {
            using (var scope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
            {
                await using (var lease = await guard.AcquireAsync())
                {
                    await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO {table} VALUES ('rolled back')");
                }

                leaseEnded.SetResult();
                await otherAsked.Task;
                await Task.Delay(300); // the other flow is asking for the connection meanwhile
                Volatile.Write(ref scopeOpen, false);

                // Not completed: rolled back.
            }
        });

        var other = Task.Run(async () =>
        {
            await leaseEnded.Task;
            var acquiring = guard.AcquireAsync().AsTask();
            otherAsked.SetResult();
            await using var lease = await acquiring;
            otherGotItWhileScopeOpen = Volatile.Read(ref scopeOpen);
            await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO {table} VALUES ('autocommitted')");
        });

        await Task.WhenAll(owner, other).WaitAsync(Deadline);
        Assert.False(otherGotItWhileScopeOpen, "another flow was handed the connection while the scope's transaction was open");
        Assert.Equal(0, await CountAsync(table, "rolled back"));
        Assert.Equal(1, await CountAsync(table, "autocommitted")); // its write did not vanish with the other flow's rollback

        // The scope's own flow keeps the connection across its leases, as before.
        using (var scope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await using (var lease = await guard.AcquireAsync())
            {
                await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO {table} VALUES ('scoped')");
            }

            await using (var lease = await guard.AcquireAsync().AsTask().WaitAsync(Deadline))
            {
                await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO {table} VALUES ('scoped')");
            }

            scope.Complete();
        }

        Assert.Equal(2, await CountAsync(table, "scoped"));
    }

    /// <summary>Defect 4, local: a transaction kept past its lease is refused to another flow, with a clear error.</summary>
    [Fact]
    public async Task A_local_transaction_kept_past_its_lease_is_refused_to_another_flow_and_stays_with_its_own()
    {
        await using var guard = CreateGuard();
        var table = await NewTableAsync(guard);

        var lease = await guard.AcquireAsync();
        var transaction = await lease.BeginTransactionAsync();
        await Sql.ExecuteAsync(lease.Connection, $"INSERT INTO {table} VALUES ('rolled back')", transaction);
        await lease.DisposeAsync(); // the transaction is still open

        // Another flow (ExecutionContext.SuppressFlow: nothing of this one reaches it) is refused at once.
        Task<Exception?> otherFlow;
        using (ExecutionContext.SuppressFlow())
        {
            otherFlow = Task.Run(() => Record.ExceptionAsync(async () => { await using var _ = await guard.AcquireAsync(); }));
        }

        var refused = await otherFlow.WaitAsync(Deadline);
        Assert.IsType<InvalidOperationException>(refused);
        Assert.Contains("transaction", refused!.Message);

        // Its own flow gets the connection back, inside its transaction.
        await using (var again = await guard.AcquireAsync().AsTask().WaitAsync(Deadline))
        {
            await Sql.ExecuteAsync(again.Connection, $"INSERT INTO {table} VALUES ('rolled back')", transaction);
        }

        await transaction.RollbackAsync();
        await transaction.DisposeAsync();

        using (ExecutionContext.SuppressFlow())
        {
            otherFlow = Task.Run(() => Record.ExceptionAsync(async () =>
            {
                await using var next = await guard.AcquireAsync();
                await Sql.ExecuteAsync(next.Connection, $"INSERT INTO {table} VALUES ('autocommitted')");
            }));
        }

        Assert.Null(await otherFlow.WaitAsync(Deadline));
        Assert.Equal(0, await CountAsync(table, "rolled back"));
        Assert.Equal(1, await CountAsync(table, "autocommitted"));
    }

    /// <summary>Defect 5: nested acquires on the flow that holds the lease fail with an error that names the cause.</summary>
    [Fact]
    public async Task A_nested_acquire_fails_directly_through_a_helper_and_sync_instead_of_waiting_for_ever()
    {
        await using var guard = CreateGuard();
        async Task HelperAsync()
        {
            await Task.Yield();
            await using var inner = await guard.AcquireAsync();
        }

        await using (var lease = await guard.AcquireAsync())
        {
            await Sql.ScalarAsync(lease.Connection, "SELECT 1");
            var (elapsed, direct) = await Bounded.RunAsync(async () => { await using var _ = await guard.AcquireAsync(); }, Deadline, "a nested AcquireAsync");
            AssertNested(direct);
            Assert.True(elapsed < TimeSpan.FromSeconds(5), $"the nested acquire took {elapsed} to fail");
            AssertNested((await Bounded.RunAsync(HelperAsync, Deadline, "a nested acquire in a helper")).Error);
            AssertNested(Bounded.Run(() => { using var _ = guard.Acquire(); }, Deadline, "a nested sync Acquire").Error);
            Assert.Equal(1, await Sql.ScalarAsync(lease.Connection, "SELECT 1")); // the lease is intact
        }

        await using var after = await guard.AcquireAsync().AsTask().WaitAsync(Deadline);
        Assert.Equal(1, await Sql.ScalarAsync(after.Connection, "SELECT 1"));
    }

    /// <summary>
    /// AcquireOrJoin (stop 32): a DAO method that calls another while it holds its lease. The callee joins: one session
    /// (the same server id), inside the caller's transaction, so a rollback takes both units' rows, as the shared
    /// connection did; then the connection goes back and the next lease is an ordinary one.
    /// </summary>
    [Fact]
    public async Task A_unit_called_inside_a_lease_joins_it_on_one_session_inside_the_callers_transaction()
    {
        await using var guard = CreateGuard();
        var table = await NewTableAsync(guard);
        async Task<long> InsertAndReportSessionAsync(string value, DbTransaction transaction)
        {
            await using var inner = await guard.AcquireOrJoinAsync();
            await Sql.ExecuteAsync(inner.Connection, $"INSERT INTO {table} (v) VALUES ('{value}')", transaction);
            return await Sql.ScalarAsync(inner.Connection, SessionIdSql, transaction);
        }

        long outerSession;
        long innerSession = 0;
        await using (var outer = await guard.AcquireOrJoinAsync())
        {
            outerSession = await Sql.ScalarAsync(outer.Connection, SessionIdSql);
            await using var transaction = await outer.BeginTransactionAsync();
            await Sql.ExecuteAsync(outer.Connection, $"INSERT INTO {table} (v) VALUES ('outer')", transaction);
            var (_, error) = await Bounded.RunAsync(async () => innerSession = await InsertAndReportSessionAsync("inner", transaction), Deadline, "a joined unit inside the caller's lease");
            Assert.Null(error);
            Assert.Equal(2, await Sql.ScalarAsync(outer.Connection, $"SELECT COUNT(*) FROM {table}", transaction));
            await transaction.RollbackAsync();
        }

        Assert.Equal(outerSession, innerSession);
        Assert.Equal(0, await CountAsync(table, "outer"));
        Assert.Equal(0, await CountAsync(table, "inner"));
        await using var after = await guard.AcquireAsync().AsTask().WaitAsync(Deadline);
        Assert.Equal(outerSession, await Sql.ScalarAsync(after.Connection, SessionIdSql));
    }

    /// <summary>Defect 5 from the guard's own callbacks: an on-open hook and a Reconnected handler fail at once.</summary>
    [Fact]
    public async Task An_acquire_from_an_on_open_hook_or_a_Reconnected_handler_fails_at_once()
    {
        ConnectionGuard<TConnection>? self = null;
        await using var hooked = CreateGuard(o => o.OnOpen = _ => { using var inner = self!.Acquire(); });
        self = hooked;
        var (elapsed, fromHook) = Bounded.Run(() => { using var _ = hooked.Acquire(); }, Deadline, "an acquire whose on-open hook acquires");
        AssertNested(fromHook);
        Assert.Contains("hook", fromHook!.Message);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"failing took {elapsed}");

        await using var guard = CreateGuard(o => o.IdleCheckAfter = TimeSpan.FromMilliseconds(100));
        Exception? fromHandler = null;
        var handlerTime = TimeSpan.Zero;
        guard.Reconnected += (_, _) =>
        {
            var watch = Stopwatch.StartNew();
            fromHandler = Record.Exception(() => { using var _ = guard.Acquire(); });
            handlerTime = watch.Elapsed;
        };
        var first = await SessionIdAsync(guard);
        await KillSessionAsync(first);
        await Task.Delay(300);
        var (_, error) = await Bounded.RunAsync(async () => await SessionIdAsync(guard), Deadline, "an acquire whose Reconnected handler acquires");
        Assert.Null(error); // the handler's failure is logged, the new lease is fine
        AssertNested(fromHandler);
        Assert.Contains("Reconnected", fromHandler!.Message);
        Assert.True(handlerTime < TimeSpan.FromSeconds(1), $"failing took {handlerTime}");
    }

    /// <summary>Defect 6: a sync acquire whose only hook is async, on a WinForms-like single-threaded context.</summary>
    [Fact]
    public void A_sync_acquire_with_only_OnOpenAsync_on_a_single_threaded_SynchronizationContext_does_not_deadlock()
    {
        var hookRan = 0;
        using var guard = CreateGuard(o => o.OnOpenAsync = async (connection, ct) =>
        {
            await Task.Delay(20, ct); // no ConfigureAwait(false): resumes on the caller's context, as UI code does
            await Sql.ExecuteAsync(connection, "SELECT 1");
            Interlocked.Increment(ref hookRan);
        });

        using var context = new SingleThreadedSynchronizationContext();
        var outcome = context.Run(() =>
        {
            using var lease = guard.Acquire();
            return Sql.Scalar(lease.Connection, "SELECT 1");
        }, Deadline, "a sync Acquire with only OnOpenAsync on a single-threaded SynchronizationContext (deadlocked)");
        Assert.Equal(1, outcome);
        Assert.Equal(1, hookRan);
    }

    /// <summary>Defect 8: a session closed from outside while the worker idled a moment; default options.</summary>
    [Fact]
    public async Task A_session_killed_while_the_worker_idled_a_moment_is_replaced_before_the_next_unit_of_work()
    {
        await using var guard = CreateGuard(o => o.PingTimeout = TimeSpan.FromSeconds(2)); // default IdleCheckAfter (30 s)
        var first = await SessionIdAsync(guard);
        await KillSessionAsync(first);
        await Task.Delay(300);

        long second = 0;
        var (_, error) = await Bounded.RunAsync(async () => second = await SessionIdAsync(guard), Deadline, "the first unit of work after a kill");
        if (GuardSeesSocket)
        {
            Assert.Null(error);
            Assert.NotEqual(first, second);
        }
        else
        {
            // The socket cannot be seen: the first command fails (as without the guard), the next acquire recovers.
            Assert.NotNull(error);
            Assert.NotEqual(first, await SessionIdAsync(guard));
        }
    }

    /// <summary>Back-to-back units of work after a kill are not checked (one clock read each): the first command fails, the next acquire recovers.</summary>
    [Fact]
    public async Task With_the_socket_hidden_a_kill_after_a_short_idle_fails_one_unit_and_the_probe_zone_still_recovers()
    {
        // The idle clock is a fake one: on a loaded machine the kill alone can take longer than IdleCheckAfter.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var guard = CreateGuard(o =>
        {
            o.IdleCheckAfter = TimeSpan.FromSeconds(1);
            o.TimeProvider = time;
        });
        guard.HideSocketForTests = true; // as a renamed private field, TLS through another stream, or a named pipe would
        var first = await SessionIdAsync(guard);
        await KillSessionAsync(first);
        await Task.Delay(300);
        var (_, error) = await Bounded.RunAsync(async () => await SessionIdAsync(guard), Deadline, "a unit of work after a kill, socket hidden");
        Assert.NotNull(error); // below IdleCheckAfter and nothing seen: used as is, its first command fails

        var second = await SessionIdAsync(guard); // the failed command left the connection broken: replaced
        Assert.NotEqual(first, second);

        await KillSessionAsync(second);
        await Task.Delay(300);
        time.Advance(TimeSpan.FromSeconds(1.3)); // past IdleCheckAfter: the probe (ping or query) finds it dead
        Assert.NotEqual(second, await SessionIdAsync(guard));
    }

    /// <summary>
    /// Stop 34: a sync open runs on a guard thread in the caller's ExecutionContext, where a TransactionScope with
    /// <c>TransactionScopeAsyncFlowOption.Enabled</c> is ambient too. The provider must not enlist the connection there
    /// behind the guard's back: the guard enlists it once itself, after the on-open hook, as a freshly opened
    /// connection would be (the first open, and a replacement for a killed session). The unit of work's rows: aborted,
    /// they go; completed, they stay (no second enlistment, no promotion); with auto-enlistment off in the string they
    /// stay either way, as on a plain connection. The hook's row stays always: it set the session up, and an aborted
    /// scope must not undo that.
    /// </summary>
    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(false, true, 1)]
    [InlineData(true, false, 1)]
    public async Task A_sync_open_inside_an_async_flowing_TransactionScope_is_enlisted_once_as_a_plain_connection_would_be(bool autoEnlistOff, bool complete, long rowsKept)
    {
        var table = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var setup = CreateConnection(ConnectionString))
        {
            await setup.OpenAsync();
            await Sql.ExecuteAsync(setup, CreateTableSql(table));
        }

        var connectionString = GuardThreadConnectionString + (autoEnlistOff ? AutoEnlistOff : string.Empty);
        await using var guard = new ConnectionGuard<TConnection>(() => CreateConnection(connectionString), new ConnectionGuardOptions
        {
            PingTimeout = TimeSpan.FromSeconds(2),
            OnOpen = connection => Sql.Execute(connection, $"INSERT INTO {table} VALUES ('session set up')"),
        });
        long session = 0;
        void UnitOfWorkInScope(string value)
        {
            using var scope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled);
            using (var lease = guard.Acquire())
            {
                Sql.Execute(lease.Connection, $"INSERT INTO {table} VALUES ('{value}')");
                session = Sql.Scalar(lease.Connection, SessionIdSql);
            }

            if (complete)
            {
                scope.Complete();
            }
        }

        Bounded.Run(() => UnitOfWorkInScope("first"), Deadline, "a sync first open inside an async-flowing TransactionScope").ThrowIfFailed();
        var first = session;
        await KillSessionAsync(first);
        await Task.Delay(300);
        Bounded.Run(() => UnitOfWorkInScope("replaced"), Deadline, "a sync replacement open inside an async-flowing TransactionScope").ThrowIfFailed();

        Assert.NotEqual(first, session); // the second unit of work ran on a replacement, opened inside its scope
        Assert.Equal(rowsKept, await CountAsync(table, "first"));
        Assert.Equal(rowsKept, await CountAsync(table, "replaced"));
        Assert.Equal(2, await CountAsync(table, "session set up"));
    }

    private static void AssertNested(Exception? failure)
    {
        var nested = Assert.IsType<InvalidOperationException>(failure);
        Assert.Contains("already holds its lease", nested.Message);
    }
}
