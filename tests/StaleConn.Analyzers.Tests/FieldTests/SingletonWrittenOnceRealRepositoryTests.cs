using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// A static field of the type's own type makes the type a singleton only when it keeps one instance: fresh33's two
/// false positives replace it on every call (an accessor that always creates) or hold one per thread
/// (<c>[ThreadStatic]</c>, the ambient unit of work); the kept singletons write it once in effect (a null test, a
/// <c>Lazy</c>). Providers are Npgsql here so that every type binds.
/// </summary>
public class SingletonWrittenOnceRealRepositoryTests
{
    [Fact]
    public Task Accessor_that_creates_a_new_instance_on_every_call_is_not_a_singleton() => Verify.VerifyAsync(
        """
        // Real: bgcurbani/soscar@227bb41c2c90, DataService/DBConnection.cs (MySql.Data there): Instance() assigns a new
        // DBConnection on every call; each WebForms request's data service gets its own.
        using Npgsql;

        namespace DataService
        {
            class DBConnection
            {
                private DBConnection()
                {
                }

                private NpgsqlConnection connection = null;
                public NpgsqlConnection Connection
                {
                    get { return connection; }
                }

                private static DBConnection _instance = null;
                public static DBConnection Instance()
                {
                    _instance = new DBConnection();
                   return _instance;
                }

                public bool IsConnect()
                {
                    if (Connection == null)
                    {
                        connection = new NpgsqlConnection("Server=localhost; database=soscar");
                        connection.Open();
                    }

                    return true;
                }

                public void Close()
                {
                    connection.Close();
                }
            }
        }
        """);

    [Fact]
    public Task Thread_static_current_unit_of_work_is_not_a_singleton() => Verify.VerifyAsync(
        """
        // Real: longphui/DapperUnitOfWork@424ac7bc2aae, DapperUnitOfWork/UnitOfWork.cs (SqlClient there): the
        // interceptor sets Current to a new UnitOfWork per intercepted call and disposes it in its finally.
        using System;
        using System.Data;
        using Npgsql;

        namespace DapperUnitOfWork
        {
            public class UnitOfWork : IDisposable
            {
                private IDbConnection _connection;
                private IDbTransaction _transaction;

                public static UnitOfWork Current
                {
                    get { return _current; }
                    set { _current = value; }
                }

                [ThreadStatic]
                private static UnitOfWork _current;

                public UnitOfWork()
                {
                    _connection = new NpgsqlConnection();
                    _connection.Open();
                }

                public void BeginTransaction()
                {
                    _transaction = _connection.BeginTransaction();
                }

                public void Dispose()
                {
                    _transaction?.Dispose();
                    _connection.Dispose();
                }
            }
        }
        """);

    [Fact]
    public Task Accessor_that_creates_only_when_null_stays_a_singleton() => Verify.VerifyAsync(
        """
        // Real: nkyokoo/unittesting@1a1b38ffcad6, UserService/DBConnection.cs (MySql.Data there): soscar's shape with
        // the null test, so one instance and its connection serve the whole service.
        using Npgsql;

        namespace UserService
        {
            public class DBConnection
            {
                private DBConnection()
                {
                    IsConnect();
                }

                private NpgsqlConnection {|#0:connection|} = null;
                public NpgsqlConnection Connection
                {
                    get { return connection; }
                }

                private static DBConnection _instance = null;
                public static DBConnection Instance()
                {
                    if (_instance == null)
                        _instance = new DBConnection();
                    return _instance;
                }

                public bool IsConnect()
                {
                    if (Connection == null)
                    {
                        connection = new NpgsqlConnection("Server=localhost; database=unittesting");
                        connection.Open();
                    }

                    return true;
                }
            }
        }
        """,
        Verify.Diagnostic("SC0002").WithLocation(0).WithArguments(
            "Field", "connection", "NpgsqlConnection", "DBConnection", "is a singleton (static field '_instance' holds its only instance)"));

    [Fact]
    public Task Accessor_that_creates_under_a_null_test_and_hands_out_the_connection_stays_a_singleton() => Verify.VerifyAsync(
        """
        // Real: M3list/FoodTgBot@3846e235c1ee, ConsoleApp1/DB/Connection/DbConnector.cs (a Telegram bot).
        using Npgsql;

        namespace ConsoleApp1.DB.Connection;

        public class DbConnector
        {
            private static DbConnector _connector = null;
            private const string _connectionString = "Host=db;Database=foodbot";
            private NpgsqlConnection {|#0:_connection|};

            private DbConnector()
            {
                _connection = new NpgsqlConnection(_connectionString);
                _connection.Open();
            }

            public static NpgsqlConnection GetConnection()
            {
                if (_connector == null)
                {
                    _connector = new DbConnector();
                }

                return _connector._connection;
            }
        }
        """,
        Verify.Diagnostic("SC0002").WithLocation(0).WithArguments(
            "Field", "_connection", "NpgsqlConnection", "DbConnector", "is a singleton (static field '_connector' holds its only instance)"));

