using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Tests.Infrastructure;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A worker that uses its connection before its waiting loop (creating a table, reading a checkpoint) and inside it:
/// one lease for the setup, ended before the loop starts, one per iteration, and one for what follows the loop. Each
/// fixed worker is also run through SC0006: no lease may be held across a wait.
/// </summary>
public class WorkerSetupThenLoopGuardFixTests
{
    [Fact]
    public Task Table_created_before_an_await_foreach_over_a_channel() => GuardFixCheck.VerifyWorkerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Journal : BackgroundService
        {
            private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
            private readonly MySqlConnection {|SC0002:_db|} = new MySqlConnection("Server=db");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                try
                {
                    await _db.OpenAsync(stoppingToken);
                    using (var create = new MySqlCommand("CREATE TABLE IF NOT EXISTS journal (item VARCHAR(64))", _db))
                    {
                        await create.ExecuteNonQueryAsync(stoppingToken);
                    }

                    await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken))
                    {
                        using var insert = new MySqlCommand("INSERT INTO journal (item) VALUES (@item)", _db);
                        insert.Parameters.AddWithValue("@item", item);
                        await insert.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class Journal : BackgroundService
        {
            private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
            private readonly ConnectionGuard<MySqlConnection> _db = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                try
                {
                    using (var lease = await _db.AcquireAsync(stoppingToken))
                    {
                        using (var create = new MySqlCommand("CREATE TABLE IF NOT EXISTS journal (item VARCHAR(64))", lease.Connection))
                        {
                            await create.ExecuteNonQueryAsync(stoppingToken);
                        }
                    }

                    await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken))
                    {
                        using var lease = await _db.AcquireAsync(stoppingToken);
                        using var insert = new MySqlCommand("INSERT INTO journal (item) VALUES (@item)", lease.Connection);
                        insert.Parameters.AddWithValue("@item", item);
                        await insert.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        """);

    [Fact]
    public Task Setup_then_a_delay_loop_then_a_last_write_after_it() => GuardFixCheck.VerifyWorkerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public class OutboxWorker : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|};

            public OutboxWorker(MySqlConnection connection) => _connection = connection;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _connection.OpenAsync(stoppingToken);
                await _connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS outbox (id BIGINT PRIMARY KEY, sent BOOL)");
                await _connection.ExecuteAsync("UPDATE workers SET started_at = NOW() WHERE name = 'outbox'");

                while (!stoppingToken.IsCancellationRequested)
                {
                    var pending = await _connection.QueryAsync<long>("SELECT id FROM outbox WHERE NOT sent");
                    foreach (var id in pending)
                    {
                        await _connection.ExecuteAsync("UPDATE outbox SET sent = TRUE WHERE id = @id", new { id });
                    }

                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                // Marks the worker stopped on its way out.
                await _connection.ExecuteAsync("UPDATE workers SET stopped_at = NOW() WHERE name = 'outbox'");
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

        public class OutboxWorker : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection;

            public OutboxWorker(MySqlConnection connection) => _connection = new ConnectionGuard<MySqlConnection>(connection, leaveOpen: true);

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    await lease.Connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS outbox (id BIGINT PRIMARY KEY, sent BOOL)");
                    await lease.Connection.ExecuteAsync("UPDATE workers SET started_at = NOW() WHERE name = 'outbox'");
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        var pending = await lease.Connection.QueryAsync<long>("SELECT id FROM outbox WHERE NOT sent");
                        foreach (var id in pending)
                        {
                            await lease.Connection.ExecuteAsync("UPDATE outbox SET sent = TRUE WHERE id = @id", new { id });
                        }
                    }

                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                // Marks the worker stopped on its way out.
                using (var lease = await _connection.AcquireAsync())
                {
                    await lease.Connection.ExecuteAsync("UPDATE workers SET stopped_at = NOW() WHERE name = 'outbox'");
                }
            }
        }
        """);

    [Fact]
    public Task PeriodicTimer_loop_after_the_table_is_created() => GuardFixCheck.VerifyWorkerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class MetricsRecorder : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=metrics");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
                await _connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS samples (taken_at DATETIME, memory BIGINT)");
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    await _connection.ExecuteAsync(
                        "INSERT INTO samples VALUES (@takenAt, @memory)",
                        new { takenAt = DateTime.UtcNow, memory = GC.GetTotalMemory(false) });
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

        public sealed class MetricsRecorder : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=metrics"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    await lease.Connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS samples (taken_at DATETIME, memory BIGINT)");
                }
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    using var lease = await _connection.AcquireAsync(stoppingToken);
                    await lease.Connection.ExecuteAsync(
                        "INSERT INTO samples VALUES (@takenAt, @memory)",
                        new { takenAt = DateTime.UtcNow, memory = GC.GetTotalMemory(false) });
                }
            }
        }
        """);

    [Fact]
    public Task Checkpoint_read_before_the_loop_is_declared_outside_the_setup_lease() => GuardFixCheck.VerifyWorkerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class OrderExporter : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=shop");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                // Resume after the last order exported before a restart.
                var lastId = await _connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(order_id), 0) FROM exported");
                Console.WriteLine($"Resuming after order {lastId}");

                while (!stoppingToken.IsCancellationRequested)
                {
                    var orders = await _connection.QueryAsync<long>("SELECT id FROM orders WHERE id > @lastId ORDER BY id", new { lastId });
                    foreach (var id in orders)
                    {
                        await _connection.ExecuteAsync("INSERT INTO exported (order_id) VALUES (@id)", new { id });
                        lastId = id;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken);
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

        public sealed class OrderExporter : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=shop"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                // Resume after the last order exported before a restart.
                long lastId;
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    lastId = await lease.Connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(order_id), 0) FROM exported");
                    Console.WriteLine($"Resuming after order {lastId}");
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        var orders = await lease.Connection.QueryAsync<long>("SELECT id FROM orders WHERE id > @lastId ORDER BY id", new { lastId });
                        foreach (var id in orders)
                        {
                            await lease.Connection.ExecuteAsync("INSERT INTO exported (order_id) VALUES (@id)", new { id });
                            lastId = id;
                        }
                    }

                    await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task Try_finally_around_the_loop_gets_a_clean_up_lease_without_the_cancelled_token() => GuardFixCheck.VerifyWorkerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Mailer : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=mail");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _connection.OpenAsync(stoppingToken);
                try
                {
                    await _connection.ExecuteAsync("UPDATE workers SET started_at = NOW() WHERE name = 'mailer'");
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _connection.ExecuteAsync("UPDATE mail_queue SET sent_at = NOW() WHERE sent_at IS NULL");
                        await Task.Delay(2000, stoppingToken);
                    }
                }
                finally
                {
                    await _connection.ExecuteAsync("UPDATE workers SET stopped_at = NOW() WHERE name = 'mailer'");
                    await _connection.CloseAsync();
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

        public sealed class Mailer : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=mail"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                try
                {
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        await lease.Connection.ExecuteAsync("UPDATE workers SET started_at = NOW() WHERE name = 'mailer'");
                    }
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        using (var lease = await _connection.AcquireAsync(stoppingToken))
                        {
                            await lease.Connection.ExecuteAsync("UPDATE mail_queue SET sent_at = NOW() WHERE sent_at IS NULL");
                        }
                        await Task.Delay(2000, stoppingToken);
                    }
                }
                finally
                {
                    using var lease = await _connection.AcquireAsync();
                    await lease.Connection.ExecuteAsync("UPDATE workers SET stopped_at = NOW() WHERE name = 'mailer'");
                }
            }
        }
        """);

    [Fact]
    public Task Try_whose_finally_only_closed_the_connection_is_unwrapped_around_the_leases() => GuardFixCheck.VerifyWorkerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Sweeper : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=sessions");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _connection.OpenAsync(stoppingToken);
                try
                {
                    await _connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS sessions (id CHAR(36), expires DATETIME)");
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _connection.ExecuteAsync("DELETE FROM sessions WHERE expires < NOW()");
                        await Task.Delay(60000, stoppingToken);
                    }
                }
                finally
                {
                    await _connection.CloseAsync();
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class Sweeper : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=sessions"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    await lease.Connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS sessions (id CHAR(36), expires DATETIME)");
                }
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        await lease.Connection.ExecuteAsync("DELETE FROM sessions WHERE expires < NOW()");
                    }
                    await Task.Delay(60000, stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task Setup_inside_an_if_and_a_queue_drained_within_each_round_between_two_leases() => GuardFixCheck.VerifyWorkerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class LockHolder : BackgroundService
        {
            private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=locks");
            private readonly bool _migrate = true;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                if (_migrate)
                {
                    await _connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS events (name TEXT)");
                }

                var owner = await _connection.QueryFirstOrDefaultAsync<string>("SELECT owner FROM locks LIMIT 1");
                while (!stoppingToken.IsCancellationRequested)
                {
                    await _connection.ExecuteAsync("UPDATE locks SET seen = NOW() WHERE owner = @owner", new { owner });
                    while (_events.Reader.TryRead(out var name))
                    {
                        await _connection.ExecuteAsync("INSERT INTO events VALUES (@name)", new { name });
                        await Task.Delay(10, stoppingToken);
                    }

                    await _connection.ExecuteAsync("UPDATE locks SET drained_at = NOW() WHERE owner = @owner", new { owner });
                    await Task.Delay(1000, stoppingToken);
                }

                Console.WriteLine("released by " + owner);
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class LockHolder : BackgroundService
        {
            private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=locks"));
            private readonly bool _migrate = true;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                string owner;
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    if (_migrate)
                    {
                        await lease.Connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS events (name TEXT)");
                    }

                    owner = await lease.Connection.QueryFirstOrDefaultAsync<string>("SELECT owner FROM locks LIMIT 1");
                }
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        await lease.Connection.ExecuteAsync("UPDATE locks SET seen = NOW() WHERE owner = @owner", new { owner });
                    }
                    while (_events.Reader.TryRead(out var name))
                    {
                        using (var lease = await _connection.AcquireAsync(stoppingToken))
                        {
                            await lease.Connection.ExecuteAsync("INSERT INTO events VALUES (@name)", new { name });
                        }
                        await Task.Delay(10, stoppingToken);
                    }

                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        await lease.Connection.ExecuteAsync("UPDATE locks SET drained_at = NOW() WHERE owner = @owner", new { owner });
                    }
                    await Task.Delay(1000, stoppingToken);
                }

                Console.WriteLine("released by " + owner);
            }
        }
        """);

    [Fact]
    public Task Counter_read_before_the_loop_in_csharp_7_3_async_code() => GuardFixCheck.VerifyWorkerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public class Inserter : BackgroundService
        {
            private MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db");

            protected override async Task ExecuteAsync(CancellationToken ct)
            {
                var command = new MySqlCommand("SELECT COUNT(*) FROM t", _connection);
                var count = Convert.ToInt32(await command.ExecuteScalarAsync(ct));
                while (!ct.IsCancellationRequested)
                {
                    var insert = new MySqlCommand("INSERT INTO t VALUES (1)", _connection);
                    count += await insert.ExecuteNonQueryAsync(ct);
                    await Task.Delay(1000, ct);
                }

                Console.WriteLine(count);
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public class Inserter : BackgroundService
        {
            private ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            protected override async Task ExecuteAsync(CancellationToken ct)
            {
                int count;
                using (var lease = await _connection.AcquireAsync(ct))
                {
                    var command = new MySqlCommand("SELECT COUNT(*) FROM t", lease.Connection);
                    count = Convert.ToInt32(await command.ExecuteScalarAsync(ct));
                }
                while (!ct.IsCancellationRequested)
                {
                    using (var lease = await _connection.AcquireAsync(ct))
                    {
                        var insert = new MySqlCommand("INSERT INTO t VALUES (1)", lease.Connection);
                        count += await insert.ExecuteNonQueryAsync(ct);
                    }
                    await Task.Delay(1000, ct);
                }

                Console.WriteLine(count);
            }
        }
        """, LanguageVersion.CSharp7_3);

    [Fact]
    public Task Migration_transaction_stays_within_the_setup_lease() => GuardFixCheck.VerifyWorkerAsync("""
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
                using var migration = await _connection.BeginTransactionAsync(stoppingToken);
                await _connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS audit (entry TEXT)", transaction: migration);
                await _connection.ExecuteAsync("INSERT IGNORE INTO schema_version VALUES (2)", transaction: migration);
                await migration.CommitAsync(stoppingToken);

                await foreach (var entry in _entries.Reader.ReadAllAsync(stoppingToken))
                {
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
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    using var migration = (MySqlTransaction)await lease.BeginTransactionAsync(cancellationToken: stoppingToken);
                    await lease.Connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS audit (entry TEXT)", transaction: migration);
                    await lease.Connection.ExecuteAsync("INSERT IGNORE INTO schema_version VALUES (2)", transaction: migration);
                    await migration.CommitAsync(stoppingToken);
                }

                await foreach (var entry in _entries.Reader.ReadAllAsync(stoppingToken))
                {
                    using var lease = await _connection.AcquireAsync(stoppingToken);
                    await lease.Connection.ExecuteAsync("INSERT INTO audit (entry) VALUES (@entry)", new { entry });
                }
            }
        }
        """);

    [Fact]
    public Task Worker_thread_in_csharp_7_3_with_Thread_Sleep_and_a_checkpoint() => GuardFixCheck.VerifyWorkerAsync("""
        using System;
        using System.Threading;
        using MySql.Data.MySqlClient;

        namespace Legacy.Sync
        {
            public static class Pump
            {
                private static readonly MySqlConnection {|SC0001:Connection|} = new MySqlConnection("Server=db;Database=sync");
                private static volatile bool running = true;

                public static void Start()
                {
                    new Thread(Run) { IsBackground = true }.Start();
                }

                public static void Stop()
                {
                    running = false;
                }

                private static void Run()
                {
                    Connection.Open();
                    new MySqlCommand("CREATE TABLE IF NOT EXISTS pumped (id BIGINT)", Connection).ExecuteNonQuery();
                    long last = Convert.ToInt64(new MySqlCommand("SELECT COALESCE(MAX(id), 0) FROM pumped", Connection).ExecuteScalar());

                    while (running)
                    {
                        var insert = new MySqlCommand("INSERT INTO pumped (id) VALUES (@id)", Connection);
                        insert.Parameters.AddWithValue("@id", ++last);
                        insert.ExecuteNonQuery();
                        Thread.Sleep(1000);
                    }

                    Connection.Close();
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using MySql.Data.MySqlClient;
        using StaleConn;

        namespace Legacy.Sync
        {
            public static class Pump
            {
                private static readonly ConnectionGuard<MySqlConnection> Connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=sync"));
                private static volatile bool running = true;

                public static void Start()
                {
                    new Thread(Run) { IsBackground = true }.Start();
                }

                public static void Stop()
                {
                    running = false;
                }

                private static void Run()
                {
                    long last;
                    using (var lease = Connection.Acquire())
                    {
                        new MySqlCommand("CREATE TABLE IF NOT EXISTS pumped (id BIGINT)", lease.Connection).ExecuteNonQuery();
                        last = Convert.ToInt64(new MySqlCommand("SELECT COALESCE(MAX(id), 0) FROM pumped", lease.Connection).ExecuteScalar());
                    }

                    while (running)
                    {
                        using (var lease = Connection.Acquire())
                        {
                            var insert = new MySqlCommand("INSERT INTO pumped (id) VALUES (@id)", lease.Connection);
                            insert.Parameters.AddWithValue("@id", ++last);
                            insert.ExecuteNonQuery();
                        }
                        Thread.Sleep(1000);
                    }
                }
            }
        }
        """, LanguageVersion.CSharp7_3);

    [Fact]
    public Task Fix_all_guards_every_worker_of_the_project() => GuardFixCheck.VerifyWorkersAsync(new[]
    {
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class InvoiceWorker : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=billing");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS invoices (id BIGINT, paid BOOL)");
                while (!stoppingToken.IsCancellationRequested)
                {
                    await _connection.ExecuteAsync("UPDATE invoices SET paid = TRUE WHERE id IN (SELECT invoice_id FROM payments)");
                    await Task.Delay(60000, stoppingToken);
                }
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class ReminderWorker : BackgroundService
        {
            private readonly Channel<long> _due = Channel.CreateUnbounded<long>();
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=billing");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS reminders (invoice_id BIGINT)");
                await foreach (var invoiceId in _due.Reader.ReadAllAsync(stoppingToken))
                {
                    await _connection.ExecuteAsync("INSERT INTO reminders VALUES (@invoiceId)", new { invoiceId });
                }
            }
        }
        """,
    }, new[]
    {
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class InvoiceWorker : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=billing"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    await lease.Connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS invoices (id BIGINT, paid BOOL)");
                }
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        await lease.Connection.ExecuteAsync("UPDATE invoices SET paid = TRUE WHERE id IN (SELECT invoice_id FROM payments)");
                    }
                    await Task.Delay(60000, stoppingToken);
                }
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class ReminderWorker : BackgroundService
        {
            private readonly Channel<long> _due = Channel.CreateUnbounded<long>();
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=billing"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    await lease.Connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS reminders (invoice_id BIGINT)");
                }
                await foreach (var invoiceId in _due.Reader.ReadAllAsync(stoppingToken))
                {
                    using var lease = await _connection.AcquireAsync(stoppingToken);
                    await lease.Connection.ExecuteAsync("INSERT INTO reminders VALUES (@invoiceId)", new { invoiceId });
                }
            }
        }
        """,
    });

    [Fact]
    public Task No_fix_when_a_command_prepared_before_the_loop_runs_inside_it() => Verify.VerifyNoFixAsync("""
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Journal : BackgroundService
        {
            private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
            private readonly MySqlConnection {|SC0002:_db|} = new MySqlConnection("Server=db");

            // The command keeps the setup's connection: run inside the loop, it would use it outside any lease.
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await new MySqlCommand("CREATE TABLE IF NOT EXISTS journal (item TEXT)", _db).ExecuteNonQueryAsync(stoppingToken);
                var insert = new MySqlCommand("INSERT INTO journal (item) VALUES (@item)", _db);
                insert.Parameters.Add("@item", MySqlDbType.Text);
                await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken))
                {
                    insert.Parameters["@item"].Value = item;
                    await insert.ExecuteNonQueryAsync(stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task No_fix_when_an_object_built_around_the_connection_before_the_loop_is_used_in_it() => Verify.VerifyNoFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class OrderRepository
        {
            private readonly MySqlConnection _connection;

            public OrderRepository(MySqlConnection connection) => _connection = connection;

            public Task<int> ShipAsync() => _connection.ExecuteAsync("UPDATE orders SET shipped = TRUE WHERE paid");
        }

        public sealed class Shipper : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=shop");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS orders (id BIGINT, paid BOOL, shipped BOOL)");
                var orders = new OrderRepository(_connection);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await _connection.ExecuteAsync("UPDATE orders SET paid = TRUE WHERE id IN (SELECT order_id FROM payments)");
                    await orders.ShipAsync();
                    await Task.Delay(30000, stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task No_fix_when_the_loop_header_itself_queries_the_connection() => Verify.VerifyNoFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Drainer : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=queue");

            // No statement of the loop's own to lease in: the condition runs between the waits.
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (await _connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM jobs") > 0)
                {
                    await _connection.ExecuteAsync("DELETE FROM jobs ORDER BY id LIMIT 100");
                    await Task.Delay(1000, stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task Data_source_fix_opens_one_connection_for_the_setup_and_one_per_iteration() => Verify.VerifyActionAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        public class OutboxWorker : BackgroundService
        {
            private readonly NpgsqlConnection {|SC0002:_connection|} = new NpgsqlConnection("Host=db");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _connection.OpenAsync(stoppingToken);
                await _connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS outbox (id BIGINT, sent BOOL)");
                while (!stoppingToken.IsCancellationRequested)
                {
                    await _connection.ExecuteAsync("DELETE FROM outbox WHERE sent");
                    await Task.Delay(1000, stoppingToken);
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        public class OutboxWorker : BackgroundService
        {
            private readonly NpgsqlDataSource _connection = NpgsqlDataSource.Create("Host=db");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await using (var connection = await _connection.OpenConnectionAsync(stoppingToken))
                {
                    await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS outbox (id BIGINT, sent BOOL)");
                }
                while (!stoppingToken.IsCancellationRequested)
                {
                    await using (var connection = await _connection.OpenConnectionAsync(stoppingToken))
                    {
                        await connection.ExecuteAsync("DELETE FROM outbox WHERE sent");
                    }
                    await Task.Delay(1000, stoppingToken);
                }
            }
        }
        """, GuardWithConnectionGuardCodeFixProvider.DataSourceEquivalenceKey, withRuntime: true);
}
