using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.SingletonRegistrationAnalyzer,
    StaleConn.CodeFixes.ScopedRegistrationCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Lifetime;

/// <summary>
/// SC0003 registrations of the di31 breadth set (ASP.NET Core APIs and workers that register one connection for the
/// application): a connection built in a top-level statement, and repositories nothing can build.
/// </summary>
public class SC0003RegistrationShapesTests
{
    /// <summary>
    /// Paulo-Fernando-R/projectHealth@e0ad0f1769133509aa483e104fe703564c9d9703, backend/API/Program.cs: a top-level
    /// <c>IDbConnection db = new MySqlConnection(cs);</c> then <c>AddSingleton&lt;IDbConnection&gt;(db)</c>, consumed by
    /// transient repositories with captured primary-constructor parameters. The local's statement goes with its
    /// top-level wrapper (the fix threw <c>ArgumentNullException</c> removing the statement alone).
    /// </summary>
    [Fact]
    public Task Connection_local_of_a_top_level_program_moves_into_a_scoped_factory() => Verify.VerifyConsoleAppAsync("""
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        var services = new ServiceCollection();
        var connectionString = System.Environment.GetEnvironmentVariable("MYSQL") ?? "Server=db";
        IDbConnection db = new MySqlConnection(connectionString);

        // Add services to the container.
        services.{|SC0003:AddSingleton<IDbConnection>(db)|};
        services.AddTransient<CityRepository>();

        public sealed class CityRepository(IDbConnection connection)
        {
            private readonly IDbConnection connection = connection;

            public string Database => connection.Database;
        }
        """, """
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        var services = new ServiceCollection();
        var connectionString = System.Environment.GetEnvironmentVariable("MYSQL") ?? "Server=db";

        // Add services to the container.
        services.AddScoped<IDbConnection>(_ => new MySqlConnection(connectionString));
        services.AddTransient<CityRepository>();

        public sealed class CityRepository(IDbConnection connection)
        {
            private readonly IDbConnection connection = connection;

            public string Database => connection.Database;
        }
        """);

    /// <summary>
    /// tgrubbz/AMC@08c00a5f3b5e6c0aa07f4a950505d7551b783584, AMC.DAL/ServiceRegistration.cs and
    /// AMC.DAL/Repositories/InvoiceRepository.cs: <c>AddSingleton&lt;IDbConnection&gt;(new SqlConnection(cs))</c> in an
    /// <c>AddDAL</c> extension; <c>UserRepository</c> is registered scoped, but <c>InvoiceRepository</c> and
    /// <c>LocationRepository</c> take the connection too and are never registered nor named anywhere (their interfaces
    /// are not registered either): nothing can build them, so they do not keep the connection a singleton.
    /// (azadmt/EA-Course-1402@d259691, Catalog.ReadModel.Api/DAL/InboxDbManager.cs, is the same: a class no code uses.)
    /// </summary>
    [Fact]
    public Task Repositories_nothing_can_build_do_not_hold_the_lifetime_back() => Verify.VerifyAsync("""
        using System.Data;
        using Dapper;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public interface IUserRepository { int Count(); }

        public interface IInvoiceRepository { int Count(); }

        public sealed class UserRepository : IUserRepository
        {
            private readonly IDbConnection conn;

            public UserRepository(IDbConnection connection) => conn = connection;

            public int Count() => conn.ExecuteScalar<int>("SELECT COUNT(*) FROM Users");
        }

        public sealed class InvoiceRepository : IInvoiceRepository, System.IDisposable
        {
            private readonly IDbConnection conn;

            public InvoiceRepository(IDbConnection connection) => conn = connection;

            public int Count() => conn.ExecuteScalar<int>("SELECT COUNT(*) FROM Invoices");

            public void Dispose() { }
        }

        public static class ServiceRegistration
        {
            public static IServiceCollection AddDAL(this IServiceCollection services, string connectionString)
            {
                services.{|SC0003:AddSingleton<IDbConnection>(new MySqlConnection(connectionString))|};
                services.AddScoped<IUserRepository, UserRepository>();
                return services;
            }
        }
        """, """
        using System.Data;
        using Dapper;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public interface IUserRepository { int Count(); }

        public interface IInvoiceRepository { int Count(); }

        public sealed class UserRepository : IUserRepository
        {
            private readonly IDbConnection conn;

            public UserRepository(IDbConnection connection) => conn = connection;

            public int Count() => conn.ExecuteScalar<int>("SELECT COUNT(*) FROM Users");
        }

        public sealed class InvoiceRepository : IInvoiceRepository, System.IDisposable
        {
            private readonly IDbConnection conn;

            public InvoiceRepository(IDbConnection connection) => conn = connection;

            public int Count() => conn.ExecuteScalar<int>("SELECT COUNT(*) FROM Invoices");

            public void Dispose() { }
        }

        public static class ServiceRegistration
        {
            public static IServiceCollection AddDAL(this IServiceCollection services, string connectionString)
            {
                services.AddScoped<IDbConnection>(_ => new MySqlConnection(connectionString));
                services.AddScoped<IUserRepository, UserRepository>();
                return services;
            }
        }
        """);

