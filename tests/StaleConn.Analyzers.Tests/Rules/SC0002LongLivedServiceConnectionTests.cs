using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

public class SC0002LongLivedServiceConnectionTests
{
    [Theory]
    [InlineData("MySqlConnector.MySqlConnection")]
    [InlineData("MySql.Data.MySqlClient.MySqlConnection")]
    [InlineData("Npgsql.NpgsqlConnection")]
    [InlineData("System.Data.SqlClient.SqlConnection")]
    [InlineData("System.Data.Common.DbConnection")]
    [InlineData("System.Data.IDbConnection")]
    [InlineData("System.Lazy<System.Data.IDbConnection>")]
    public Task Field_of_a_background_service_is_reported(string type) => Verify.VerifyAsync($$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        public class OrderWorker : BackgroundService
        {
            private readonly {{type}} {|SC0002:_connection|};

            public OrderWorker({{type}} connection) => _connection = connection;

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Message_names_the_member_and_why_the_owner_is_long_lived() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public class OrderWorker : BackgroundService
        {
            private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }
        """,
        Verify.Diagnostic().WithSpan(8, 38, 8, 49).WithArguments(
            "Field", "_connection", "MySqlConnection", "OrderWorker", "derives from BackgroundService (a hosted service lives as long as the host)"));

    [Fact]
    public Task Auto_property_of_a_hosted_service_is_reported() => Verify.VerifyAsync("""
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        public sealed class CacheWarmer : IHostedService
        {
            public CacheWarmer(IDbConnection connection) => Connection = connection;

            public IDbConnection {|SC0002:Connection|} { get; }

            // Computed: creates nothing and stores nothing.
            public string Database => Connection.Database;

            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Hosted_lifecycle_service_is_reported_with_its_reason() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        public sealed class Migrator : IHostedLifecycleService
        {
            private NpgsqlConnection _connection;

            public Migrator(NpgsqlConnection connection) => _connection = connection;

            public Task StartingAsync(CancellationToken cancellationToken) => _connection.OpenAsync(cancellationToken);
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """,
        Verify.Diagnostic().WithSpan(8, 30, 8, 41).WithArguments(
            "Field", "_connection", "NpgsqlConnection", "Migrator", "implements IHostedLifecycleService (a hosted service lives as long as the host)"));

    [Fact]
    public Task Windows_service_in_csharp_7_3_is_reported() => Verify.VerifyAsync(
        """
        using MySql.Data.MySqlClient;

        namespace System.ServiceProcess
        {
            // The shape of System.ServiceProcess.ServiceBase (System.ServiceProcess.ServiceController package).
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
                private MySqlConnection conn;

                protected override void OnStart(string[] args)
                {
                    conn = new MySqlConnection("Server=db;Database=billing");
                    conn.Open();
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3,
        globalConfig: null,
        Verify.Diagnostic().WithSpan(17, 33, 17, 37).WithArguments(
            "Field", "conn", "MySqlConnection", "BillingService", "derives from ServiceBase (a Windows service lives as long as the process)"));

    [Fact]
    public Task Topshelf_and_WCF_singleton_services_in_csharp_7_3_are_reported() => Verify.VerifyAsync(
        """
        using System.Data.SqlClient;
        using System.ServiceModel;
        using MySql.Data.MySqlClient;
        using Topshelf;

        namespace Topshelf
        {
            // The shape of Topshelf's service contract.
            public interface HostControl { }
            public interface ServiceControl
            {
                bool Start(HostControl hostControl);
                bool Stop(HostControl hostControl);
            }
        }

        namespace System.ServiceModel
        {
            // The shape of WCF's service behavior attribute.
            public enum InstanceContextMode { PerSession, PerCall, Single }
            public sealed class ServiceBehaviorAttribute : Attribute
            {
                public InstanceContextMode InstanceContextMode { get; set; }
            }
        }

        namespace Legacy
        {
            public class SyncService : ServiceControl
            {
                private readonly MySqlConnection {|#0:connection|} = new MySqlConnection("Server=db");

                public bool Start(HostControl hostControl) { connection.Open(); return true; }
                public bool Stop(HostControl hostControl) { connection.Close(); return true; }
            }

            [ServiceBehavior(InstanceContextMode = InstanceContextMode.Single)]
            public class PricingService
            {
                private SqlConnection {|#1:connection|} = new SqlConnection("Server=db");
            }

            [ServiceBehavior(InstanceContextMode = InstanceContextMode.PerCall)]
            public class OrderService
            {
                private SqlConnection connection = new SqlConnection("Server=db");
            }
        }
        """,
        LanguageVersion.CSharp7_3,
        globalConfig: null,
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "Field", "connection", "MySqlConnection", "SyncService", "implements Topshelf's ServiceControl (a Windows service lives as long as the process)"),
        Verify.Diagnostic().WithLocation(1).WithArguments(
            "Field", "connection", "SqlConnection", "PricingService", "is a WCF singleton service (InstanceContextMode.Single)"));

    [Fact]
    public Task Connection_injected_into_middleware_is_reported() => Verify.VerifyAsync(
        """
        using System.Data;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.AspNetCore.Http;
        using MySqlConnector;

        namespace Microsoft.AspNetCore.Http
        {
            // The shape of ASP.NET Core's request pipeline types.
            public abstract class HttpContext { }
            public delegate Task RequestDelegate(HttpContext context);
        }

        public sealed class AuditMiddleware(RequestDelegate next, MySqlConnection {|#0:db|})
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await db.ExecuteAsync("INSERT INTO audit VALUES (NOW())");
                await next(context);
            }
        }

        public sealed class TimingMiddleware
        {
            private readonly RequestDelegate _next;

            public TimingMiddleware(RequestDelegate next) => _next = next;

            // Injected per request into Invoke: scoped, not reported.
            public Task Invoke(HttpContext context, IDbConnection db) => _next(context);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "Captured parameter", "db", "MySqlConnection", "AuditMiddleware", "is ASP.NET Core middleware (created once and shared by every request)"));

    [Fact]
    public Task Bot_program_instance_started_from_main_in_csharp_7_3_is_reported() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;
        using MySql.Data.MySqlClient;

        namespace ChatBot
        {
            public class Program
            {
                private MySqlConnection {|#0:_database|};

                public static void Main(string[] args) => new Program().MainAsync().GetAwaiter().GetResult();

                public async Task MainAsync()
                {
                    _database = new MySqlConnection("Server=db");
                    await _database.OpenAsync();
                    await Task.Delay(-1);
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3,
        globalConfig: null,
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "Field", "_database", "MySqlConnection", "Program", "declares the program's Main method (its instance lives as long as the process)"));

    [Fact]
    public Task Classic_singletons_are_reported() => Verify.VerifyAsync("""
        using System;
        using System.Data.SqlClient;
        using MySqlConnector;

        public sealed class Database
        {
            public static readonly Database Instance = new Database();

            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db");

            private Database() { }
        }

        public sealed class LazyDatabase
        {
            private static readonly Lazy<LazyDatabase> LazyInstance = new Lazy<LazyDatabase>(() => new LazyDatabase());

            public static LazyDatabase Instance => LazyInstance.Value;

            public SqlConnection {|SC0002:Connection|} { get; } = new SqlConnection("Server=db");
        }

        public sealed class PropertySingleton
        {
            public static PropertySingleton Current { get; } = new PropertySingleton();

            internal SqlConnection {|SC0002:connection|} = new SqlConnection("Server=db");
        }
        """);

    [Fact]
    public Task Singleton_reason_names_the_static_member() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public sealed class Database
        {
            public static Database Current { get; } = new Database();

            private MySqlConnection _connection = new MySqlConnection("Server=db");
        }
        """,
        Verify.Diagnostic().WithSpan(7, 29, 7, 40).WithArguments(
            "Field", "_connection", "MySqlConnection", "Database", "is a singleton (static property 'Current' holds its only instance)"));

    [Fact]
    public Task Captured_primary_constructor_parameter_is_reported() => Verify.VerifyAsync("""
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;

        public class OrderWorker(IDbConnection {|SC0002:db|}) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await db.ExecuteAsync("DELETE FROM outbox WHERE sent = 1");
                    await Task.Delay(60_000, stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task Parameter_captured_by_a_lambda_in_an_initializer_is_reported() => Verify.VerifyAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        public class CounterWorker(NpgsqlConnection {|SC0002:db|}) : BackgroundService
        {
            private readonly Func<int> _count = () => db.ExecuteScalar<int>("SELECT COUNT(*) FROM jobs");

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.FromResult(_count());
        }
        """);

    [Fact]
    public Task Primary_constructor_parameter_used_only_at_construction_is_not_captured() => Verify.VerifyAsync("""
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        public abstract class DatabaseWorker : BackgroundService
        {
            protected DatabaseWorker(string database) => Database = database;

            protected string Database { get; }
        }

        // The parameter feeds the base call and an initializer only: nothing keeps it, the string field is harmless.
        public class ReportWorker(IDbConnection connection) : DatabaseWorker(connection.Database)
        {
            private readonly string _name = connection.ConnectionString;

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }

        // Copied into a field: the field is reported, the parameter is not captured.
        public class CopyWorker(IDbConnection connection) : BackgroundService
        {
            private readonly IDbConnection {|SC0002:_connection|} = connection;

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.FromResult(_connection.State);
        }
        """);

    [Fact]
    public Task Partial_class_with_the_base_in_another_part_is_reported() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public partial class ImportWorker : BackgroundService
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }

        public partial class ImportWorker
        {
            private MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db");
        }
        """);

    [Fact]
    public Task Nested_types_records_and_generic_bases_are_reported() => Verify.VerifyAsync("""
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public abstract class PollingWorker<TMessage> : BackgroundService
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }

        public abstract class ConnectedWorker<TConnection> : BackgroundService where TConnection : DbConnection
        {
            protected TConnection {|SC0002:Connection|};

            protected ConnectedWorker(TConnection connection) => Connection = connection;
        }

        public class Invoice { }

        public sealed class InvoiceWorker : PollingWorker<Invoice>
        {
            private MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db");
        }

        public static class Workers
        {
            public sealed class Nested : BackgroundService
            {
                private DbConnection {|SC0002:_connection|} = new MySqlConnection("Server=db");

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
            }
        }

        public sealed record Exporter(MySqlConnection {|SC0002:Connection|}) : IHostedService
        {
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Members_inherited_from_a_base_that_is_not_long_lived_are_reported_on_the_derived_type() => Verify.VerifyAsync(
        """
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public abstract class DatabaseHelper
        {
            protected IDbConnection {|#1:Connection|} { get; } = new MySqlConnection("Server=db");
            private readonly MySqlConnection {|#2:_audit|} = new MySqlConnection("Server=audit");
        }

        public sealed class {|#0:ReminderService|} : DatabaseHelper, IHostedService
        {
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }

        // Only a base that is long-lived itself reports its own members; its subclasses do not repeat them.
        public abstract class WorkerBase : BackgroundService
        {
            protected MySqlConnection {|#3:Shared|} = new MySqlConnection("Server=shared");
        }

        public sealed class ExportWorker : WorkerBase
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Inherited property", "Connection", "IDbConnection", "ReminderService", "implements IHostedService (a hosted service lives as long as the host)"),
        Verify.Diagnostic().WithLocation(0).WithLocation(2).WithArguments(
            "Inherited field", "_audit", "MySqlConnection", "ReminderService", "implements IHostedService (a hosted service lives as long as the host)"),
        Verify.Diagnostic().WithLocation(3).WithArguments(
            "Field", "Shared", "MySqlConnection", "WorkerBase", "derives from BackgroundService (a hosted service lives as long as the host)"));

    [Fact]
    public Task Types_listed_in_globalconfig_are_long_lived() => Verify.VerifyAsync(
        """
        using System.Data;
        using MySqlConnector;

        namespace MyCompany
        {
            public interface IWorker { void Run(); }

            public abstract class JobBase<T> { }

            public sealed class Mailer : IWorker
            {
                private IDbConnection {|#0:_connection|} = new MySqlConnection("Server=db");

                public void Run() { }
            }

            public sealed class Cleanup : JobBase<int>
            {
                private MySqlConnection {|#1:_connection|} = new MySqlConnection("Server=db");
            }

            public sealed class NotListed
            {
                private MySqlConnection _connection = new MySqlConnection("Server=db");
            }
        }
        """,
        LanguageVersion.Latest,
        "staleconn.long_lived_types = MyCompany.IWorker, global::MyCompany.JobBase`1\n",
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "Field", "_connection", "IDbConnection", "Mailer", "derives from IWorker (listed in staleconn.long_lived_types)"),
        Verify.Diagnostic().WithLocation(1).WithArguments(
            "Field", "_connection", "MySqlConnection", "Cleanup", "derives from JobBase (listed in staleconn.long_lived_types)"));

    [Fact]
    public Task Safe_members_of_a_background_service_are_not_reported() => Verify.VerifyAsync("""
        using System;
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using Npgsql;

        public class HubConnection { }

        public class OrderWorker : BackgroundService
        {
            private readonly string _connectionString = "Server=db";
            private readonly MySqlDataSource _dataSource;
            private readonly NpgsqlDataSource _npgsql;
            private readonly DbProviderFactory _factory = MySqlConnectorFactory.Instance;
            private readonly Func<DbConnection> _createConnection;
            private readonly HubConnection _hubConnection = new HubConnection();

            public OrderWorker(MySqlDataSource dataSource, NpgsqlDataSource npgsql, Func<DbConnection> createConnection)
            {
                _dataSource = dataSource;
                _npgsql = npgsql;
                _createConnection = createConnection;
            }

            private MySqlConnection NewConnection => new MySqlConnection(_connectionString);

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken);
                using var command = new MySqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(stoppingToken);
            }
        }
        """);

    [Fact]
    public Task Connection_fields_in_types_that_are_not_long_lived_are_not_reported() => Verify.VerifyAsync("""
        using System.Data;
        using MySqlConnector;

        // Scoped or transient repositories: their lifetime is decided at registration (SC0005), not by their declaration.
        public class OrderRepository
        {
            private readonly IDbConnection _connection;

            public OrderRepository(IDbConnection connection) => _connection = connection;
        }

        public class UnitOfWork(MySqlConnection connection)
        {
            public void Commit() => connection.Close();
        }

        // A static field of another type, or a factory property, does not make a singleton.
        public class Settings
        {
            public static readonly string Default = "Server=db";
            public static Settings Create => new Settings();
            private MySqlConnection _connection;
        }
        """);

    [Fact]
    public Task Static_members_are_left_to_SC0001() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public class OrderWorker : BackgroundService
        {
            private static MySqlConnection _shared;

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Connection_already_wrapped_by_the_guard_is_not_reported() => Verify.VerifyAsync("""
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        namespace StaleConn
        {
            public sealed class ConnectionGuard<T> where T : DbConnection
            {
                public ConnectionGuard(System.Func<T> factory) { }
            }
        }

        namespace App
        {
            using StaleConn;

            public class OrderWorker : BackgroundService
            {
                private readonly ConnectionGuard<MySqlConnection> _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
            }

            public class GuardedWorker(ConnectionGuard<MySqlConnection> guard) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.FromResult(guard);
            }
        }
        """);

    [Fact]
    public Task Sqlite_is_not_reported_by_default() => Verify.VerifyAsync("""
        using Microsoft.Data.Sqlite;

        public sealed class LocalCache
        {
            public static LocalCache Instance { get; } = new LocalCache();

            private readonly SqliteConnection _connection = new SqliteConnection("Data Source=cache.db");
        }
        """);

    [Fact]
    public Task Sqlite_is_reported_when_turned_on_in_globalconfig() => Verify.VerifyAsync("""
        using Microsoft.Data.Sqlite;

        public sealed class LocalCache
        {
            public static LocalCache Instance { get; } = new LocalCache();

            private readonly SqliteConnection {|SC0002:_connection|} = new SqliteConnection("Data Source=cache.db");
        }
        """, LanguageVersion.Latest, "staleconn.include_sqlite = true\n");

    [Fact]
    public Task Generated_code_is_not_reported() => Verify.VerifyAsync("""
        // <auto-generated/>
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public class GeneratedWorker(MySqlConnection connection) : BackgroundService
        {
            private MySqlConnection _connection;

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => connection.OpenAsync(stoppingToken);
        }
        """);

    [Fact]
    public Task Parameter_used_only_in_a_generated_part_is_not_reported()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Worker.cs", """
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using MySqlConnector;

            public partial class Worker(MySqlConnection connection) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
            }
            """));
        test.TestState.Sources.Add(("Worker.g.cs", """
            public partial class Worker
            {
                public string Describe() => connection.Database;
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Parameter_used_in_the_user_part_of_a_type_with_a_generated_part_is_reported()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Worker.cs", """
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using MySqlConnector;

            public partial class Worker(MySqlConnection {|SC0002:connection|}) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => connection.OpenAsync(stoppingToken);
            }
            """));
        test.TestState.Sources.Add(("Worker.g.cs", """
            public partial class Worker
            {
                public string Describe() => "generated";
            }
            """));
        return test.RunAsync();
    }
}
