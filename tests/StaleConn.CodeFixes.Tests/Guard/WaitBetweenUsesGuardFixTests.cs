using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Tests.Infrastructure;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A worker that waits between two uses of its connection within one iteration (polls, sleeps when there is nothing to
/// do, then writes; or waits for the next item between two writes): the lease ends before the wait and a new one is
/// taken after it, so no lease is held across a wait. Each fixed worker is run through SC0006.
/// </summary>
public class WaitBetweenUsesGuardFixTests
{
    [Fact]
    public Task Poller_that_sleeps_when_no_job_is_due_takes_a_lease_on_each_side_of_the_delay() => GuardFixCheck.VerifyWorkerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Job
        {
            public long Id { get; set; }
            public string Payload { get; set; } = "";
        }

        public sealed class JobRunner : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=jobs");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    var job = await _connection.QueryFirstOrDefaultAsync<Job>("SELECT id, payload FROM jobs WHERE done = 0 LIMIT 1");
                    if (job is null)
                    {
                        // Nothing due: look again in five minutes.
                        await Task.Delay(TimeSpan.FromMinutes(5), stoppingToken);
                        continue;
                    }

                    Console.WriteLine("running " + job.Payload);
                    await _connection.ExecuteAsync("UPDATE jobs SET done = 1 WHERE id = @Id", job);
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class Job
        {
            public long Id { get; set; }
            public string Payload { get; set; } = "";
        }

        public sealed class JobRunner : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=jobs"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    Job job;
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        job = await lease.Connection.QueryFirstOrDefaultAsync<Job>("SELECT id, payload FROM jobs WHERE done = 0 LIMIT 1");
                    }
                    if (job is null)
                    {
                        // Nothing due: look again in five minutes.
                        await Task.Delay(TimeSpan.FromMinutes(5), stoppingToken);
                        continue;
                    }

                    Console.WriteLine("running " + job.Payload);
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        await lease.Connection.ExecuteAsync("UPDATE jobs SET done = 1 WHERE id = @Id", job);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task MySqlCommand_poller_in_csharp_7_3_with_Thread_Sleep_between_the_read_and_the_write() => GuardFixCheck.VerifyWorkerAsync("""
        using System;
        using System.Threading;
        using MySql.Data.MySqlClient;

        namespace Legacy.Billing
        {
            public static class InvoiceMailer
            {
                private static readonly MySqlConnection {|SC0001:Connection|} = new MySqlConnection("Server=db;Database=billing");
                private static volatile bool running = true;

                public static void Stop()
                {
                    running = false;
                }

                public static void Run()
                {
                    while (running)
                    {
                        var select = new MySqlCommand("SELECT id FROM invoices WHERE mailed = 0 LIMIT 1", Connection);
                        var id = select.ExecuteScalar();
                        if (id == null)
                        {
                            Thread.Sleep(60000);
                            continue;
                        }

                        Console.WriteLine("mailing invoice " + id);
                        var update = new MySqlCommand("UPDATE invoices SET mailed = 1 WHERE id = @id", Connection);
                        update.Parameters.AddWithValue("@id", id);
                        update.ExecuteNonQuery();
                    }
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using MySql.Data.MySqlClient;
        using StaleConn;

        namespace Legacy.Billing
        {
            public static class InvoiceMailer
            {
                private static readonly ConnectionGuard<MySqlConnection> Connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=billing"));
                private static volatile bool running = true;

                public static void Stop()
                {
                    running = false;
                }

                public static void Run()
                {
                    while (running)
                    {
                        object id;
                        using (var lease = Connection.Acquire())
                        {
                            var select = new MySqlCommand("SELECT id FROM invoices WHERE mailed = 0 LIMIT 1", lease.Connection);
                            id = select.ExecuteScalar();
                        }
                        if (id == null)
                        {
                            Thread.Sleep(60000);
                            continue;
                        }

                        Console.WriteLine("mailing invoice " + id);
                        using (var lease = Connection.Acquire())
                        {
                            var update = new MySqlCommand("UPDATE invoices SET mailed = 1 WHERE id = @id", lease.Connection);
                            update.Parameters.AddWithValue("@id", id);
                            update.ExecuteNonQuery();
                        }
                    }
                }
            }
        }
        """, LanguageVersion.CSharp7_3);

    [Fact]
    public Task Heartbeat_then_a_channel_read_then_the_insert() => GuardFixCheck.VerifyWorkerAsync("""
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class AuditWriter : BackgroundService
        {
            private readonly Channel<string> _entries = Channel.CreateUnbounded<string>();
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=audit");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await _connection.ExecuteAsync("UPDATE writers SET seen = NOW() WHERE name = 'audit'");
                    var entry = await _entries.Reader.ReadAsync(stoppingToken);
                    await _connection.ExecuteAsync("INSERT INTO audit (entry) VALUES (@entry)", new { entry });
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class AuditWriter : BackgroundService
        {
            private readonly Channel<string> _entries = Channel.CreateUnbounded<string>();
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=audit"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        await lease.Connection.ExecuteAsync("UPDATE writers SET seen = NOW() WHERE name = 'audit'");
                    }
                    var entry = await _entries.Reader.ReadAsync(stoppingToken);
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        await lease.Connection.ExecuteAsync("INSERT INTO audit (entry) VALUES (@entry)", new { entry });
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Start_up_that_waits_between_two_writes_keeps_the_token_on_both_leases() => GuardFixCheck.VerifyWorkerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Registration : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=nodes");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _connection.ExecuteAsync("INSERT INTO nodes (name, state) VALUES ('a', 'joining')");
                // Give the other nodes time to see us before taking traffic.
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                await _connection.ExecuteAsync("UPDATE nodes SET state = 'ready' WHERE name = 'a'");
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class Registration : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=nodes"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    await lease.Connection.ExecuteAsync("INSERT INTO nodes (name, state) VALUES ('a', 'joining')");
                }
                // Give the other nodes time to see us before taking traffic.
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    await lease.Connection.ExecuteAsync("UPDATE nodes SET state = 'ready' WHERE name = 'a'");
                }
            }
        }
        """);

    [Fact]
    public Task Reading_rows_with_ReadAsync_is_not_a_wait() => GuardFixCheck.VerifyWorkerAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Exporter : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=shop");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                var names = new List<string>();
                using (var command = new MySqlCommand("SELECT name FROM products", _connection))
                using (var reader = await command.ExecuteReaderAsync(stoppingToken))
                {
                    while (await reader.ReadAsync(stoppingToken))
                    {
                        names.Add(reader.GetString(0));
                    }
                }

                System.Console.WriteLine(string.Join(", ", names));
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class Exporter : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=shop"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                var names = new List<string>();
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    using (var command = new MySqlCommand("SELECT name FROM products", lease.Connection))
                    using (var reader = await command.ExecuteReaderAsync(stoppingToken))
                    {
                        while (await reader.ReadAsync(stoppingToken))
                        {
                            names.Add(reader.GetString(0));
                        }
                    }
                }

                System.Console.WriteLine(string.Join(", ", names));
            }
        }
        """);

    [Fact]
    public Task Data_source_fix_opens_a_connection_on_each_side_of_the_delay() => Verify.VerifyActionAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        public sealed class Expirer : BackgroundService
        {
            private readonly NpgsqlConnection {|SC0002:_connection|} = new NpgsqlConnection("Host=db;Database=sessions");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    var expired = await _connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sessions WHERE expires < NOW()");
                    if (expired == 0)
                    {
                        await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                        continue;
                    }

                    await _connection.ExecuteAsync("DELETE FROM sessions WHERE expires < NOW()");
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        public sealed class Expirer : BackgroundService
        {
            private readonly NpgsqlDataSource _connection = NpgsqlDataSource.Create("Host=db;Database=sessions");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    long expired;
                    await using (var connection = await _connection.OpenConnectionAsync(stoppingToken))
                    {
                        expired = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sessions WHERE expires < NOW()");
                    }
                    if (expired == 0)
                    {
                        await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                        continue;
                    }

                    await using (var connection = await _connection.OpenConnectionAsync(stoppingToken))
                    {
                        await connection.ExecuteAsync("DELETE FROM sessions WHERE expires < NOW()");
                    }
                }
            }
        }
        """, GuardWithConnectionGuardCodeFixProvider.DataSourceEquivalenceKey, withRuntime: true);

    [Fact]
    public Task No_fix_when_a_transaction_would_be_held_across_the_delay() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Settlement : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=bank");

            // The transfer's two halves belong to one transaction: splitting the lease at the delay would split it.
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using var transaction = await _connection.BeginTransactionAsync(stoppingToken);
                    await _connection.ExecuteAsync("UPDATE accounts SET balance = balance - 10 WHERE id = 1", transaction: transaction);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                    await _connection.ExecuteAsync("UPDATE accounts SET balance = balance + 10 WHERE id = 2", transaction: transaction);
                    await transaction.CommitAsync(stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task No_fix_when_a_command_built_around_the_connection_spans_the_delay() => Verify.VerifyNoFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Retrier : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=queue");

            // The command holds the connection while it waits: no statement of its own to end a lease before the delay.
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using (var command = new MySqlCommand("DELETE FROM queue WHERE done LIMIT 100", _connection))
                {
                    while (await command.ExecuteNonQueryAsync(stoppingToken) > 0)
                    {
                        await Task.Delay(100, stoppingToken);
                    }
                }
            }
        }
        """);
}