    /// <summary>A loop over the assembly's types may register the repository as a singleton unseen: no lifetime change.</summary>
    [Fact]
    public Task No_lifetime_fix_when_the_unregistered_repository_can_be_found_by_scanning() => Verify.VerifyNoFixAsync("""
        using System.Data;
        using System.Linq;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public interface IRepository { }

        public sealed class InvoiceRepository : IRepository
        {
            public InvoiceRepository(IDbConnection connection) { }
        }

        public static class ServiceRegistration
        {
            public static void AddDAL(IServiceCollection services, string connectionString)
            {
                services.{|SC0003:AddSingleton<IDbConnection>(_ => new MySqlConnection(connectionString))|};
                foreach (var type in typeof(ServiceRegistration).Assembly.GetTypes().Where(t => typeof(IRepository).IsAssignableFrom(t) && t.IsClass))
                {
                    services.AddSingleton(typeof(IRepository), type);
                }
            }
        }
        """);

    /// <summary>A repository built by code is a consumer the container does not build: its name anywhere keeps it one.</summary>
    [Fact]
    public Task No_lifetime_fix_when_the_unregistered_repository_is_built_by_code() => Verify.VerifyNoFixAsync("""
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public sealed class InvoiceRepository
        {
            public InvoiceRepository(IDbConnection connection) { }
        }

        public static class ServiceRegistration
        {
            public static void AddDAL(IServiceCollection services, string connectionString)
            {
                services.{|SC0003:AddSingleton<IDbConnection>(_ => new MySqlConnection(connectionString))|};
            }

            public static object Invoices(IDbConnection connection) => new InvoiceRepository(connection);
        }
        """);

    /// <summary>
    /// Cody-Howell/ProjectTracker@91cb151c0453e6339f9e44046326378132bd8fad, ProjectTracker/Program.cs and DBService.cs:
    /// <c>AddSingleton&lt;IDbConnection&gt;</c> of an opened NpgsqlConnection and <c>AddSingleton&lt;DBService&gt;()</c>,
    /// <c>public class DBService(IDbConnection conn)</c> reading the captured parameter from every minimal-API endpoint.
    /// The capture's compiler field is not readonly, and was taken for state: the fix gave DBService a transient connection
    /// of its own, still shared by every request. A capture the body never assigns holds what the constructor got, like a
    /// readonly field: both registrations become scoped, one connection per request.
    /// </summary>
    [Fact]
    public Task Singleton_that_only_reads_a_captured_parameter_becomes_scoped_with_the_connection() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Data;
        using Dapper;
        using Microsoft.Extensions.DependencyInjection;
        using Npgsql;

        public class DBService(IDbConnection conn)
        {
            public IEnumerable<string> GetAllProjectNames() => conn.Query<string>("select projectTitle from projects");
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, string connString)
            {
                services.{|SC0003:AddSingleton<IDbConnection>(provider => new NpgsqlConnection(connString))|};
                services.{|SC0005:AddSingleton<DBService>()|};
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Data;
        using Dapper;
        using Microsoft.Extensions.DependencyInjection;
        using Npgsql;

        public class DBService(IDbConnection conn)
        {
            public IEnumerable<string> GetAllProjectNames() => conn.Query<string>("select projectTitle from projects");
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, string connString)
            {
                services.AddScoped<IDbConnection>(provider => new NpgsqlConnection(connString));
                services.AddScoped<DBService>();
            }
        }
        """);

    /// <summary>A singleton that assigns its captured parameter keeps state: it keeps its instance and gets a connection of its own.</summary>
    [Fact]
    public Task Singleton_that_assigns_its_captured_parameter_keeps_its_lifetime() => Verify.VerifyAsync("""
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using Npgsql;

        public class DBService(IDbConnection conn)
        {
            public void Use(IDbConnection other) => conn = other;

            public string Database => conn.Database;
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, string connString)
            {
                services.{|SC0003:AddSingleton<IDbConnection>(provider => new NpgsqlConnection(connString))|};
                services.{|SC0005:AddSingleton<DBService>()|};
            }
        }
        """, """
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using Npgsql;

        public class DBService(IDbConnection conn)
        {
            public void Use(IDbConnection other) => conn = other;

            public string Database => conn.Database;
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, string connString)
            {
                services.AddTransient<IDbConnection>(provider => new NpgsqlConnection(connString));
                services.{|SC0005:AddSingleton<DBService>()|};
            }
        }
        """);
}
