using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.ConnectionAcrossWaitingLoopAnalyzer,
    StaleConn.CodeFixes.PooledConnectionPerUseCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

public class SC0004PooledConnectionFixTests
{
    [Theory]
    [InlineData("MySqlConnector.MySqlConnection")]
    [InlineData("MySql.Data.MySqlClient.MySqlConnection")]
    [InlineData("Npgsql.NpgsqlConnection")]
    [InlineData("System.Data.SqlClient.SqlConnection")]
    public Task Connection_opened_before_a_delay_loop_is_opened_per_iteration(string type) => Verify.VerifyAsync($$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;

        public sealed class OutboxWorker : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await using var {|SC0004:connection|} = new {{type}}("Server=db");
                await connection.OpenAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    var pending = await connection.QueryAsync<long>("SELECT id FROM outbox WHERE sent = 0");
                    foreach (var id in pending)
                    {
                        await connection.ExecuteAsync("UPDATE outbox SET sent = 1 WHERE id = @id", new { id });
                    }

                    await Task.Delay(TimeSpan.FromMinutes(10), stoppingToken);
                }
            }
        }
        """, $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;

        public sealed class OutboxWorker : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var connection = new {{type}}("Server=db"))
                    {
                        await connection.OpenAsync(stoppingToken);
                        var pending = await connection.QueryAsync<long>("SELECT id FROM outbox WHERE sent = 0");
                        foreach (var id in pending)
                        {
                            await connection.ExecuteAsync("UPDATE outbox SET sent = 1 WHERE id = @id", new { id });
                        }
                    }

                    await Task.Delay(TimeSpan.FromMinutes(10), stoppingToken);
                }
            }
        }
        """);

    /// <summary>
    /// A local declared as <c>IDbConnection</c> keeps that type inside the loop and is opened synchronously, as the code
    /// did (the interface has no <c>OpenAsync</c>): declaring the created class instead would bind the uses' extension
    /// methods and overloads to it. Shape: workers that declare <c>IDbConnection db = new NpgsqlConnection(cs)</c> and
    /// query with Dapper (issue 14's interface-typed holders, e.g. TShockPlugin's plugins).
    /// </summary>
    [Fact]
    public Task An_interface_typed_local_keeps_its_type_in_each_iteration() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        public sealed class SessionSweeper : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                IDbConnection {|SC0004:db|} = new NpgsqlConnection("Host=db");
                db.Open();
                while (!stoppingToken.IsCancellationRequested)
                {
                    db.Execute("DELETE FROM sessions WHERE expires < now()");
                    await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                }
            }
        }
        """, """
        using System;
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        public sealed class SessionSweeper : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (IDbConnection db = new NpgsqlConnection("Host=db"))
                    {
                        db.Open();
                        db.Execute("DELETE FROM sessions WHERE expires < now()");
                    }
                    await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task Console_main_in_csharp_7_3_loses_its_outer_using() => Verify.VerifyAsync("""
        using System.Threading;
        using MySql.Data.MySqlClient;

        namespace Legacy
        {
            public static class Program
            {
                public static void Main(string[] args)
                {
                    using (var {|SC0004:conn|} = new MySqlConnection("Server=db"))
                    {
                        conn.Open();
                        for (;;)
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
        """, """
        using System.Threading;
        using MySql.Data.MySqlClient;

        namespace Legacy
        {
            public static class Program
            {
                public static void Main(string[] args)
                {
                    for (;;)
                    {
                        using (var conn = new MySqlConnection("Server=db"))
                        {
                            conn.Open();
                            using (var command = new MySqlCommand("CALL process_queue()", conn))
                            {
                                command.ExecuteNonQuery();
                            }
                        }

                        Thread.Sleep(30000);
                    }
                }
            }
        }
        """, LanguageVersion.CSharp7_3);

    [Fact]
    public Task Loop_inside_a_lambda_and_a_blocking_take_loop_are_fixed_together() => Verify.VerifyAsync("""
        using System.Collections.Concurrent;
        using System.Threading.Tasks;
        using Dapper;

        public sealed class Jobs
        {
            public void Take(BlockingCollection<int> ids)
            {
                var {|SC0004:connection|} = new MySqlConnector.MySqlConnection("Server=db");
                while (true)
                {
                    var id = ids.Take();
                    connection.Execute("DELETE FROM jobs WHERE id = @id", new { id });
                }
            }

            public Task StartAsync()
            {
                var {|SC0004:connection|} = new System.Data.SqlClient.SqlConnection("Server=db");
                return Task.Run(async () =>
                {
                    while (true)
                    {
                        await connection.ExecuteAsync("EXEC dbo.Tick");
                        await Task.Delay(1000);
                    }
                });
            }
        }
        """, """
        using System.Collections.Concurrent;
        using System.Threading.Tasks;
        using Dapper;

        public sealed class Jobs
        {
            public void Take(BlockingCollection<int> ids)
            {
                while (true)
                {
                    var id = ids.Take();
                    using var connection = new MySqlConnector.MySqlConnection("Server=db");
                    connection.Open();
                    connection.Execute("DELETE FROM jobs WHERE id = @id", new { id });
                }
            }

            public Task StartAsync()
            {
                return Task.Run(async () =>
                {
                    while (true)
                    {
                        using (var connection = new System.Data.SqlClient.SqlConnection("Server=db"))
                        {
                            await connection.OpenAsync();
                            await connection.ExecuteAsync("EXEC dbo.Tick");
                        }
                        await Task.Delay(1000);
                    }
                });
            }
        }
        """);

    [Fact]
    public Task Generic_connection_type_is_opened_per_iteration() => Verify.VerifyAsync("""
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed record Poller<TConnection>(string ConnectionString) where TConnection : DbConnection, new()
        {
            public sealed class Loop
            {
                public async Task RunAsync(CancellationToken cancellationToken)
                {
                    var {|SC0004:connection|} = new TConnection();
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        using var command = connection.CreateCommand();
                        await command.ExecuteNonQueryAsync(cancellationToken);
                        await Task.Delay(5000, cancellationToken);
                    }
                }
            }
        }
        """, """
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed record Poller<TConnection>(string ConnectionString) where TConnection : DbConnection, new()
        {
            public sealed class Loop
            {
                public async Task RunAsync(CancellationToken cancellationToken)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        using (var connection = new TConnection())
                        {
                            await connection.OpenAsync(cancellationToken);
                            using var command = connection.CreateCommand();
                            await command.ExecuteNonQueryAsync(cancellationToken);
                        }
                        await Task.Delay(5000, cancellationToken);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Top_level_statements_reading_the_console() => Verify.VerifyConsoleAppAsync("""
        using System;
        using Npgsql;

        var {|SC0004:connection|} = new NpgsqlConnection("Host=db");
        connection.Open();
        string? line;
        while ((line = Console.ReadLine()) is not null)
        {
            using var command = new NpgsqlCommand(line, connection);
            Console.WriteLine(command.ExecuteScalar());
        }
        """, """
        using System;
        using Npgsql;

        string? line;
        while ((line = Console.ReadLine()) is not null)
        {
            using var connection = new NpgsqlConnection("Host=db");
            connection.Open();
            using var command = new NpgsqlCommand(line, connection);
            Console.WriteLine(command.ExecuteScalar());
        }
        """);

    [Fact]
    public Task Timer_callbacks_open_a_connection_per_call() => Verify.VerifyAsync("""
        using System;
        using System.Threading;
        using Dapper;
        using MySqlConnector;
        using Npgsql;

        public sealed class Heartbeat
        {
            public Timer Start(string connectionString)
            {
                var {|SC0004:connection|} = new MySqlConnection(connectionString);
                connection.Open();
                return new Timer(_ => connection.Execute("UPDATE heartbeat SET at = NOW()"), null, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }

            public System.Timers.Timer StartElapsed(string connectionString)
            {
                var timer = new System.Timers.Timer(60_000);
                var {|SC0004:db|} = new NpgsqlConnection(connectionString);
                timer.Elapsed += (sender, e) =>
                {
                    db.Execute("DELETE FROM sessions WHERE expires < now()");
                };
                timer.Start();
                return timer;
            }
        }
        """, """
        using System;
        using System.Threading;
        using Dapper;
        using MySqlConnector;
        using Npgsql;

        public sealed class Heartbeat
        {
            public Timer Start(string connectionString)
            {
                return new Timer(_ =>
                {
                    using var connection = new MySqlConnection(connectionString);
                    connection.Open();
                    connection.Execute("UPDATE heartbeat SET at = NOW()");
                }, null, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }

            public System.Timers.Timer StartElapsed(string connectionString)
            {
                var timer = new System.Timers.Timer(60_000);
                timer.Elapsed += (sender, e) =>
                {
                    using var db = new NpgsqlConnection(connectionString);
                    db.Open();
                    db.Execute("DELETE FROM sessions WHERE expires < now()");
                };
                timer.Start();
                return timer;
            }
        }
        """);
}
