using Microsoft.CodeAnalysis.CSharp;
using StaleConn.Analyzers.Rules;
using StaleConn.Analyzers.Tests.Infrastructure;
using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.StaticConnectionAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

public class SC0001StaticConnectionTests
{
    [Theory]
    [InlineData("MySqlConnector.MySqlConnection")]
    [InlineData("MySql.Data.MySqlClient.MySqlConnection")]
    [InlineData("Npgsql.NpgsqlConnection")]
    [InlineData("System.Data.SqlClient.SqlConnection")]
    [InlineData("System.Data.Common.DbConnection")]
    [InlineData("System.Data.IDbConnection")]
    [InlineData("System.Lazy<MySqlConnector.MySqlConnection>")]
    public Task Static_field_of_a_connection_type_is_reported(string type) => Verify.VerifyAsync($$"""
        public static class Database
        {
            private static {{type}} {|SC0001:_connection|};

            public static void Use({{type}} connection) => _connection = connection;
        }
        """);

    [Fact]
    public Task Static_auto_property_is_reported() => Verify.VerifyAsync("""
        using MySqlConnector;

        public class Repository
        {
            public static MySqlConnection {|SC0001:Connection|} { get; } = new MySqlConnection("Server=db");
        }
        """);

    [Fact]
    public Task User_subclass_and_interface_deriving_from_IDbConnection_are_reported() => Verify.VerifyAsync("""
        using System.Data;
        using MySqlConnector;

        public interface IAppConnection : IDbConnection { }

        public static class Holder
        {
            public static IAppConnection {|SC0001:App|};
        }

        public class Nested
        {
            private static class Inner
            {
                internal static readonly MySqlConnection {|SC0001:Shared|} = new MySqlConnection();
            }
        }
        """);

    [Fact]
    public Task Connections_reached_through_several_bases_and_interfaces_are_reported() => Verify.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.Data;
        using System.Data.Common;

        public interface IAppConnection : IDbConnection { }
        public interface ITenantConnection : IDisposable, IAppConnection { }
        public interface IReadOnlyTenantConnection : ITenantConnection { }

        public abstract class AuditedConnection : DbConnection { }
        public abstract class TenantConnection<TTenant> : AuditedConnection, IComparable<TTenant> { public abstract int CompareTo(TTenant? other); }
        public abstract class ShardConnection : TenantConnection<string> { }

        public abstract class OwnConnection : IEquatable<OwnConnection>, IReadOnlyTenantConnection
        {
            public abstract bool Equals(OwnConnection? other);
            public abstract string ConnectionString { get; set; }
            public abstract int ConnectionTimeout { get; }
            public abstract string Database { get; }
            public abstract ConnectionState State { get; }
            public abstract IDbTransaction BeginTransaction();
            public abstract IDbTransaction BeginTransaction(IsolationLevel il);
            public abstract void ChangeDatabase(string databaseName);
            public abstract void Close();
            public abstract IDbCommand CreateCommand();
            public abstract void Open();
            public abstract void Dispose();
        }

        // Shares base types and interfaces with the connections above without being one.
        public interface IAudited : IDisposable { }
        public abstract class AuditedList<T> : List<T>, IAudited, IComparable<T> { public abstract int CompareTo(T? other); public abstract void Dispose(); }
        public abstract class OrderList : AuditedList<string> { }

        public static class Holders
        {
            public static IReadOnlyTenantConnection {|SC0001:ReadOnlyTenant|};
            public static ShardConnection {|SC0001:Shard|};
            public static TenantConnection<int> {|SC0001:Tenant|};
            public static OwnConnection {|SC0001:Own|};
            public static Lazy<ShardConnection> {|SC0001:LazyShard|};
            public static OrderList Orders;
            public static AuditedList<int> Audited;
            public static IAudited AuditedInterface;
        }
        """);

    [Fact]
    public Task Static_field_in_csharp_7_3_code_is_reported() => Verify.VerifyAsync("""
        using MySql.Data.MySqlClient;

        namespace Legacy
        {
            public class Program
            {
                static MySqlConnection {|SC0001:conn|} = new MySqlConnection("Server=db");
            }
        }
        """, LanguageVersion.CSharp7_3, globalConfig: null);

    [Fact]
    public Task Safe_members_are_not_reported() => Verify.VerifyAsync("""
        using System;
        using System.Data.Common;
        using MySqlConnector;

        public class ConnectionSettings { }
        public class ConnectionMultiplexer { }

