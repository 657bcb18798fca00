using System.Data.Common;
using System.Diagnostics;
using System.Transactions;
using MySqlConnector;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>The core scenarios with MySqlConnector, plus a black-holed connection and a soak with kills.</summary>
public sealed class MySqlConnectorScenarioTests : GuardScenarios<MySqlConnection>
{
    public MySqlConnectorScenarioTests(MariaDbServerFixture fixture)
        : base(fixture)
    {
    }

    protected override string ProviderSettings => ";Connect Timeout=2;Cancellation Timeout=1";

    protected override MySqlConnection CreateConnection(string connectionString) => new(connectionString);

    [Fact]
    public async Task A_black_holed_connection_never_hangs_an_acquire()
    {
        await using var server = await StartOwnServerAsync();
        await using var proxy = new BlackHoleProxy(server.Port);
        var connectionString = $"Server=127.0.0.1;Port={proxy.Port};User ID=root;Password=;Database={MariaDbServer.Database}" + ProviderSettings;
        var options = new ConnectionGuardOptions { PingTimeout = TimeSpan.FromSeconds(1), IdleCheckAfter = TimeSpan.FromMilliseconds(200) };
        await using var guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString), options);
        var before = await SessionIdAsync(guard);

        // Bound from issue 3: PingTimeout rounded up (1 s) + Cancellation Timeout (1 s) + Connect Timeout (2 s), plus slack for a busy machine.
        var bound = TimeSpan.FromSeconds(1 + 1 + 2) + TimeSpan.FromSeconds(2);

        proxy.BlackHole();
        await Task.Delay(300);
        var watch = Stopwatch.StartNew();
        var asyncOutcome = await Record.ExceptionAsync(async () => { await using var lease = await guard.AcquireAsync(); });
        Assert.True(watch.Elapsed < bound, $"async acquire took {watch.Elapsed}");
        Assert.IsAssignableFrom<DbException>(asyncOutcome); // the replacement cannot connect either: a clear timeout error

        await Task.Delay(300);
        watch.Restart();
        var syncOutcome = Record.Exception(() => { using var lease = guard.Acquire(); });
        Assert.True(watch.Elapsed < bound, $"sync acquire took {watch.Elapsed}");
        Assert.IsAssignableFrom<DbException>(syncOutcome);

        proxy.Resume();
        Assert.NotEqual(before, await SessionIdAsync(guard));

        // A connection that goes silent after it was opened fine: the probe gives up, and a new session is opened.
        var second = await SessionIdAsync(guard);
        proxy.BlackHole();
        await Task.Delay(300);
        proxy.Resume(); // new connections get through again; the old one stays black-holed
        watch.Restart();
        var third = await SessionIdAsync(guard);
        Assert.True(watch.Elapsed < bound, $"acquire over a silent connection took {watch.Elapsed}");
        Assert.NotEqual(second, third);
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

    [Fact]
    public async Task Soak_with_idle_gaps_and_kills_keeps_every_acknowledged_write_exactly_once()
    {
        await using var server = await StartOwnServerAsync();
        await using (var setup = new MySqlConnection(server.ConnectionString))
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
        var shared = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString), Options());
        var guards = Enumerable.Range(0, 3).Select(_ => new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString), Options()))
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
                catch (Exception ex) when (ex is DbException or IOException or InvalidOperationException)
                {
                    Interlocked.Increment(ref failures); // a kill landed inside this unit of work: not acknowledged
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
            await using var admin = new MySqlConnection(server.ConnectionString + ";Pooling=false");
            await admin.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(random.Next(250, 700));
                var ids = new List<long>();
                await using (var list = new MySqlCommand("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'root' AND ID <> CONNECTION_ID() AND COMMAND <> 'Daemon'", admin))
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
                    catch (MySqlException)
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
        await using (var check = new MySqlConnection(server.ConnectionString))
        {
            await check.OpenAsync();
            await using var query = new MySqlCommand("SELECT worker, seq, COUNT(*), COUNT(DISTINCT part) FROM writes GROUP BY worker, seq", check);
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
