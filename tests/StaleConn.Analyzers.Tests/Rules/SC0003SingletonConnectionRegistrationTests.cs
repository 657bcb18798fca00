using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.SingletonRegistrationAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

public class SC0003SingletonConnectionRegistrationTests
{
    [Theory]
    [InlineData("MySqlConnector.MySqlConnection", "new MySqlConnector.MySqlConnection(\"Server=db\")")]
    [InlineData("MySql.Data.MySqlClient.MySqlConnection", "new MySql.Data.MySqlClient.MySqlConnection(\"Server=db\")")]
    [InlineData("Npgsql.NpgsqlConnection", "new Npgsql.NpgsqlConnection(\"Host=db\")")]
    [InlineData("System.Data.SqlClient.SqlConnection", "new System.Data.SqlClient.SqlConnection(\"Server=db\")")]
    [InlineData("System.Data.IDbConnection", "new MySqlConnector.MySqlConnection(\"Server=db\")")]
    [InlineData("System.Data.Common.DbConnection", "new Npgsql.NpgsqlConnection(\"Host=db\")")]
    public Task Generic_factory_registration_is_reported(string serviceType, string creation) => Verify.VerifyAsync($$"""
        using Microsoft.Extensions.DependencyInjection;

        public static class Registrations
        {
            public static IServiceCollection AddData(this IServiceCollection services) =>
                services.{|SC0003:AddSingleton<{{serviceType}}>(_ => {{creation}})|};
        }
        """);

    [Fact]
    public Task Message_names_the_method_and_the_connection_type() => Verify.VerifyAsync(
        """
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public static class Registrations
        {
            public static void AddData(IServiceCollection services)
            {
                services.AddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"));
            }
        }
        """,
        Verify.Diagnostic("SC0003").WithSpan(9, 18, 9, 84).WithArguments("AddSingleton", "IDbConnection"));

    [Fact]
    public Task Instance_and_inferred_forms_are_reported() => Verify.VerifyAsync("""
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;
        using Npgsql;

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, string connectionString)
            {
                var connection = new MySqlConnection(connectionString);
                connection.Open();
                services.{|SC0003:AddSingleton(connection)|};
                services.{|SC0003:AddSingleton(new NpgsqlConnection(connectionString))|};
                services.{|SC0003:AddSingleton<IDbConnection>(connection)|};
                services.{|SC0003:AddSingleton(sp =>
                {
                    var opened = new NpgsqlConnection(connectionString);
                    opened.Open();
                    return opened;
                })|};
                services.{|SC0003:AddSingleton<MySqlConnection>()|};
            }
        }
        """);

    [Fact]
    public Task Typeof_forms_are_reported() => Verify.VerifyAsync("""
        using System.Data;
        using System.Data.Common;
        using System.Data.SqlClient;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public static class Registrations
        {
            public static void AddData(IServiceCollection services)
            {
                services.{|SC0003:AddSingleton(typeof(DbConnection), typeof(MySqlConnection))|};
                services.{|SC0003:AddSingleton(typeof(IDbConnection), sp => new SqlConnection("Server=db"))|};
                services.{|SC0003:AddSingleton(typeof(IDbConnection), new MySqlConnection("Server=db"))|};
                services.{|SC0003:AddSingleton(typeof(SqlConnection))|};
                services.{|SC0003:AddSingleton(typeof(object), typeof(MySqlConnection))|};
            }
        }
        """);

