using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

public class SC0002GuardFixTests
{
    [Fact]
    public Task Injected_connection_in_a_background_service_takes_one_lease_per_loop_iteration() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public class OutboxWorker : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|};

            public OutboxWorker(MySqlConnection connection)
            {
                _connection = connection ?? throw new System.ArgumentNullException(nameof(connection));
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _connection.OpenAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    var pending = await _connection.QueryAsync<long>("SELECT id FROM outbox WHERE sent = 0");
                    foreach (var id in pending)
                    {
                        await _connection.ExecuteAsync("UPDATE outbox SET sent = 1 WHERE id = @id", new { id });
                    }

                    await Task.Delay(5000, stoppingToken);
                }
            }

            public override async Task StopAsync(CancellationToken cancellationToken)
            {
                await _connection.CloseAsync();
                await base.StopAsync(cancellationToken);
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public class OutboxWorker : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection;

            public OutboxWorker(MySqlConnection connection)
            {
                _connection = new ConnectionGuard<MySqlConnection>(connection ?? throw new System.ArgumentNullException(nameof(connection)), leaveOpen: true);
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        var pending = await lease.Connection.QueryAsync<long>("SELECT id FROM outbox WHERE sent = 0");
                        foreach (var id in pending)
                        {
                            await lease.Connection.ExecuteAsync("UPDATE outbox SET sent = 1 WHERE id = @id", new { id });
                        }
                    }

                    await Task.Delay(5000, stoppingToken);
                }
            }

            public override async Task StopAsync(CancellationToken cancellationToken)
            {
                await _connection.CloseAsync();
                await base.StopAsync(cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Connection_opened_in_the_constructor_becomes_the_guard_construction() => Verify.VerifyAsync("""
        using System;
        using MySqlConnector;

        public sealed class Counter
        {
            public static readonly Counter Instance = new Counter("Server=db");

            private readonly MySqlConnection {|SC0002:_connection|};

            private Counter(string connectionString)
            {
                _connection = new MySqlConnection(connectionString);
                _connection.Open();
            }

            public long Next(string name)
            {
                using (var command = new MySqlCommand("UPDATE counters SET value = LAST_INSERT_ID(value + 1) WHERE name = @name", _connection))
                {
                    command.Parameters.AddWithValue("@name", name);
                    command.ExecuteNonQuery();
                }

                using var lastId = new MySqlCommand("SELECT LAST_INSERT_ID()", _connection);
                return Convert.ToInt64(lastId.ExecuteScalar());
            }
        }
        """, """
        using System;
        using MySqlConnector;
        using StaleConn;

        public sealed class Counter
        {
            public static readonly Counter Instance = new Counter("Server=db");

            private readonly ConnectionGuard<MySqlConnection> _connection;

            private Counter(string connectionString)
            {
                _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString));
            }

            public long Next(string name)
            {
                using var lease = _connection.Acquire();
                using (var command = new MySqlCommand("UPDATE counters SET value = LAST_INSERT_ID(value + 1) WHERE name = @name", lease.Connection))
                {
                    command.Parameters.AddWithValue("@name", name);
                    command.ExecuteNonQuery();
                }

                using var lastId = new MySqlCommand("SELECT LAST_INSERT_ID()", lease.Connection);
                return Convert.ToInt64(lastId.ExecuteScalar());
            }
        }
        """);

    [Fact]
    public Task Captured_primary_constructor_parameter_gets_a_guard_field() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public class CleanupWorker(MySqlConnection {|SC0002:db|}) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await db.ExecuteAsync("DELETE FROM outbox WHERE sent = 1");
                    await Task.Delay(60_000, stoppingToken);
                }
            }

            public void Connect() => db.Open();

            public override void Dispose()
            {
                db?.Dispose();
                base.Dispose();
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public class CleanupWorker(MySqlConnection db) : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _db = new ConnectionGuard<MySqlConnection>(db);

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var lease = await _db.AcquireAsync(stoppingToken))
                    {
                        await lease.Connection.ExecuteAsync("DELETE FROM outbox WHERE sent = 1");
                    }
                    await Task.Delay(60_000, stoppingToken);
                }
            }

            public void Connect() => _db.Acquire().Dispose();

            public override void Dispose()
            {
                _db?.Dispose();
                base.Dispose();
            }
        }
        """);

    [Fact]
    public Task Windows_service_in_csharp_7_3_with_a_timer_callback() => Verify.VerifyAsync("""
        using System.Threading;
        using MySql.Data.MySqlClient;

        namespace System.ServiceProcess
        {
            public class ServiceBase
            {
                protected virtual void OnStart(string[] args) { }
                protected virtual void OnStop() { }
            }
        }

        namespace Legacy.Billing
        {
            public class BillingService : System.ServiceProcess.ServiceBase
            {
                private MySqlConnection {|SC0002:conn|};
                private Timer timer;

                protected override void OnStart(string[] args)
                {
                    conn = new MySqlConnection("Server=db;Database=billing");
                    conn.Open();
                    timer = new Timer(_ =>
                    {
                        var command = new MySqlCommand("CALL bill_due()", conn);
                        command.ExecuteNonQuery();
                    }, null, 0, 60000);
                }

                protected override void OnStop()
                {
                    timer.Dispose();
                    conn.Close();
                }
            }
        }
        """, """
        using System.Threading;
        using MySql.Data.MySqlClient;
        using StaleConn;

        namespace System.ServiceProcess
        {
            public class ServiceBase
            {
                protected virtual void OnStart(string[] args) { }
                protected virtual void OnStop() { }
            }
        }

        namespace Legacy.Billing
        {
            public class BillingService : System.ServiceProcess.ServiceBase
            {
                private ConnectionGuard<MySqlConnection> conn;
                private Timer timer;

                protected override void OnStart(string[] args)
                {
                    conn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=billing"));
                    timer = new Timer(_ =>
                    {
                        using (var lease = conn.Acquire())
                        {
                            var command = new MySqlCommand("CALL bill_due()", lease.Connection);
                            command.ExecuteNonQuery();
                        }
                    }, null, 0, 60000);
                }

                protected override void OnStop()
                {
                    timer.Dispose();
                    conn.Close();
                }
            }
        }
        """, LanguageVersion.CSharp7_3);

    [Fact]
    public Task Generic_connection_type_parameter_and_expression_bodied_members() => Verify.VerifyAsync("""
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        public abstract class ConnectedWorker<TConnection> : BackgroundService where TConnection : DbConnection
        {
            protected TConnection {|SC0002:Connection|};

            protected string ServerVersion => Connection.ServerVersion;

            public override Task StartAsync(CancellationToken cancellationToken) => Connection.OpenAsync(cancellationToken);
        }
        """, """
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using StaleConn;

        public abstract class ConnectedWorker<TConnection> : BackgroundService where TConnection : DbConnection
        {
            protected ConnectionGuard<TConnection> Connection;

            protected string ServerVersion
            {
                get
                {
                    using var lease = Connection.Acquire();
                    return lease.Connection.ServerVersion;
                }
            }

            public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Interface_typed_member_without_a_visible_construction_gets_no_guard_fix() => Verify.VerifyNoFixAsync("""
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        public class OrderWorker : BackgroundService
        {
            private readonly IDbConnection {|SC0002:_connection|};

            public OrderWorker(IDbConnection connection) => _connection = connection;

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.FromResult(_connection.State);
        }
        """);

    [Fact]
    public Task Hosted_service_that_only_opens_at_start_takes_a_first_lease_instead() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Warmup : IHostedService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db");

            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await _connection.OpenAsync(cancellationToken);
            }

            public Task StopAsync(CancellationToken cancellationToken) => _connection.CloseAsync();
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class Warmup : IHostedService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public async Task StartAsync(CancellationToken cancellationToken)
            {
                using (await _connection.AcquireAsync(cancellationToken)) { }
            }

            public Task StopAsync(CancellationToken cancellationToken) => _connection.CloseAsync().AsTask();
        }
        """);

    [Fact]
    public Task A_unit_of_work_that_calls_another_while_holding_the_lease_is_joined_by_it() => Verify.VerifyAsync("""
        using System;
        using MySqlConnector;

        public sealed class Numbers
        {
            public static Numbers Instance { get; } = new Numbers();

            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db");

            // LastId runs inside Insert's unit of work: it must read LAST_INSERT_ID() on the same session.
            public long Insert()
            {
                new MySqlCommand("INSERT INTO numbers VALUES (1)", _connection).ExecuteNonQuery();
                var id = LastId();
                new MySqlCommand("UPDATE numbers SET seen = 1", _connection).ExecuteNonQuery();
                return id;
            }

            // Reached through a helper that does not touch the connection itself.
            private long LastId() => ReadLastId();

            private long ReadLastId() => Convert.ToInt64(new MySqlCommand("SELECT LAST_INSERT_ID()", _connection).ExecuteScalar());
        }
        """, """
        using System;
        using MySqlConnector;
        using StaleConn;

        public sealed class Numbers
        {
            public static Numbers Instance { get; } = new Numbers();

            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            // LastId runs inside Insert's unit of work: it must read LAST_INSERT_ID() on the same session.
            public long Insert()
            {
                using var lease = _connection.AcquireOrJoin();
                new MySqlCommand("INSERT INTO numbers VALUES (1)", lease.Connection).ExecuteNonQuery();
                var id = LastId();
                new MySqlCommand("UPDATE numbers SET seen = 1", lease.Connection).ExecuteNonQuery();
                return id;
            }

            // Reached through a helper that does not touch the connection itself.
            private long LastId() => ReadLastId();

            private long ReadLastId()
            {
                using var lease = _connection.AcquireOrJoin();
                return Convert.ToInt64(new MySqlCommand("SELECT LAST_INSERT_ID()", lease.Connection).ExecuteScalar());
            }
        }
        """);

    [Fact]
    public Task Data_source_fix_opens_one_pooled_connection_per_iteration() => Verify.VerifyActionAsync("""
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
                while (!stoppingToken.IsCancellationRequested)
                {
                    using var transaction = await _connection.BeginTransactionAsync(stoppingToken);
                    await _connection.ExecuteAsync("DELETE FROM outbox WHERE sent", transaction: transaction);
                    await transaction.CommitAsync(stoppingToken);
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
                while (!stoppingToken.IsCancellationRequested)
                {
                    await using (var connection = await _connection.OpenConnectionAsync(stoppingToken))
                    {
                        using var transaction = await connection.BeginTransactionAsync(stoppingToken);
                        await connection.ExecuteAsync("DELETE FROM outbox WHERE sent", transaction: transaction);
                        await transaction.CommitAsync(stoppingToken);
                    }
                    await Task.Delay(1000, stoppingToken);
                }
            }
        }
        """, GuardWithConnectionGuardCodeFixProvider.DataSourceEquivalenceKey, withRuntime: true);

    [Fact]
    public Task Expression_bodied_constructor_accessor_local_function_and_constrained_method_get_block_bodies() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public abstract class NamedWorker : BackgroundService
        {
            protected NamedWorker(string name) => Name = name;

            public string Name { get; }
        }

        public sealed class HitCounter : NamedWorker
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=stats");

            public HitCounter() : base("hits") => _connection.Execute("CREATE TABLE IF NOT EXISTS hits (n INT)");

            public int Hits
            {
                get => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM hits");
            }

            public int Doubled()
            {
                return Count() * 2;

                int Count() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM hits");
            }

            public T Scalar<T>(string sql) where T : struct => _connection.ExecuteScalar<T>(sql);

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public abstract class NamedWorker : BackgroundService
        {
            protected NamedWorker(string name) => Name = name;

            public string Name { get; }
        }

        public sealed class HitCounter : NamedWorker
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=stats"));

            public HitCounter() : base("hits")
            {
                using var lease = _connection.Acquire();
                lease.Connection.Execute("CREATE TABLE IF NOT EXISTS hits (n INT)");
            }

            public int Hits
            {
                get
                {
                    using var lease = _connection.Acquire();
                    return lease.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM hits");
                }
            }

            public int Doubled()
            {
                return Count() * 2;

                int Count()
                {
                    using var lease = _connection.Acquire();
                    return lease.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM hits");
                }
            }

            public T Scalar<T>(string sql) where T : struct
            {
                using var lease = _connection.Acquire();
                return lease.Connection.ExecuteScalar<T>(sql);
            }

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Constructor_initializer_on_its_own_line_keeps_its_indentation() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public abstract class NamedWorker : BackgroundService
        {
            protected NamedWorker(string name) { }
        }

        public sealed class HitCounter : NamedWorker
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=stats");

            public HitCounter()
                : base("hits") => _connection.Execute("CREATE TABLE IF NOT EXISTS hits (n INT)");

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public abstract class NamedWorker : BackgroundService
        {
            protected NamedWorker(string name) { }
        }

        public sealed class HitCounter : NamedWorker
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=stats"));

            public HitCounter()
                : base("hits")
            {
                using var lease = _connection.Acquire();
                lease.Connection.Execute("CREATE TABLE IF NOT EXISTS hits (n INT)");
            }

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }
        """);
}