    [Fact]
    public Task Lazy_initializer_stays_a_singleton() => Verify.VerifyAsync(
        """
        // Real: iris4865/H.A.S@fe3162446496, HatchlingNet/Server/96.DataBase/Core/MySqlAdapter.cs (MySql.Data there; a
        // game server's adapter connected once at start-up).
        using System;
        using Npgsql;

        namespace MySqlDataBase.Core
        {
            sealed class MySqlAdapter : IDisposable
            {
                private static readonly Lazy<MySqlAdapter> instance = new Lazy<MySqlAdapter>(() => new MySqlAdapter());
                NpgsqlConnection {|#0:connection|};

                public static MySqlAdapter Instance => instance.Value;

                public bool Connect(string connectionString)
                {
                    connection = new NpgsqlConnection(connectionString);
                    connection.Open();
                    return true;
                }

                public void Dispose() => connection?.Dispose();
            }
        }
        """,
        Verify.Diagnostic("SC0002").WithLocation(0).WithArguments(
            "Field", "connection", "NpgsqlConnection", "MySqlAdapter", "is a singleton (static field 'instance' holds its only instance)"));

    [Fact]
    public Task Coalescing_assignment_and_early_return_accessors_stay_singletons() => Verify.VerifyAsync(
        """
        using Npgsql;

        public class CoalescingHolder
        {
            private static CoalescingHolder _instance;
            private readonly NpgsqlConnection {|#0:_connection|} = new NpgsqlConnection("Host=db");

            private CoalescingHolder() => _connection.Open();

            public static CoalescingHolder Instance => _instance ??= new CoalescingHolder();
        }

        public class EarlyReturnHolder
        {
            private static EarlyReturnHolder _instance;
            private readonly NpgsqlConnection {|#1:_connection|} = new NpgsqlConnection("Host=db");

            private EarlyReturnHolder() => _connection.Open();

            public static EarlyReturnHolder Instance
            {
                get
                {
                    if (_instance is not null)
                    {
                        return _instance;
                    }

                    _instance = new EarlyReturnHolder();
                    return _instance;
                }
            }
        }
        """,
        Verify.Diagnostic("SC0002").WithLocation(0).WithArguments(
            "Field", "_connection", "NpgsqlConnection", "CoalescingHolder", "is a singleton (static field '_instance' holds its only instance)"),
        Verify.Diagnostic("SC0002").WithLocation(1).WithArguments(
            "Field", "_connection", "NpgsqlConnection", "EarlyReturnHolder", "is a singleton (static field '_instance' holds its only instance)"));

    [Fact]
    public Task A_nested_type_that_replaces_its_own_same_named_holder_leaves_the_outer_singleton() => Verify.VerifyAsync(
        """
        // Real: nkyokoo/unittesting@1a1b38ffcad6, UserService/DBConnection.cs (MySql.Data there), with a nested command
        // type whose own static _instance is replaced on every call: that write is the nested type's field, not the
        // outer's, so the outer stays a singleton.
        using Npgsql;

        namespace UserService
        {
            public class DBConnection
            {
                private DBConnection()
                {
                    IsConnect();
                }

                private NpgsqlConnection {|#0:connection|} = null;
                public NpgsqlConnection Connection
                {
                    get { return connection; }
                }

                private static DBConnection _instance = null;
                public static DBConnection Instance()
                {
                    if (_instance == null)
                        _instance = new DBConnection();
                    return _instance;
                }

                public bool IsConnect()
                {
                    if (Connection == null)
                    {
                        connection = new NpgsqlConnection("Server=localhost; database=unittesting");
                        connection.Open();
                    }

                    return true;
                }

                public class Query
                {
                    private static Query _instance;
                    public static Query Instance()
                    {
                        _instance = new Query();
                        return _instance;
                    }
                }
            }
        }
        """,
        Verify.Diagnostic("SC0002").WithLocation(0).WithArguments(
            "Field", "connection", "NpgsqlConnection", "DBConnection", "is a singleton (static field '_instance' holds its only instance)"));

    [Fact]
    public Task A_write_to_another_types_same_named_holder_leaves_the_singleton_and_a_nested_write_to_its_own_counts() => Verify.VerifyAsync(
        """
        // Real: iris4865/H.A.S@fe3162446496, HatchlingNet/Server/96.DataBase/Core/MySqlAdapter.cs (MySql.Data there),
        // with a per-call Session whose same-named holder the adapter replaces (Session.instance): not the adapter's.
        // Beside it, soscar's per-call shape (bgcurbani/soscar@227bb41c2c90, DataService/DBConnection.cs) written from
        // a nested Factory: that write is the outer's own field, so DBConnection stays no singleton.
        using System;
        using Npgsql;

        namespace MySqlDataBase.Core
        {
            sealed class MySqlAdapter : IDisposable
            {
                private static readonly Lazy<MySqlAdapter> instance = new Lazy<MySqlAdapter>(() => new MySqlAdapter());
                NpgsqlConnection {|#0:connection|};

                public static MySqlAdapter Instance => instance.Value;

                public static Session OpenSession()
                {
                    Session.instance = new Session();
                    return Session.instance;
                }

                public bool Connect(string connectionString)
                {
                    connection = new NpgsqlConnection(connectionString);
                    connection.Open();
                    return true;
                }

                public void Dispose() => connection?.Dispose();
            }

            sealed class Session
            {
                internal static Session instance;
            }

            class DBConnection
            {
                private NpgsqlConnection connection = new NpgsqlConnection("Server=localhost; database=soscar");

                private static DBConnection _instance = null;

                public static class Factory
                {
                    public static DBConnection Instance()
                    {
                        _instance = new DBConnection();
                        return _instance;
                    }
                }
            }
        }
        """,
        Verify.Diagnostic("SC0002").WithLocation(0).WithArguments(
            "Field", "connection", "NpgsqlConnection", "MySqlAdapter", "is a singleton (static field 'instance' holds its only instance)"));
}