    [Fact]
    public Task TryAdd_keyed_and_descriptor_forms_are_reported() => Verify.VerifyAsync("""
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;
        using MySqlConnector;

        public static class Registrations
        {
            public static void AddData(IServiceCollection services)
            {
                services.{|SC0003:TryAddSingleton<IDbConnection, MySqlConnection>()|};
                services.{|SC0003:TryAddSingleton(typeof(IDbConnection), typeof(MySqlConnection))|};
                services.{|SC0003:TryAddSingleton(typeof(MySqlConnection))|};
                services.{|SC0003:TryAddSingleton<IDbConnection>(new MySqlConnection("Server=db"))|};
                services.{|SC0003:TryAddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"))|};
                services.{|SC0003:AddKeyedSingleton<IDbConnection>("reports", (sp, key) => new MySqlConnection("Server=reports"))|};
                services.{|SC0003:TryAddKeyedSingleton<IDbConnection, MySqlConnection>("audit")|};
                services.TryAdd(ServiceDescriptor.{|SC0003:Singleton<IDbConnection, MySqlConnection>()|});
                services.Add({|SC0003:new ServiceDescriptor(typeof(IDbConnection), typeof(MySqlConnection), ServiceLifetime.Singleton)|});
                services.Add({|SC0003:new ServiceDescriptor(typeof(IDbConnection), new MySqlConnection("Server=db"))|});
                ServiceCollectionServiceExtensions.{|SC0003:AddSingleton<IDbConnection, MySqlConnection>(services)|};
            }
        }
        """);

    [Fact]
    public Task Generic_lazy_and_nested_partial_registrations_are_reported() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using System.Data.Common;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public static partial class Composition
        {
            public static partial class Data
            {
                public static IServiceCollection AddConnection<TConnection>(IServiceCollection services)
                    where TConnection : DbConnection, new() =>
                    services.{|SC0003:AddSingleton<TConnection>()|};
            }
        }

        public static partial class Composition
        {
            public static void AddLazy(IServiceCollection services) =>
                services.{|SC0003:AddSingleton(new Lazy<IDbConnection>(() => new MySqlConnection("Server=db")))|};
        }
        """);

    [Fact]
    public Task Autofac_single_instance_and_instance_registrations_are_reported() => Verify.VerifyAsync("""
        using System.Data;
        using Autofac;
        using MySqlConnector;
        using Npgsql;

        public sealed class DataModule : Module
        {
            protected override void Load(ContainerBuilder builder)
            {
                builder.Register(c => new MySqlConnection("Server=db")).As<IDbConnection>().{|SC0003:SingleInstance()|};
                builder.RegisterType<NpgsqlConnection>().AsSelf().{|SC0003:SingleInstance()|};
                builder.RegisterType(typeof(MySqlConnection)).As(typeof(IDbConnection)).{|SC0003:SingleInstance()|};
                builder.{|SC0003:RegisterInstance(new MySqlConnection("Server=db"))|}.As<IDbConnection>();

                // Per scope and per dependency: a connection per unit of work.
                builder.Register(c => new MySqlConnection("Server=db")).As<IDbConnection>().InstancePerLifetimeScope();
                builder.RegisterType<NpgsqlConnection>().InstancePerDependency();
                builder.RegisterInstance(new MySqlDataSource("Server=db"));
            }
        }
        """);

    [Fact]
    public Task Autofac_instance_registration_in_a_file_without_other_registrations_is_reported() => Verify.VerifyAsync("""
        using System.Data;
        using Autofac;
        using MySqlConnector;

        public class DataModule : Module
        {
            protected override void Load(ContainerBuilder builder) =>
                builder.{|SC0003:RegisterInstance(new MySqlConnection("Server=db"))|}.As<IDbConnection>();
        }
        """);

    [Fact]
    public Task Chained_registration_in_csharp_7_3_startup_is_reported() => Verify.VerifyAsync("""
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySql.Data.MySqlClient;

