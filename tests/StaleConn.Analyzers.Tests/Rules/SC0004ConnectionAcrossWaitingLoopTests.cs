using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.ConnectionAcrossWaitingLoopAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

public class SC0004ConnectionAcrossWaitingLoopTests
{
    [Theory]
    [InlineData("MySqlConnector.MySqlConnection")]
    [InlineData("MySql.Data.MySqlClient.MySqlConnection")]
    [InlineData("Npgsql.NpgsqlConnection")]
    [InlineData("System.Data.SqlClient.SqlConnection")]
    public Task Connection_opened_before_a_delay_loop_in_a_background_service_is_reported(string type) => Verify.VerifyAsync(
        $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;

        public sealed class OutboxWorker : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await using var {|#0:connection|} = new {{type}}("Server=db");
                await connection.OpenAsync(stoppingToken);
                {|#1:while|} (!stoppingToken.IsCancellationRequested)
                {
                    await connection.ExecuteAsync("DELETE FROM outbox WHERE sent = 1");
                    await Task.Delay(TimeSpan.FromMinutes(10), stoppingToken);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "Task.Delay"));

    [Fact]
    public Task Loop_whose_only_waits_have_a_zero_timeout_is_not_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public sealed class BatchDrainer
        {
            private readonly SemaphoreSlim _gate = new(1);

            public async Task DrainAsync(CancellationToken stoppingToken)
            {
                await using var connection = new MySqlConnection("Server=db");
                await connection.OpenAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.ExecuteAsync("DELETE FROM outbox WHERE sent = 1 LIMIT 100");
                    if (!_gate.Wait(0) || stoppingToken.WaitHandle.WaitOne(TimeSpan.Zero))
                    {
                        break;
                    }

                    _gate.Release();
                    await Task.Delay(0, stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task Loop_that_names_the_connection_with_a_unicode_escape_is_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public sealed class EscapedWorker
        {
            public async Task RunAsync(CancellationToken stoppingToken)
            {
                var {|#0:connection|} = new MySqlConnection("Server=db");
                await connection.OpenAsync(stoppingToken);
                {|#1:while|} (!stoppingToken.IsCancellationRequested)
                {
                    await \u0063onnection.ExecuteAsync("DELETE FROM outbox WHERE sent = 1");
                    await Task.Delay(TimeSpan.FromMinutes(10), stoppingToken);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "Task.Delay"));

    [Fact]
    public Task Periodic_timer_channel_and_blocking_queue_loops_are_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Collections.Concurrent;
        using System.Data;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public sealed class Pumps
        {
            public async Task TickAsync(string connectionString, CancellationToken cancellationToken)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
                var {|#0:connection|} = new MySqlConnection(connectionString);
                connection.Open();
                {|#1:while|} (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    await connection.ExecuteAsync("UPDATE heartbeat SET at = NOW()");
                }
            }

            public async Task DrainAsync(ChannelReader<int> orders, CancellationToken cancellationToken)
            {
                IDbConnection {|#2:db|} = new MySqlConnection("Server=db");
                {|#3:await|} foreach (var id in orders.ReadAllAsync(cancellationToken))
                {
                    await db.ExecuteAsync("UPDATE orders SET shipped = 1 WHERE id = @id", new { id });
                }
            }

            public async Task WaitToReadAsync(ChannelReader<int> orders)
            {
                var {|#4:db|} = new MySqlConnection("Server=db");
                {|#5:while|} (await orders.WaitToReadAsync())
                {
                    var id = await orders.ReadAsync();
                    await db.ExecuteAsync("DELETE FROM orders WHERE id = @id", new { id });
                }
            }

            public void Consume(BlockingCollection<string> queue)
            {
                using var {|#6:db|} = new MySqlConnection("Server=db");
                {|#7:foreach|} (var sql in queue.GetConsumingEnumerable())
                {
                    db.Execute(sql);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "PeriodicTimer.WaitForNextTickAsync"),
        Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("db", "ChannelReader.ReadAllAsync"),
        Verify.Diagnostic().WithLocation(4).WithLocation(5).WithArguments("db", "ChannelReader.WaitToReadAsync"),
        Verify.Diagnostic().WithLocation(6).WithLocation(7).WithArguments("db", "BlockingCollection.GetConsumingEnumerable"));

    [Fact]
    public Task Console_main_in_csharp_7_3_with_thread_sleep_is_reported() => Verify.VerifyAsync(
        """
        using System.Threading;
        using MySql.Data.MySqlClient;

        namespace Legacy
        {
            public static class Program
            {
                public static void Main(string[] args)
                {
                    using (var {|#0:conn|} = new MySqlConnection("Server=db"))
                    {
                        conn.Open();
                        {|#1:for|} (;;)
                        {
                            using (var command = new MySqlCommand("CALL process_queue()", conn))
                            {
                                command.ExecuteNonQuery();
                            }

                            Thread.Sleep(30000);
                        }
                    }
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3,
        globalConfig: null,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("conn", "Thread.Sleep"));

    [Fact]
    public Task Top_level_statements_reading_the_console_are_reported() => Verify.VerifyConsoleAppAsync(
        """
        using System;
        using Npgsql;

        var {|#0:connection|} = new NpgsqlConnection("Host=db");
        connection.Open();
        string? line;
        {|#1:while|} ((line = Console.ReadLine()) is not null)
        {
            using var command = new NpgsqlCommand(line, connection);
            Console.WriteLine(command.ExecuteScalar());
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "Console.ReadLine"));

    [Fact]
    public Task Wait_handles_blocking_take_and_loops_inside_lambdas_are_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Collections.Concurrent;
        using System.Data;
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;

        public sealed class Jobs
        {
            public void Poll(DbProviderFactory factory, CancellationToken cancellationToken)
            {
                IDbConnection {|#0:db|} = factory.CreateConnection()!;
                db.Open();
                {|#1:do|}
                {
                    db.Execute("CALL expire_sessions()");
                }
                while (!cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMinutes(5)));
            }

            public void Take(BlockingCollection<int> ids)
            {
                var {|#2:connection|} = new MySqlConnector.MySqlConnection("Server=db");
                {|#3:while|} (true)
                {
                    var id = ids.Take();
                    connection.Execute("DELETE FROM jobs WHERE id = @id", new { id });
                }
            }

            public Task StartAsync()
            {
                var {|#4:connection|} = new System.Data.SqlClient.SqlConnection("Server=db");
                return Task.Run(async () =>
                {
                    {|#5:while|} (true)
                    {
                        await connection.ExecuteAsync("EXEC dbo.Tick");
                        await Task.Delay(1000);
                    }
                });
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("db", "WaitHandle.WaitOne"),
        Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("connection", "BlockingCollection.Take"),
        Verify.Diagnostic().WithLocation(4).WithLocation(5).WithArguments("connection", "Task.Delay"));

    [Fact]
    public Task Generic_connections_in_records_and_nested_types_are_reported() => Verify.VerifyAsync(
        """
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed record Poller<TConnection>(string ConnectionString) where TConnection : DbConnection, new()
        {
            public sealed class Loop
            {
                public async Task RunAsync(CancellationToken cancellationToken)
                {
                    var {|#0:connection|} = new TConnection();
                    {|#1:while|} (!cancellationToken.IsCancellationRequested)
                    {
                        using var command = connection.CreateCommand();
                        await command.ExecuteNonQueryAsync(cancellationToken);
                        await Task.Delay(5000, cancellationToken);
                    }
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "Task.Delay"));

    [Fact]
    public Task Connection_created_or_scoped_inside_the_loop_is_not_reported() => Verify.VerifyAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class OutboxWorker : BackgroundService
        {
            private readonly MySqlDataSource _dataSource;
            private readonly string _connectionString = "Server=db";

            public OutboxWorker(MySqlDataSource dataSource) => _dataSource = dataSource;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                var dataSource = _dataSource;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await using (var connection = await dataSource.OpenConnectionAsync(stoppingToken))
                    {
                        await connection.ExecuteAsync("DELETE FROM outbox WHERE sent = 1");
                    }

                    await using var perIteration = new MySqlConnection(_connectionString);
                    await perIteration.ExecuteAsync("SELECT 1");

                    using (var legacy = new MySqlConnection(_connectionString))
                    {
                        legacy.Open();
                    }

                    await Task.Delay(TimeSpan.FromMinutes(10), stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task Connection_renewed_closed_or_used_by_a_loop_that_does_not_wait_is_not_reported() => Verify.VerifyAsync("""
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public sealed class Batches
        {
            public void Import(IEnumerable<int> ids)
            {
                using var connection = new MySqlConnection("Server=db");
                connection.Open();
                foreach (var id in ids)
                {
                    connection.Execute("INSERT INTO imported VALUES (@id)", new { id });
                }
            }

            public async Task ReconnectEachTimeAsync(CancellationToken cancellationToken)
            {
                MySqlConnection connection = null!;
                while (!cancellationToken.IsCancellationRequested)
                {
                    connection = new MySqlConnection("Server=db");
                    await connection.ExecuteAsync("SELECT 1");
                    await Task.Delay(1000, cancellationToken);
                }
            }

            public async Task CloseEachTimeAsync(CancellationToken cancellationToken)
            {
                var connection = new MySqlConnection("Server=db");
                while (!cancellationToken.IsCancellationRequested)
                {
                    await connection.OpenAsync(cancellationToken);
                    await connection.ExecuteAsync("SELECT 1");
                    await connection.CloseAsync();
                    await Task.Delay(1000, cancellationToken);
                }
            }

            public async Task OpenWithRetriesAsync(CancellationToken cancellationToken)
            {
                var connection = new MySqlConnection("Server=db");
                while (true)
                {
                    try
                    {
                        await connection.OpenAsync(cancellationToken);
                        break;
                    }
                    catch (MySqlException)
                    {
                        await Task.Delay(1000, cancellationToken);
                    }
                }

                await connection.ExecuteAsync("SELECT 1");
            }

            public void ThreeAttempts()
            {
                var connection = new MySqlConnection("Server=db");
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    if (connection.Execute("UPDATE locks SET owner = 1 WHERE owner IS NULL") == 1)
                    {
                        return;
                    }

                    Thread.Sleep(500);
                }
            }

            public void CountdownRetries()
            {
                var connection = new MySqlConnection("Server=db");
                var retries = 5;
                while (--retries > 0)
                {
                    if (connection.Execute("UPDATE locks SET owner = 1 WHERE owner IS NULL") == 1)
                    {
                        return;
                    }

                    Thread.Sleep(500);
                }
            }

            public void DrainWithoutWaiting(BlockingCollection<int> ids)
            {
                var connection = new MySqlConnection("Server=db");
                while (ids.TryTake(out var id))
                {
                    connection.Execute("DELETE FROM jobs WHERE id = @id", new { id });
                }
            }
        }
        """);

    /// <summary>
    /// Retry-until-open loops that test the connection's state (firefly2442/Arma2NETMySQLPlugin@2c4f2c5c2484's
    /// <c>while (connection.State != ConnectionState.Open) { try { connection.Open(); } catch { ...; Thread.Sleep(10000); } }</c>,
    /// the do-while of Princeksahoo/TPM-TrakReportsEngineV4's <c>ConnectionManager.GetConnection()</c>, and a loop that
    /// returns the connection from its <c>try</c> as Tomar_Banho's <c>ConectarBD()</c> does): reading <c>State</c> asks the
    /// server nothing, and a wait only follows a failed open, so no open connection crosses a wait. The per-use factory
    /// writes these loops; a loop that runs a command after waiting is still reported.
    /// </summary>
    [Fact]
    public Task Retry_until_open_loops_that_test_the_state_are_not_reported() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using System.Threading;
        using Dapper;
        using MySqlConnector;

        public static class Connections
        {
            public static MySqlConnection WhileNotOpen()
            {
                var connection = new MySqlConnection("Server=db");
                while (connection.State != ConnectionState.Open)
                {
                    try
                    {
                        connection.Open();
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine("Unable to open connection, trying again in 10 seconds." + ex);
                        Thread.Sleep(10000);
                    }
                }

                return connection;
            }

            public static MySqlConnection DoUntilOpen()
            {
                var conn = new MySqlConnection("Server=db");
                do
                {
                    try
                    {
                        conn.Open();
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex.ToString());
                        Thread.Sleep(1000);
                    }
                } while (conn.State != ConnectionState.Open);
                return conn;
            }

            public static MySqlConnection ReturnedFromTheTry()
            {
                var connection = new MySqlConnection("Server=db");
                while (connection.State != ConnectionState.Open)
                {
                    try
                    {
                        connection.Open();
                        return connection;
                    }
                    catch (MySqlException)
                    {
                        Thread.Sleep(1000);
                    }
                }

                return connection;
            }

            public static void QueriesAfterEachWait()
            {
                var {|SC0004:connection|} = new MySqlConnection("Server=db");
                connection.Open();
                while (true)
                {
                    connection.Execute("DELETE FROM jobs WHERE done = 1");
                    Thread.Sleep(60000);
                }
            }
        }
        """);

    [Fact]
    public Task Guard_leases_and_fields_are_not_reported() => Verify.VerifyAsync("""
        using System;
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;

        namespace StaleConn
        {
            public sealed class ConnectionGuard<T> where T : DbConnection
            {
                public ConnectionGuard(Func<T> factory) { }
                public ConnectionLease<T> Acquire() => throw new NotImplementedException();
            }

            public readonly struct ConnectionLease<T> : IDisposable where T : DbConnection
            {
                public T Connection => throw new NotImplementedException();
                public void Dispose() { }
            }
        }

        namespace App
        {
            using StaleConn;

            public sealed class Poller
            {
                // A field is SC0001/SC0002's business, not this rule's.
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                public async Task RunAsync(CancellationToken cancellationToken)
                {
                    var guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        using var lease = guard.Acquire();
                        using var command = new MySqlCommand("SELECT 1", lease.Connection);
                        await command.ExecuteScalarAsync(cancellationToken);
                        using var other = new MySqlCommand("SELECT 2", _connection);
                        await Task.Delay(1000, cancellationToken);
                    }
                }

                // Holding a lease across waits is SC0006's business.
                public async Task HoldLeaseAsync(ConnectionGuard<MySqlConnection> guard, CancellationToken cancellationToken)
                {
                    using var lease = guard.Acquire();
                    var connection = lease.Connection;
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        using var command = new MySqlCommand("SELECT 1", connection);
                        await command.ExecuteScalarAsync(cancellationToken);
                        await Task.Delay(1000, cancellationToken);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Sqlite_is_not_reported_by_default() => Verify.VerifyAsync("""
        using System.Threading;
        using Microsoft.Data.Sqlite;

        public static class Cache
        {
            public static void Run()
            {
                var connection = new SqliteConnection("Data Source=cache.db");
                connection.Open();
                while (true)
                {
                    new SqliteCommand("DELETE FROM entries", connection).ExecuteNonQuery();
                    Thread.Sleep(1000);
                }
            }
        }
        """);

    [Fact]
    public Task Sqlite_is_reported_when_turned_on_in_globalconfig() => Verify.VerifyAsync(
        """
        using System.Threading;
        using Microsoft.Data.Sqlite;

        public static class Cache
        {
            public static void Run()
            {
                var {|#0:connection|} = new SqliteConnection("Data Source=cache.db");
                connection.Open();
                {|#1:while|} (true)
                {
                    new SqliteCommand("DELETE FROM entries", connection).ExecuteNonQuery();
                    Thread.Sleep(1000);
                }
            }
        }
        """,
        LanguageVersion.Latest,
        "staleconn.include_sqlite = true\n",
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "Thread.Sleep"));

    [Fact]
    public Task Generated_code_is_not_reported() => Verify.VerifyAsync("""
        // <auto-generated/>
        using System.Threading;
        using MySqlConnector;

        public static class Generated
        {
            public static void Run()
            {
                var connection = new MySqlConnection("Server=db");
                while (true)
                {
                    new MySqlCommand("SELECT 1", connection).ExecuteNonQuery();
                    Thread.Sleep(1000);
                }
            }
        }
        """);

    [Fact]
    public Task Connection_used_by_a_timer_callback_is_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading;
        using Dapper;
        using MySqlConnector;
        using Npgsql;

        public sealed class Heartbeat
        {
            public Timer Start(string connectionString)
            {
                var {|#0:connection|} = new MySqlConnection(connectionString);
                connection.Open();
                return {|#1:new|} Timer(_ => connection.Execute("UPDATE heartbeat SET at = NOW()"), null, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }

            public System.Timers.Timer StartElapsed(string connectionString)
            {
                var timer = new System.Timers.Timer(60_000);
                var {|#2:db|} = new NpgsqlConnection(connectionString);
                {|#3:timer|}.Elapsed += (sender, e) =>
                {
                    db.Execute("DELETE FROM sessions WHERE expires < now()");
                };
                timer.Start();
                return timer;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "System.Threading.Timer callback"),
        Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("db", "System.Timers.Timer.Elapsed"));

    [Fact]
    public Task Loop_that_runs_while_a_statement_finds_work_is_reported_though_it_compares_with_a_constant() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public sealed class Purger
        {
            public async Task PurgeAsync(string connectionString, CancellationToken cancellationToken)
            {
                await using var {|#0:connection|} = new MySqlConnection(connectionString);
                {|#1:while|} (await connection.ExecuteAsync("DELETE FROM events WHERE at < NOW() - INTERVAL 30 DAY LIMIT 1000") > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "Task.Delay"));

    [Fact]
    public Task Connection_used_by_two_waiting_loops_and_a_timer_is_reported_once_at_the_first_loop() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public sealed class Poller
        {
            public async Task RunAsync(string connectionString, CancellationToken cancellationToken)
            {
                var {|#0:connection|} = new MySqlConnection(connectionString);
                using var heartbeat = new Timer(_ => connection.Execute("UPDATE heartbeat SET at = NOW()"), null, TimeSpan.Zero, TimeSpan.FromMinutes(1));
                {|#1:while|} (!cancellationToken.IsCancellationRequested)
                {
                    await connection.ExecuteAsync("DELETE FROM outbox WHERE sent = 1");
                    await Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
                }

                while (true)
                {
                    await connection.ExecuteAsync("DELETE FROM sessions WHERE expired = 1");
                    await Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "Task.Delay"));

    [Fact]
    public Task Connection_declared_in_an_outer_loop_is_reported_at_the_inner_waiting_loop_and_a_loop_in_a_callback_counts() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public sealed class Shards
        {
            public async Task RunAsync(string[] connectionStrings, CancellationToken cancellationToken)
            {
                foreach (var connectionString in connectionStrings)
                {
                    var {|#0:shard|} = new MySqlConnection(connectionString);
                    {|#1:while|} (!cancellationToken.IsCancellationRequested)
                    {
                        await shard.ExecuteAsync("DELETE FROM outbox WHERE sent = 1");
                        await Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
                    }
                }
            }

            public Task StartAsync(string connectionString, CancellationToken cancellationToken)
            {
                var {|#2:connection|} = new MySqlConnection(connectionString);
                return Task.Run(async () =>
                {
                    {|#3:while|} (!cancellationToken.IsCancellationRequested)
                    {
                        await connection.ExecuteAsync("DELETE FROM outbox WHERE sent = 1");
                        Thread.Sleep(TimeSpan.FromMinutes(5));
                    }
                });
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("shard", "Task.Delay"),
        Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("connection", "Thread.Sleep"));

    [Fact]
    public Task Connection_used_by_a_target_typed_timer_callback_is_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading;
        using Dapper;
        using MySqlConnector;

        public sealed class Heartbeat
        {
            private Timer? _timer;

            public void Start(string connectionString)
            {
                var {|#0:connection|} = new MySqlConnection(connectionString);
                _timer = {|#1:new|}(_ => connection.Execute("UPDATE heartbeat SET at = NOW()"), null, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "System.Threading.Timer callback"));

    [Fact]
    public Task Timer_callbacks_that_open_their_own_connection_or_close_it_are_not_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading;
        using Dapper;
        using MySqlConnector;

        public sealed class Heartbeat
        {
            public Timer PerTick(string connectionString) =>
                new Timer(_ =>
                {
                    using var connection = new MySqlConnection(connectionString);
                    connection.Execute("UPDATE heartbeat SET at = NOW()");
                }, null, TimeSpan.Zero, TimeSpan.FromMinutes(1));

            public Timer Closing(string connectionString)
            {
                var connection = new MySqlConnection(connectionString);
                return new Timer(_ =>
                {
                    connection.Open();
                    connection.Execute("UPDATE heartbeat SET at = NOW()");
                    connection.Close();
                }, null, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }

            public Timer NotUsingIt(string connectionString)
            {
                var connection = new MySqlConnection(connectionString);
                connection.Open();
                connection.Execute("CREATE TABLE IF NOT EXISTS heartbeat (at DATETIME)");
                connection.Dispose();
                return new Timer(_ => Console.WriteLine("tick"), null, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }
        }
        """);

    [Fact]
    public Task Connection_resolved_from_a_scope_before_the_loop_is_reported_and_per_iteration_scope_is_not() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class CleanupWorker(IServiceScopeFactory scopeFactory) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using var scope = scopeFactory.CreateScope();
                var {|#0:connection|} = scope.ServiceProvider.GetRequiredService<MySqlConnection>();
                {|#1:while|} (!stoppingToken.IsCancellationRequested)
                {
                    await connection.ExecuteAsync("DELETE FROM sessions WHERE expires < NOW()");
                    await Task.Delay(TimeSpan.FromMinutes(5), stoppingToken);
                }
            }
        }

        public sealed class ScopedPerRoundWorker(IServiceScopeFactory scopeFactory) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var scope = scopeFactory.CreateScope())
                    {
                        var connection = scope.ServiceProvider.GetRequiredService<MySqlConnection>();
                        await connection.ExecuteAsync("DELETE FROM sessions WHERE expires < NOW()");
                    }

                    await Task.Delay(TimeSpan.FromMinutes(5), stoppingToken);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "Task.Delay"));

    // ASP.NET Core is not referenced by the tests: its endpoint extensions are declared with their real names.
    private const string EndpointRouteBuilderStub = """

        namespace Microsoft.AspNetCore.Builder
        {
            public interface IEndpointRouteBuilder { }
            public static class EndpointRouteBuilderExtensions
            {
                public static object MapGet(this IEndpointRouteBuilder endpoints, string pattern, System.Delegate handler) => handler;
                public static object MapPost(this IEndpointRouteBuilder endpoints, string pattern, System.Delegate handler) => handler;
            }
        }
        """;

    [Fact]
    public Task Connection_captured_by_a_minimal_api_endpoint_is_reported() => Verify.VerifyConsoleAppAsync(
        """
        using System;
        using Dapper;
        using Microsoft.AspNetCore.Builder;
        using MySqlConnector;

        IEndpointRouteBuilder app = null!;
        var {|#0:connection|} = new MySqlConnection(Environment.GetEnvironmentVariable("DB"));
        connection.Open();
        {|#1:app|}.MapGet("/orders", () => connection.Query<int>("SELECT id FROM orders"));

        // Per request: silent.
        app.MapPost("/orders", (int id) =>
        {
            using var perRequest = new MySqlConnection(Environment.GetEnvironmentVariable("DB"));
            return perRequest.Execute("INSERT INTO orders (id) VALUES (@id)", new { id });
        });
        """ + EndpointRouteBuilderStub,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "endpoint MapGet, on every request"));

    [Fact]
    public Task Waiting_loop_whose_condition_also_counts_to_a_bound_is_silent() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public class Waiter
        {
            private static Task<bool> StillThere(MySqlConnection connection) => connection.ExecuteScalarAsync<bool>("SELECT COUNT(*) > 0 FROM locks");

            public async Task WaitForReleaseAsync()
            {
                var connection = new MySqlConnection("Server=db");
                for (var i = 0; await StillThere(connection) && i < 20; i++)
                {
                    await Task.Delay(1000);
                }
            }

            public void PollFewTimes(bool ok)
            {
                var connection = new MySqlConnection("Server=db");
                var tries = 0;
                while (ok && tries++ < 5)
                {
                    ok = connection.ExecuteScalar<int>("SELECT pending FROM jobs") > 0;
                    Thread.Sleep(500);
                }
            }

            public void PollUntilDoneOrBound(CancellationToken token)
            {
                var connection = new MySqlConnection("Server=db");
                var round = 0;
                while (!token.IsCancellationRequested & round < 10)
                {
                    connection.Execute("UPDATE jobs SET seen = seen + 1");
                    round++;
                    Thread.Sleep(500);
                }
            }
        }
        """);

    [Fact]
    public Task Waiting_loop_with_a_counter_only_in_a_disjunction_is_reported() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public class Waiter
        {
            private static Task<bool> StillThere(MySqlConnection connection) => connection.ExecuteScalarAsync<bool>("SELECT COUNT(*) > 0 FROM locks");

            public async Task WaitForReleaseAsync()
            {
                var {|#0:connection|} = new MySqlConnection("Server=db");
                {|#1:for|} (var i = 0; await StillThere(connection) || i < 20; i++)
                {
                    await Task.Delay(1000);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "Task.Delay"));

    [Fact]
    public Task Endless_and_cancellation_loops_combined_with_a_flag_are_still_reported() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public class Worker
        {
            private bool _running = true;

            public void RunForever()
            {
                var {|#0:connection|} = new MySqlConnection("Server=db");
                {|#1:while|} (true)
                {
                    connection.Execute("DELETE FROM sessions WHERE expired = 1");
                    Thread.Sleep(60_000);
                }
            }

            public async Task RunUntilStoppedAsync(CancellationToken token)
            {
                var {|#2:connection|} = new MySqlConnection("Server=db");
                {|#3:while|} (_running && !token.IsCancellationRequested)
                {
                    await connection.ExecuteAsync("DELETE FROM sessions WHERE expired = 1");
                    await Task.Delay(60_000, token);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "Thread.Sleep"),
        Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("connection", "Task.Delay"));

    /// <summary>
    /// Hinoserm/makefoxbot src/makefoxsrv/cs/FoxNews.cs (BroadcastNewsItem) and FoxPremium.cs: one connection per
    /// broadcast, a <c>foreach</c> over the users read into a list, a short <c>Task.Delay</c> between sends. The list
    /// ends; a lazy sequence (an iterator that never ends) still counts as a worker loop.
    /// </summary>
    [Fact]
    public Task Foreach_over_a_materialized_collection_is_bounded_and_over_a_lazy_sequence_is_not() => Verify.VerifyAsync(
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public class Broadcaster
        {
            public async Task BroadcastAsync(string connectionString)
            {
                using var connection = new MySqlConnection(connectionString);
                await connection.OpenAsync();
                var users = new List<ulong>(await connection.QueryAsync<ulong>("SELECT uid FROM queue"));
                foreach (var uid in users)
                {
                    await connection.ExecuteAsync("REPLACE INTO user_news (uid) VALUES (@uid)", new { uid });
                    await Task.Delay(300);
                }
            }

            public async Task RemindAsync(MySqlConnection unused, string connectionString, long[] ids, IReadOnlyCollection<string> names)
            {
                using var connection = new MySqlConnection(connectionString);
                foreach (var id in ids)
                {
                    await connection.ExecuteAsync("UPDATE premium SET reminded = 1 WHERE id = @id", new { id });
                    await Task.Delay(10000);
                }

                foreach (var name in names)
                {
                    await connection.ExecuteAsync("DELETE FROM pending WHERE name = @name", new { name });
                    await Task.Delay(10000);
                }
            }

            public async Task PollForeverAsync(string connectionString)
            {
                var {|#0:connection|} = new MySqlConnection(connectionString);
                {|#1:foreach|} (var tick in Ticks())
                {
                    await connection.ExecuteAsync("DELETE FROM sessions WHERE expired = 1");
                    await Task.Delay(60_000);
                }
            }

            private static IEnumerable<int> Ticks()
            {
                for (var i = 0; ; i++)
                {
                    yield return i;
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", "Task.Delay"));
}