        public static class Safe
        {
            private static readonly string ConnectionString = "Server=db";
            private static MySqlDataSource DataSource = new MySqlDataSource(ConnectionString);
            private static DbProviderFactory Factory = MySqlConnectorFactory.Instance;
            private static Func<DbConnection> CreateConnection = () => new MySqlConnection(ConnectionString);
            private static ConnectionSettings Settings = new ConnectionSettings();
            private static ConnectionMultiplexer Multiplexer = new ConnectionMultiplexer();
            public static MySqlConnection NewConnection => new MySqlConnection(ConnectionString);
        }

        public class Instance
        {
            private MySqlConnection _perObject = new MySqlConnection();
        }
        """);

    /// <summary>
    /// Constants and enum members are settled first, before their locations are read (stop 33: enum members were most of
    /// this rule's allocations on real code). A constant may have a connection type (its value is null): no holder.
    /// </summary>
    [Fact]
    public Task Constants_and_enum_members_are_not_reported_beside_a_static_that_is() => Verify.VerifyAsync("""
        using MySqlConnector;

        public enum Table { Users, Trades, Friends }

        public static class Database
        {
            public const MySqlConnection None = null;
            public const string ConnectionString = "Server=db";
            public const Table Default = Table.Users;
            private static MySqlConnection {|SC0001:_connection|} = new MySqlConnection(ConnectionString);
        }
        """);

    /// <summary>
    /// A static property is asked whether it is an auto-property only after its type could hold a connection (the
    /// question copies the type's member list): a computed one of either kind stays silent, an auto one is reported.
    /// </summary>
    [Fact]
    public Task Static_properties_are_reported_only_when_auto_whatever_their_type() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using MySqlConnector;

        public class Db
        {
            private MySqlConnection _connection = new MySqlConnection("Server=db");
            public void Run() => _connection.Open();
        }

        public interface IDb { }

        public class SqlDb : IDb
        {
            private readonly MySqlConnection _connection = new MySqlConnection("Server=db");
            public void Run() => _connection.Open();
        }

        public static class Globals
        {
            private static Db {|SC0001:_db|} = new Db();
            private static MySqlConnection {|SC0001:_shared|} = new MySqlConnection("Server=db");

            public static MySqlConnection Shared => _shared;
            public static Db Current { get { return _db; } }
            public static IDb Contract => null;
            public static List<int> Numbers { get; } = new List<int>();
            public static string Name { get; set; } = "db";
            public static IEnumerable<int> Sequence { get; } = new List<int>();
            public static Db {|SC0001:Kept|} { get; } = new Db();
            public static IDb {|SC0001:Created|} { get; } = new SqlDb();
            public static MySqlConnection {|SC0001:Other|} { get; } = new MySqlConnection("Server=db");
        }
        """);

    [Fact]
    public Task Sqlite_is_not_reported_by_default() => Verify.VerifyAsync("""
        using Microsoft.Data.Sqlite;

        public static class Cache
        {
            private static SqliteConnection _connection = new SqliteConnection("Data Source=cache.db");
        }
        """);

    [Fact]
    public Task Sqlite_is_reported_when_turned_on_in_globalconfig() => Verify.VerifyAsync("""
        using Microsoft.Data.Sqlite;

        public static class Cache
        {
            private static SqliteConnection {|SC0001:_connection|} = new SqliteConnection("Data Source=cache.db");
        }
        """, LanguageVersion.Latest, "staleconn.include_sqlite = true\n");

    [Fact]
    public Task Generated_code_is_not_reported() => Verify.VerifyAsync("""
        // <auto-generated/>
        using MySqlConnector;

        public static class Generated
        {
            private static MySqlConnection _connection;
        }
        """);

    [Fact]
    public Task Message_names_the_member_and_its_type() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public static class Database
        {
            private static MySqlConnection _connection;

            public static void Use(MySqlConnection connection) => _connection = connection;
        }
        """,
        Verify.Diagnostic().WithSpan(5, 36, 5, 47).WithArguments("field", "_connection", "MySqlConnection"));

    [Fact]
    public Task Message_shows_the_type_without_its_nullable_annotation() => Verify.VerifyAsync(
        """
        #nullable enable
        using MySqlConnector;

        public static class Database
        {
            private static MySqlConnection? _connection;

            public static void Use(MySqlConnection connection) => _connection = connection;
        }
        """,
        Verify.Diagnostic().WithSpan(6, 37, 6, 48).WithArguments("field", "_connection", "MySqlConnection"));

    [Fact]
    public Task Partial_classes_records_and_generic_types_are_reported() => Verify.VerifyAsync("""
        using System.Data.Common;
        using Npgsql;

        // The internal property is assigned in the other part only (one nothing assigns holds no connection).
        public static partial class Db
        {
            public static void Open(string connectionString) => Connection = new NpgsqlConnection(connectionString);
        }

        public static partial class Db
        {
            internal static NpgsqlConnection {|SC0001:Connection|} { get; set; }
        }

        public sealed record Settings(string ConnectionString)
        {
            public static System.Data.IDbConnection {|SC0001:Shared|};
        }

        public class Cache<TConnection> where TConnection : DbConnection, new()
        {
            private static readonly TConnection {|SC0001:_connection|} = new TConnection();
        }
        """);

    [Fact]
    public Task Connection_already_wrapped_by_the_guard_is_not_reported() => Verify.VerifyAsync("""
        using System;
        using System.Data.Common;
        using MySqlConnector;

        namespace StaleConn
        {
            public sealed class ConnectionGuard<T> where T : DbConnection
            {
                public ConnectionGuard(Func<T> factory) { }
            }
        }

        namespace App
        {
            using StaleConn;

            public static class Database
            {
                private static readonly ConnectionGuard<MySqlConnection> Connection =
                    new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

                public static ConnectionGuard<MySqlConnection> Guard { get; } = Connection;
            }
        }
        """);

    [Fact]
    public Task Static_of_a_helper_class_that_keeps_a_connection_is_reported_with_the_kept_members() => Verify.VerifyAsync(
        """
        using System.Data;
        using MySqlConnector;
        using Npgsql;

        public class OrdersDb
        {
            private readonly MySqlConnection {|#1:_connection|} = new MySqlConnection("Server=db");
            public MySqlConnection {|#2:Reports|} { get; set; } = new MySqlConnection("Server=reports");
        }

        public class AuditDb(NpgsqlConnection {|#4:connection|})
        {
            public void Write() => connection.Open();
        }

        public static class Program
        {
            static OrdersDb {|#0:orders|} = new OrdersDb();
            public static AuditDb {|#3:Audit|} { get; } = new AuditDb(new NpgsqlConnection("Host=db"));
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2)
            .WithArguments("field", "orders", "OrdersDb (through its field '_connection', property 'Reports')"),
        Verify.Diagnostic().WithLocation(3).WithLocation(4)
            .WithArguments("property", "Audit", "AuditDb (through its captured parameter 'connection')"));

    [Fact]
    public Task Static_of_a_helper_is_not_reported_when_the_helper_keeps_no_connection_or_comes_from_a_library() => Verify.VerifyAsync(
        """
        using System;
        using System.Data.Common;
        using MySqlConnector;

        public class PerCallDb
        {
            private readonly string _connectionString = "Server=db";
            private readonly MySqlDataSource _dataSource = new MySqlDataSource("Server=db");
            private readonly Func<DbConnection> _factory = () => new MySqlConnection("Server=db");
            public MySqlConnection Open() => new MySqlConnection(_connectionString);
        }

        public struct Settings
        {
            public MySqlConnection Connection;
        }

        public static class Program
        {
            static PerCallDb db = new PerCallDb();
            static MySqlCommand command = new MySqlCommand();   // a library type: its settable Connection is not judged here
            static Settings settings;                           // only classes
            static PerCallDb[] shards = Array.Empty<PerCallDb>();
        }
        """);

    [Fact]
    public Task Singleton_helper_is_left_to_SC0002_so_it_is_reported_once() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public sealed class Database
        {
            private static readonly Database instance = new Database();
            private MySqlConnection connection = new MySqlConnection("Server=db");
            public static Database Instance => instance;
        }

        public static class Program
        {
            static Database db = Database.Instance;
        }
        """);

    [Fact]
    public Task Static_of_a_helper_is_reported_in_csharp_7_3() => Verify.VerifyAsync(
        """
        using System.Data.SqlClient;

        class DB
        {
            public SqlConnection {|#1:Connection|} = new SqlConnection("Server=db");
        }

        class Program
        {
            public static readonly DB {|#0:Db|} = new DB();
        }
        """,
        Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3,
        globalConfig: null,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("field", "Db", "DB (through its field 'Connection')"));

    // The message names the static's own type and the class created into it; both are spelled only when reporting
    // (stop 29), from the static's type and the created class, not from whichever was checked last.
    [Fact]
    public Task Static_typed_as_an_interface_names_the_created_class_in_its_message() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public interface IStore
        {
            void Save();
        }

        public class MySqlStore : IStore
        {
            private readonly MySqlConnection {|#1:_connection|} = new MySqlConnection("Server=db");

            public void Save() => _connection.Open();
        }

        public static class Program
        {
            static readonly IStore {|#0:Store|} = new MySqlStore();
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1)
            .WithArguments("field", "Store", "IStore, created as MySqlStore (through its field '_connection')"));
}