        namespace Legacy
        {
            public class Clock { }

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services
                        .AddSingleton<Clock>()
                        .{|SC0003:AddSingleton<IDbConnection>(sp => new MySqlConnection("Server=db"))|};
                }
            }
        }
        """, LanguageVersion.CSharp7_3, globalConfig: null);

    [Fact]
    public Task Scoped_transient_and_safe_singletons_are_not_reported() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using System.Data.Common;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;
        using Npgsql;

        public class ConnectionSettings { public string Value = "Server=db"; }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, string connectionString)
            {
                services.AddScoped<IDbConnection>(_ => new MySqlConnection(connectionString));
                services.AddTransient<DbConnection>(_ => new NpgsqlConnection(connectionString));
                services.AddScoped(typeof(IDbConnection), typeof(MySqlConnection));
                services.Add(new ServiceDescriptor(typeof(IDbConnection), typeof(MySqlConnection), ServiceLifetime.Scoped));
                services.AddSingleton(new MySqlDataSource(connectionString));
                services.AddSingleton<NpgsqlDataSource>(_ => NpgsqlDataSource.Create(connectionString));
                services.AddSingleton<DbProviderFactory>(MySqlConnectorFactory.Instance);
                services.AddSingleton<Func<DbConnection>>(() => new MySqlConnection(connectionString));
                services.AddSingleton(connectionString);
                services.AddSingleton<ConnectionSettings>();
            }
        }

        // A method that happens to be called AddSingleton on something that is not a service collection.
        public class Registry
        {
            public void AddSingleton<T>(T instance) { }

            public void Fill() => AddSingleton(new MySqlConnection("Server=db"));
        }
        """);

    [Fact]
    public Task Guard_registered_as_a_singleton_is_not_reported() => Verify.VerifyAsync("""
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

            public static class Registrations
            {
                public static void AddData(IServiceCollection services) =>
                    services.AddSingleton(_ => new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db")));
            }
        }
        """);

    [Fact]
    public Task Sqlite_is_not_reported_by_default() => Verify.VerifyAsync("""
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.DependencyInjection;

        public static class Registrations
        {
            public static void AddCache(IServiceCollection services) =>
                services.AddSingleton(new SqliteConnection("Data Source=cache.db"));
        }
        """);

    [Fact]
    public Task Sqlite_is_reported_when_turned_on_in_globalconfig() => Verify.VerifyAsync("""
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.DependencyInjection;

        public static class Registrations
        {
            public static void AddCache(IServiceCollection services) =>
                services.{|SC0003:AddSingleton(new SqliteConnection("Data Source=cache.db"))|};
        }
        """, LanguageVersion.Latest, "staleconn.include_sqlite = true\n");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task IDbConnection_service_built_from_sqlite_follows_the_sqlite_option(bool includeSqlite) => Verify.VerifyAsync($$"""
        using System.Data;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, string file)
            {
                services.{{(includeSqlite ? "{|SC0003:" : "")}}AddSingleton<IDbConnection>(_ => new SqliteConnection(file)){{(includeSqlite ? "|}" : "")}};
                // One server connection among the values is enough to report.
                services.{|SC0003:AddSingleton<IDbConnection>(_ => file.Length > 0 ? new SqliteConnection(file) : new MySqlConnection("Server=db"))|};
            }
        }
        """, LanguageVersion.Latest, includeSqlite ? "staleconn.include_sqlite = true\n" : null);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Own_IDbConnection_wrapper_around_sqlite_follows_the_sqlite_option(bool includeSqlite) => Verify.VerifyAsync($$"""
        using System.Data;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public abstract class FileDb : IDbConnection
        {
            private readonly SqliteConnection _conn = new("Data Source=app.db");
            public abstract string ConnectionString { get; set; }
            public abstract int ConnectionTimeout { get; }
            public abstract string Database { get; }
            public abstract ConnectionState State { get; }
            public abstract IDbTransaction BeginTransaction();
            public abstract IDbTransaction BeginTransaction(IsolationLevel il);
            public abstract void ChangeDatabase(string databaseName);
            public abstract void Close();
            public abstract IDbCommand CreateCommand();
            public abstract void Dispose();
            public abstract void Open();
        }

        // Wraps a server connection too, so it is a server connection.
        public abstract class MirroredDb : FileDb
        {
            private readonly MySqlConnection _mirror = new("Server=db");
        }

        // Inherits the SQLite field and adds none.
        public abstract class TenantFileDb : FileDb
        {
        }

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, FileDb fileDb, TenantFileDb tenantDb, MirroredDb mirroredDb)
            {
                services.{{(includeSqlite ? "{|SC0003:" : "")}}AddSingleton(fileDb){{(includeSqlite ? "|}" : "")}};
                services.{{(includeSqlite ? "{|SC0003:" : "")}}AddSingleton(tenantDb){{(includeSqlite ? "|}" : "")}};
                services.{|SC0003:AddSingleton(mirroredDb)|};
            }
        }
        """, LanguageVersion.Latest, includeSqlite ? "staleconn.include_sqlite = true\n" : null);

    // The rule looks for calls only in types whose files name a registration method; these check that nothing a
    // registration can sit in is left out, and that nothing is reported twice.
    [Fact]
    public Task Registration_in_top_level_statements_is_reported() => Verify.VerifyConsoleAppAsync("""
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;
        using MySqlConnector;

        var services = new ServiceCollection();
        services.{|SC0003:AddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"))|};
        void AddMore(IServiceCollection more) => more.{|SC0003:TryAddSingleton(new MySqlConnection("Server=db"))|};
        AddMore(services);
        """);

    [Fact]
    public Task Registrations_in_initializers_lambdas_local_functions_and_nested_types_are_reported_once() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public class Composition
        {
            public static readonly Action<IServiceCollection> AddData =
                services => services.{|SC0003:AddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"))|};

            public Func<IServiceCollection, IServiceCollection> AddMore { get; } =
                services => services.{|SC0003:AddKeyedSingleton<MySqlConnection>("orders")|};

            static Composition()
            {
                Register(new ServiceCollection());

                static void Register(IServiceCollection services) => services.{|SC0003:AddSingleton<MySqlConnection>()|};
            }

            public class Nested
            {
                public void Add(IServiceCollection services) => services.{|SC0003:AddSingleton<IDbConnection, MySqlConnection>()|};

                public class Deeper
                {
                    public void Add(IServiceCollection services) => services.{|SC0003:AddSingleton(new MySqlConnection("Server=db"))|};
                }
            }
        }

        public interface IHasDefaultRegistration
        {
            void Add(IServiceCollection services) => services.{|SC0003:AddSingleton<MySqlConnection>()|};
        }

        public record struct RegistrationRecord(IServiceCollection Services)
        {
            public void Add() => Services.{|SC0003:AddSingleton<MySqlConnection>()|};
        }
        """);

    [Fact]
    public Task Partial_type_is_searched_in_each_of_its_files()
    {
        var test = new Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.SingletonRegistrationAnalyzer>.Test();
        test.TestState.Sources.Add(("/Composition.Data.cs", """
            using System.Data;
            using Microsoft.Extensions.DependencyInjection;
            using MySqlConnector;

            public static partial class Composition
            {
                private static IServiceCollection AddData(IServiceCollection services, MySqlConnection connection) =>
                    services.{|SC0003:AddSingleton(connection)|};
            }
            """));
        // This file names no registration method; the call it makes goes through the other file's helper.
        test.TestState.Sources.Add(("/Composition.cs", """
            using Microsoft.Extensions.DependencyInjection;
            using MySqlConnector;

            public static partial class Composition
            {
                public static void Configure(IServiceCollection services) => AddData(services, new MySqlConnection("Server=db"));
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Method_name_spelled_with_a_unicode_escape_is_reported() => Verify.VerifyAsync("""
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public static class Registrations
        {
            public static void AddData(IServiceCollection services) =>
                services.{|SC0003:Add\u0053ingleton<IDbConnection>(_ => new MySqlConnection("Server=db"))|};
        }
        """);

    [Fact]
    public Task Target_typed_descriptor_in_a_file_without_registration_names_is_reported() => Verify.VerifyAsync("""
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public static class Registrations
        {
            public static void AddData(IServiceCollection services, MySqlConnection connection) =>
                services.Add({|SC0003:new(typeof(IDbConnection), connection)|});
        }
        """);

    [Fact]
    public Task Generated_code_is_not_reported() => Verify.VerifyAsync("""
        // <auto-generated/>
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public static class GeneratedRegistrations
        {
            public static void AddData(IServiceCollection services) =>
                services.AddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"));
        }
        """);
}
