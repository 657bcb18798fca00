using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.SingletonRegistrationAnalyzer,
    StaleConn.CodeFixes.ScopedRegistrationCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Lifetime;

public class SC0003ScopedRegistrationFixTests
{
    [Fact]
    public Task Registration_consumed_only_by_scoped_and_transient_services_becomes_scoped() => Verify.VerifyAsync("""
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;
        using MySqlConnector;
        using Npgsql;

        public sealed class OrderRepository(IDbConnection connection)
        {
            public string Database => connection.Database;
        }

        public sealed class ReportQuery
        {
            public ReportQuery(IDbConnection connection) { }
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, string connectionString)
            {
                services.{|SC0003:AddSingleton<IDbConnection>(_ => new MySqlConnection(connectionString))|};
                services.{|SC0003:TryAddSingleton(new NpgsqlConnection(connectionString))|};
                services.AddScoped<OrderRepository>();
                services.AddTransient(sp => new ReportQuery(sp.GetRequiredService<IDbConnection>()));
            }
        }
        """, """
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;
        using MySqlConnector;
        using Npgsql;

        public sealed class OrderRepository(IDbConnection connection)
        {
            public string Database => connection.Database;
        }

        public sealed class ReportQuery
        {
            public ReportQuery(IDbConnection connection) { }
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, string connectionString)
            {
                services.AddScoped<IDbConnection>(_ => new MySqlConnection(connectionString));
                services.TryAddScoped(_ => new NpgsqlConnection(connectionString));
                services.AddScoped<OrderRepository>();
                services.AddTransient(sp => new ReportQuery(sp.GetRequiredService<IDbConnection>()));
            }
        }
        """);

    [Fact]
    public Task Stateless_singletons_that_take_the_connection_become_scoped_with_it() => Verify.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public sealed class PriceQuery
        {
            public PriceQuery(MySqlConnection connection) { }
        }

        public sealed class Checkout
        {
            private readonly PriceQuery _prices;

            public Checkout(PriceQuery prices) => _prices = prices;
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services)
            {
                services.{|SC0003:AddSingleton<MySqlConnection>(_ => new MySqlConnection("Server=db"))|};
                services.AddSingleton<PriceQuery>();
                services.AddSingleton<Checkout>();
            }
        }
        """, """
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public sealed class PriceQuery
        {
            public PriceQuery(MySqlConnection connection) { }
        }

        public sealed class Checkout
        {
            private readonly PriceQuery _prices;

            public Checkout(PriceQuery prices) => _prices = prices;
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services)
            {
                services.AddScoped<MySqlConnection>(_ => new MySqlConnection("Server=db"));
                services.AddScoped<PriceQuery>();
                services.AddScoped<Checkout>();
            }
        }
        """);

    [Fact]
    public Task Connection_taken_only_by_hosted_services_becomes_transient() => Verify.VerifyAsync("""
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Worker(IDbConnection connection) : BackgroundService
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.FromResult(connection.State);
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services)
            {
                IDbConnection connection = new MySqlConnection("Server=db");
                services.{|SC0003:AddSingleton<IDbConnection>(connection)|};
                services.AddHostedService<Worker>();
            }
        }
        """, """
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Worker(IDbConnection connection) : BackgroundService
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.FromResult(connection.State);
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services)
            {
                services.AddTransient<IDbConnection>(_ => new MySqlConnection("Server=db"));
                services.AddHostedService<Worker>();
            }
        }
        """);

    /// <summary>
    /// A stateful singleton, or a hosted service beside one scoped consumer: transient gives each its own connection (the
    /// long-lived ones then hold theirs, which their own findings' fixes guard), and the scoped one one per scope.
    /// Shape: the consumer worker of issue 14 (a singleton ledger and a scoped report on the container's connection).
    /// </summary>
    [Fact]
    public Task Long_lived_consumers_beside_at_most_one_short_lived_one_make_the_connection_transient() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using Npgsql;

        // Keeps a cache of its own: a scoped instance per request would lose it.
        public sealed class Cache
        {
            private readonly Dictionary<int, string> _names = new();

            public Cache(MySqlConnection connection) { }
        }

        public sealed class Worker(NpgsqlConnection connection) : BackgroundService
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.FromResult(connection.State);
        }

        public sealed class Report
        {
            public Report(NpgsqlConnection connection) { }
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services)
            {
                services.{|SC0003:AddSingleton<MySqlConnection>(_ => new MySqlConnection("Server=db"))|};
                services.AddSingleton<Cache>();
                services.{|SC0003:AddSingleton(_ => new NpgsqlConnection("Host=db"))|};
                services.AddHostedService<Worker>();
                services.AddScoped<Report>();
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using Npgsql;

        // Keeps a cache of its own: a scoped instance per request would lose it.
        public sealed class Cache
        {
            private readonly Dictionary<int, string> _names = new();

            public Cache(MySqlConnection connection) { }
        }

        public sealed class Worker(NpgsqlConnection connection) : BackgroundService
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.FromResult(connection.State);
        }

        public sealed class Report
        {
            public Report(NpgsqlConnection connection) { }
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services)
            {
                services.AddTransient<MySqlConnection>(_ => new MySqlConnection("Server=db"));
                services.AddSingleton<Cache>();
                services.AddTransient(_ => new NpgsqlConnection("Host=db"));
                services.AddHostedService<Worker>();
                services.AddScoped<Report>();
            }
        }
        """);

    /// <summary>
    /// Two scoped consumers share the connection within a request (one transaction across repositories) while a hosted
    /// service takes it too: scoped breaks the hosted service, transient splits the request's session.
    /// </summary>
    [Fact]
    public Task No_lifetime_fix_for_a_shared_instance_or_a_hosted_service_beside_two_request_consumers() => Verify.VerifyNoFixAsync("""
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        public sealed class Worker(NpgsqlConnection connection) : BackgroundService
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.FromResult(connection.State);
        }

        public sealed class Orders
        {
            public Orders(NpgsqlConnection connection) { }
        }

        public sealed class Invoices
        {
            public Invoices(NpgsqlConnection connection) { }
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, IDbConnection shared)
            {
                services.{|SC0003:AddSingleton(_ => new NpgsqlConnection("Host=db"))|};
                services.AddHostedService<Worker>();
                services.AddScoped<Orders>();
                services.AddScoped<Invoices>();
                // A shared instance has no factory form.
                services.{|SC0003:AddSingleton(typeof(IDbConnection), shared)|};
            }
        }
        """);
}
