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
    public Task No_lifetime_fix_when_a_singleton_or_hosted_service_consumes_the_connection() => Verify.VerifyNoFixAsync("""
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Cache
        {
            public Cache(MySqlConnection connection) { }
        }

        public sealed class Worker(IDbConnection connection) : BackgroundService
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.FromResult(connection.State);
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, MySqlConnection shared)
            {
                services.{|SC0003:AddSingleton<MySqlConnection>(_ => new MySqlConnection("Server=db"))|};
                services.AddSingleton<Cache>();
                services.{|SC0003:AddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"))|};
                services.AddHostedService<Worker>();
                // A shared instance has no scoped form.
                services.{|SC0003:AddSingleton(typeof(System.IDisposable), shared)|};
            }
        }
        """);
}
