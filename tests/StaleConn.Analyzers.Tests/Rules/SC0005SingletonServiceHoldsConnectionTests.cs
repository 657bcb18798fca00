using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.SingletonRegistrationAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

public class SC0005SingletonServiceHoldsConnectionTests
{
    [Theory]
    [InlineData("MySqlConnector.MySqlConnection")]
    [InlineData("MySql.Data.MySqlClient.MySqlConnection")]
    [InlineData("Npgsql.NpgsqlConnection")]
    [InlineData("System.Data.SqlClient.SqlConnection")]
    [InlineData("System.Data.IDbConnection")]
    public Task Singleton_repository_with_a_connection_field_is_reported_at_the_registration(string type) => Verify.VerifyAsync(
        $$"""
        using Microsoft.Extensions.DependencyInjection;

        public interface IOrderRepository { }

        public sealed class OrderRepository : IOrderRepository
        {
            private readonly {{type}} {|#1:_connection|};

            public OrderRepository({{type}} connection) => _connection = connection;
        }

        public static class Registrations
        {
            public static void AddOrders(IServiceCollection services) =>
                services.{|#0:AddSingleton<IOrderRepository, OrderRepository>()|};
        }
        """,
        Verify.Diagnostic("SC0005").WithLocation(0).WithLocation(1).WithArguments("AddSingleton", "OrderRepository", "field '_connection'"));

    [Fact]
    public Task Every_registration_form_is_reported_with_every_member() => Verify.VerifyAsync(
        """
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;
        using MySqlConnector;

        public interface IOrderRepository { }

        public sealed class OrderRepository : IOrderRepository
        {
            public OrderRepository(IDbConnection connection, MySqlConnection audit)
            {
                Connection = connection;
                _audit = audit;
            }

            public IDbConnection {|#9:Connection|} { get; }

            private readonly MySqlConnection {|#10:_audit|};
        }

        public static class Registrations
        {
            public static void AddOrders(IServiceCollection services, string connectionString)
            {
                services.{|#0:AddSingleton<OrderRepository>()|};
                services.{|#1:AddSingleton(typeof(IOrderRepository), typeof(OrderRepository))|};
                services.{|#2:AddSingleton(typeof(OrderRepository))|};
                services.{|#3:AddSingleton(new OrderRepository(new MySqlConnection(connectionString), new MySqlConnection(connectionString)))|};
                services.{|#4:AddSingleton<IOrderRepository>(sp => new OrderRepository(new MySqlConnection(connectionString), new MySqlConnection(connectionString)))|};
                services.{|#5:TryAddSingleton<IOrderRepository, OrderRepository>()|};
                services.{|#6:TryAddSingleton(typeof(OrderRepository))|};
                services.{|#7:AddKeyedSingleton<IOrderRepository, OrderRepository>("orders")|};
                services.TryAdd(ServiceDescriptor.{|#8:Singleton<IOrderRepository, OrderRepository>()|});
            }
        }
        """,
        Expected("AddSingleton", 0),
        Expected("AddSingleton", 1),
        Expected("AddSingleton", 2),
        Expected("AddSingleton", 3),
        Expected("AddSingleton", 4),
        Expected("TryAddSingleton", 5),
        Expected("TryAddSingleton", 6),
        Expected("AddKeyedSingleton", 7),
        Expected("Singleton", 8));

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(string method, int location) =>
        Verify.Diagnostic("SC0005").WithLocation(location).WithLocation(9).WithLocation(10)
            .WithArguments(method, "OrderRepository", "property 'Connection', field '_audit'");

    [Fact]
    public Task Factory_returning_a_local_or_a_forwarded_service_is_reported() => Verify.VerifyAsync(
        """
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public interface IOrderRepository { }

        public sealed class OrderRepository : IOrderRepository
        {
            private readonly MySqlConnection {|#2:_connection|};

            public OrderRepository(MySqlConnection connection) => _connection = connection;
        }

        public static class Registrations
        {
            public static void AddOrders(IServiceCollection services)
            {
                services.AddScoped<OrderRepository>();
                services.{|#0:AddSingleton<IOrderRepository>(sp =>
                {
                    var repository = new OrderRepository(new MySqlConnection("Server=db"));
                    return repository;
                })|};
                services.{|#1:AddSingleton<IOrderRepository>(sp => sp.GetRequiredService<OrderRepository>())|};
            }
        }
        """,
        Verify.Diagnostic("SC0005").WithLocation(0).WithLocation(2).WithArguments("AddSingleton", "OrderRepository", "field '_connection'"),
        Verify.Diagnostic("SC0005").WithLocation(1).WithLocation(2).WithArguments("AddSingleton", "OrderRepository", "field '_connection'"));

    [Fact]
    public Task Captured_primary_constructor_parameter_is_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Data;
        using Dapper;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class PriceCache(IDbConnection {|#1:db|})
        {
            public decimal Price(int id) => db.ExecuteScalar<decimal>("SELECT price FROM products WHERE id = @id", new { id });
        }

        public sealed class StockCache(IDbConnection {|#3:db|})
        {
            private readonly Func<int, int> _stock = id => db.ExecuteScalar<int>("SELECT stock FROM products WHERE id = @id", new { id });

            public int Stock(int id) => _stock(id);
        }

        public static class Registrations
        {
            public static void AddPrices(IServiceCollection services)
            {
                services.{|#0:AddSingleton<PriceCache>()|};
                services.{|#2:AddSingleton<StockCache>()|};
            }
        }
        """,
        Verify.Diagnostic("SC0005").WithLocation(0).WithLocation(1).WithArguments("AddSingleton", "PriceCache", "captured parameter 'db'"),
        Verify.Diagnostic("SC0005").WithLocation(2).WithLocation(3).WithArguments("AddSingleton", "StockCache", "captured parameter 'db'"));

    [Fact]
    public Task Partial_classes_generic_bases_records_and_nested_types_are_reported() => Verify.VerifyAsync(
        """
        using System.Data.Common;
        using Microsoft.Extensions.DependencyInjection;
        using Npgsql;

        public abstract class Repository<TEntity>
        {
            protected Repository(DbConnection connection) => Connection = connection;

            protected DbConnection {|#2:Connection|} { get; }
        }

        public class Customer { }

        public sealed class CustomerRepository : Repository<Customer>
        {
            public CustomerRepository(NpgsqlConnection connection) : base(connection) { }
        }

        public sealed partial class ReportStore { }

        public sealed partial class ReportStore
        {
            private NpgsqlConnection {|#3:_connection|} = new NpgsqlConnection("Host=db");
        }

        public sealed record AuditLog(NpgsqlConnection {|#5:Connection|});

        public static class Modules
        {
            public sealed class Inventory
            {
                internal NpgsqlConnection {|#7:Connection|};
            }
        }

        public static class Registrations
        {
            public static void AddAll(IServiceCollection services)
            {
                services.{|#0:AddSingleton<CustomerRepository>()|};
                services.{|#1:AddSingleton<ReportStore>()|};
                services.{|#4:AddSingleton(sp => new AuditLog(new NpgsqlConnection("Host=db")))|};
                services.{|#6:AddSingleton<Modules.Inventory>()|};
            }
        }
        """,
        Verify.Diagnostic("SC0005").WithLocation(0).WithLocation(2).WithArguments("AddSingleton", "CustomerRepository", "property 'Connection'"),
        Verify.Diagnostic("SC0005").WithLocation(1).WithLocation(3).WithArguments("AddSingleton", "ReportStore", "field '_connection'"),
        Verify.Diagnostic("SC0005").WithLocation(4).WithLocation(5).WithArguments("AddSingleton", "AuditLog", "property 'Connection'"),
        Verify.Diagnostic("SC0005").WithLocation(6).WithLocation(7).WithArguments("AddSingleton", "Inventory", "field 'Connection'"));

    [Fact]
    public Task Public_connection_member_of_a_library_type_is_reported_without_a_member_location() => Verify.VerifyAsync(
        """
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public static class Registrations
        {
            public static void AddCommands(IServiceCollection services, MySqlConnection connection) =>
                services.{|#0:AddSingleton(new MySqlCommand("SELECT 1", connection))|};
        }
        """,
        Verify.Diagnostic("SC0005").WithLocation(0).WithArguments("AddSingleton", "MySqlCommand", "property 'Connection'"));

    [Fact]
    public Task Autofac_single_instance_of_a_type_holding_a_connection_is_reported() => Verify.VerifyAsync(
        """
        using Autofac;
        using Npgsql;

        public interface IOrderRepository { }

        public sealed class OrderRepository : IOrderRepository
        {
            private readonly NpgsqlConnection {|#2:_connection|};

            public OrderRepository(NpgsqlConnection connection) => _connection = connection;
        }

        public sealed class DataModule : Module
        {
            protected override void Load(ContainerBuilder builder)
            {
                builder.RegisterType<OrderRepository>().As<IOrderRepository>().{|#0:SingleInstance()|};
                builder.RegisterType(typeof(OrderRepository)).{|#1:SingleInstance()|};
                builder.RegisterType<OrderRepository>().As<IOrderRepository>().InstancePerLifetimeScope();
            }
        }
        """,
        Verify.Diagnostic("SC0005").WithLocation(0).WithLocation(2).WithArguments("SingleInstance", "OrderRepository", "field '_connection'"),
        Verify.Diagnostic("SC0005").WithLocation(1).WithLocation(2).WithArguments("SingleInstance", "OrderRepository", "field '_connection'"));

    [Fact]
    public Task Singleton_in_csharp_7_3_startup_is_reported() => Verify.VerifyAsync(
        """
        using Microsoft.Extensions.DependencyInjection;
        using MySql.Data.MySqlClient;

        namespace Legacy
        {
            public class OrderService
            {
                private readonly MySqlConnection {|#1:connection|};

                public OrderService()
                {
                    connection = new MySqlConnection("Server=db");
                }
            }

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.{|#0:AddSingleton<OrderService>()|};
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3,
        globalConfig: null,
        Verify.Diagnostic("SC0005").WithLocation(0).WithLocation(1).WithArguments("AddSingleton", "OrderService", "field 'connection'"));

    [Fact]
    public Task Scoped_transient_and_safe_singletons_are_not_reported() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using System.Data.Common;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public interface IOrderRepository { }

        public sealed class OrderRepository : IOrderRepository
        {
            private readonly IDbConnection _connection;

            public OrderRepository(IDbConnection connection) => _connection = connection;
        }

        public sealed class PooledRepository
        {
            private readonly MySqlDataSource _dataSource;
            private readonly string _connectionString = "Server=db";
            private readonly DbProviderFactory _factory = MySqlConnectorFactory.Instance;
            private readonly Func<DbConnection> _createConnection = () => new MySqlConnection("Server=db");

            public PooledRepository(MySqlDataSource dataSource) => _dataSource = dataSource;

            private MySqlConnection NewConnection => new MySqlConnection(_connectionString);
        }

        // The parameter is copied into a string at construction, or shadowed by a local: nothing keeps the connection.
        public sealed class Describer(IDbConnection connection)
        {
            private readonly string _database = connection.Database;

            public string Describe()
            {
                var connection = "none";
                return _database + connection;
            }
        }

        public static class Registrations
        {
            public static void AddAll(IServiceCollection services)
            {
                services.AddScoped<OrderRepository>();
                services.AddTransient<OrderRepository>();
                services.AddSingleton<PooledRepository>();
                services.AddSingleton<Describer>();
                services.{|SC0003:AddSingleton<IDbConnection>(sp => new MySqlConnection("Server=db"))|}; // SC0003's, not SC0005's
                services.AddSingleton<IOrderRepository>(sp => Create(sp)); // a factory whose result's type cannot be seen
            }

            private static IOrderRepository Create(IServiceProvider sp) => throw new NotImplementedException();
        }
        """);

    [Fact]
    public Task Hosted_services_are_left_to_SC0002() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class OrderWorker : BackgroundService
        {
            private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }

        public static class Registrations
        {
            public static void AddWorkers(IServiceCollection services) =>
                services.AddSingleton<IHostedService, OrderWorker>();
        }
        """);

    [Fact]
    public Task Connection_already_wrapped_by_the_guard_is_not_reported() => Verify.VerifyAsync("""
        using System.Data.Common;
        using Microsoft.Extensions.DependencyInjection;
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

            public sealed class OrderRepository(ConnectionGuard<MySqlConnection> guard)
            {
                public ConnectionGuard<MySqlConnection> Guard => guard;
            }

            public static class Registrations
            {
                public static void AddOrders(IServiceCollection services) => services.AddSingleton<OrderRepository>();
            }
        }
        """);

    // The rule looks for calls only in types whose files name a registration method (see the SC0003 tests).
    [Fact]
    public Task Registration_in_top_level_statements_is_reported() => Verify.VerifyConsoleAppAsync(
        """
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        var services = new ServiceCollection();
        services.{|#0:AddSingleton<OrderRepository>()|};

        public sealed class OrderRepository(MySqlConnection connection)
        {
            private readonly MySqlConnection {|#1:_connection|} = connection;
        }
        """,
        Verify.Diagnostic("SC0005").WithLocation(0).WithLocation(1).WithArguments("AddSingleton", "OrderRepository", "field '_connection'"));

    [Fact]
    public Task Sqlite_is_not_reported_by_default() => Verify.VerifyAsync("""
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class LocalCache
        {
            private readonly SqliteConnection _connection = new SqliteConnection("Data Source=cache.db");
        }

        public static class Registrations
        {
            public static void AddCache(IServiceCollection services) => services.AddSingleton<LocalCache>();
        }
        """);

    [Fact]
    public Task Sqlite_is_reported_when_turned_on_in_globalconfig() => Verify.VerifyAsync(
        """
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class LocalCache
        {
            private readonly SqliteConnection {|#1:_connection|} = new SqliteConnection("Data Source=cache.db");
        }

        public static class Registrations
        {
            public static void AddCache(IServiceCollection services) => services.{|#0:AddSingleton<LocalCache>()|};
        }
        """,
        LanguageVersion.Latest,
        "staleconn.include_sqlite = true\n",
        Verify.Diagnostic("SC0005").WithLocation(0).WithLocation(1).WithArguments("AddSingleton", "LocalCache", "field '_connection'"));

    [Fact]
    public Task Generated_registration_is_not_reported() => Verify.VerifyAsync("""
        // <auto-generated/>
        using MySqlConnector;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class OrderRepository
        {
            private readonly MySqlConnection _connection = new MySqlConnection("Server=db");
        }

        public static class GeneratedRegistrations
        {
            public static void AddOrders(IServiceCollection services) => services.AddSingleton<OrderRepository>();
        }
        """);
}
