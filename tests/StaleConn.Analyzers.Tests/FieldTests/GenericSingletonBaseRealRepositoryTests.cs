using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// A class that passes itself to a generic singleton base (<c>class DBHelper : Singleton&lt;DBHelper&gt;</c>) declares
/// no static field; the base keeps its one instance in a static field typed by the type parameter. Its connection is
/// then kept as a classic singleton's is (SC0002), and what it keeps lives as long (SC0007). The base must keep one
/// instance: one that replaces it on every call, or keeps one per thread, makes no singleton; nor does a generic base
/// handed another type. Providers are Npgsql or SqlClient here so that every type binds.
/// </summary>
public class GenericSingletonBaseRealRepositoryTests
{
    [Fact]
    public Task Base_keeping_the_instance_in_a_static_field_of_its_type_parameter_makes_a_singleton() => Verify.VerifyAsync(
        """
        // Real: NeeDev/StockTest@08dcab9da7c8, DBHelper.cs and Singleton.cs (e7654d8d7706): the base creates the
        // one instance by reflection under a lock and a null test; the helper opens its connection in its constructor.
        using System;
        using System.Data.SqlClient;

        public class Singleton<T> where T : class
        {
            private static object syncobj = new object();
            private static volatile T instace = null;

            public static T Instance
            {
                get
                {
                    if (instace == null)
                    {
                        CreateInstance();
                    }
                    return instace;
                }
            }

            private static void CreateInstance()
            {
                lock (syncobj)
                {
                    if (instace == null)
                    {
                        instace = (T)Activator.CreateInstance(typeof(T), true);
                    }
                }
            }
        }

        namespace Stock
        {
            class DBHelper : Singleton<DBHelper>
            {
                const string SCON_STRING = "server=localhost;uid=sa;pwd=asd123;database=STOCK;";

                SqlConnection {|#0:scon|};
                SqlCommand scom;

                DBHelper()
                {
                    scon = new SqlConnection(SCON_STRING);
                    scom = new SqlCommand();
                    scom.Connection = scon;
                    scon.Open();
                }

                public SqlDataReader Command(string commText)
                {
                    scom.CommandText = commText;
                    return scom.ExecuteReader();
                }
            }
        }
        """,
        Verify.Diagnostic("SC0002").WithLocation(0).WithArguments(
            "Field", "scon", "SqlConnection", "DBHelper", "is a singleton (its base 'Singleton<DBHelper>' keeps its only instance in static field 'instace')"));

    [Fact]
    public Task Base_keeping_the_instance_in_a_nested_allocator_makes_a_singleton() => Verify.VerifyAsync(
        """
        // Real: VladimirUE4/Giny@0c02676030dc, Giny.ORM/DatabaseManager.cs (MySql.Data there), over the Stump base of
        // Sadikk/Dofus2-Emulator-Nehra, Stump.Core/Reflection/Singleton.cs (a nested allocator's static T instance).
        using System;
        using Npgsql;

        namespace Stump.Core.Reflection
        {
            public abstract class Singleton<T> where T : class
            {
                internal static class SingletonAllocator
                {
                    internal static T instance;

                    static SingletonAllocator()
                    {
                        instance = (T)Activator.CreateInstance(typeof(T), true);
                    }
                }

                public static T Instance
                {
                    get { return SingletonAllocator.instance; }
                }
            }
        }

        namespace Giny.ORM
        {
            using Stump.Core.Reflection;

            public class DatabaseManager : Singleton<DatabaseManager>
            {
                private NpgsqlConnection {|#0:ConnectionProvider|}
                {
                    get;
                    set;
                }

                public void Initialize(string host, string database, string user, string password)
                {
                    if (ConnectionProvider != null)
                    {
                        throw new Exception("There is already an instance of DatabaseManager.");
                    }

                    ConnectionProvider = new NpgsqlConnection(string.Format("Server={0};UserId={1};Password={2};Database={3}", host, user, password, database));
                    ConnectionProvider.Open();
                }

                public void Query(string query)
                {
                    using (var cmd = new NpgsqlCommand(query, ConnectionProvider))
                    {
                        cmd.ExecuteNonQuery();
                    }
                }

                public void CloseProvider()
                {
                    ConnectionProvider.Close();
                }
            }
        }
        """,
        Verify.Diagnostic("SC0002").WithLocation(0).WithArguments(
            "Property", "ConnectionProvider", "NpgsqlConnection", "DatabaseManager", "is a singleton (its base 'Singleton<DatabaseManager>' keeps its only instance in static field 'instance')"));

    [Fact]
    public Task Server_kept_by_a_generic_instance_base_keeps_its_database_one_step_away() => Verify.VerifyAsync(
        """
        // Owner from Sadikk/Dofus2-Emulator-Nehra@6fe32e391876, Stump.Server.BaseServer/ServerBase.cs and
        // Stump.Server.WorldServer/WorldServer.cs (ServerBase<T>.Instance = this as T in Initialize); the accessor it
        // keeps is reduced to the connection it holds.
        using Npgsql;

        namespace Stump.Server.BaseServer
        {
            public class DatabaseAccessor
            {
                private NpgsqlConnection {|#0:_connection|};

                public DatabaseAccessor(string connectionString)
                {
                    _connection = new NpgsqlConnection(connectionString);
                }

                public void OpenConnection() => _connection.Open();

                public int Execute(string sql)
                {
                    using var command = new NpgsqlCommand(sql, _connection);
                    return command.ExecuteNonQuery();
                }
            }

            public abstract class ServerBase
            {
                public DatabaseAccessor DBAccessor { get; protected set; }

                public virtual void Initialize()
                {
                }
            }

            public abstract class ServerBase<T> : ServerBase where T : class
            {
                public static T Instance;

                public override void Initialize()
                {
                    ServerBase<T>.Instance = this as T;
                    base.Initialize();
                }
            }
        }

        namespace Stump.Server.WorldServer
        {
            using Stump.Server.BaseServer;

            public class {|#1:WorldServer|} : ServerBase<WorldServer>
            {
                private readonly DatabaseAccessor _accessor;

                public WorldServer(string connectionString)
                {
                    _accessor = new DatabaseAccessor(connectionString);
                }

                public override void Initialize()
                {
                    base.Initialize();
                    _accessor.OpenConnection();
                }
            }
        }
        """,
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Field", "_connection", "DatabaseAccessor",
            "'WorldServer' ('WorldServer' keeps the 'DatabaseAccessor' in field '_accessor'); 'WorldServer' is a singleton (its base 'ServerBase<WorldServer>' keeps its only instance in static field 'Instance')"));

    [Fact]
    public Task Base_replacing_its_instance_on_every_call_makes_no_singleton() => Verify.VerifyAsync(
        """
        // Look-alike of NeeDev/StockTest's DBHelper over a base whose accessor creates a new T on every call (soscar's
        // accessor, bgcurbani/soscar DataService/DBConnection.cs, made generic): every caller gets its own helper.
        using System.Data.SqlClient;

        public class Singleton<T> where T : new()
        {
            private static T _instance;

            public static T Instance
            {
                get
                {
                    _instance = new T();
                    return _instance;
                }
            }
        }

        class DBHelper : Singleton<DBHelper>
        {
            SqlConnection scon;

            public DBHelper()
            {
                scon = new SqlConnection("server=localhost;database=STOCK;");
                scon.Open();
            }

            public int Execute(string text)
            {
                using var command = new SqlCommand(text, scon);
                return command.ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task Base_keeping_one_instance_per_thread_makes_no_singleton() => Verify.VerifyAsync(
        """
        // Look-alike: longphui/DapperUnitOfWork's [ThreadStatic] current unit of work (DapperUnitOfWork/UnitOfWork.cs),
        // moved into a generic ambient base: one instance per thread, set and disposed per intercepted call.
        using System;
        using System.Data;
        using Npgsql;

        public abstract class Ambient<T> where T : class
        {
            [ThreadStatic]
            private static T _current;

            public static T Current
            {
                get { return _current; }
                set { _current = value; }
            }
        }

        public class UnitOfWork : Ambient<UnitOfWork>, IDisposable
        {
            private IDbConnection _connection;

            public UnitOfWork()
            {
                _connection = new NpgsqlConnection();
                _connection.Open();
            }

            public void Dispose() => _connection.Dispose();
        }
        """);

    [Fact]
    public Task Generic_base_handed_another_type_makes_no_singleton() => Verify.VerifyAsync(
        """
        // Look-alike: a repository base keyed by its entity (the static cache holds entities, not repositories);
        // each request builds its own repository, whose connection lives as long as the request.
        using System.Collections.Generic;
        using Npgsql;

        public class Player
        {
        }

        public abstract class Repository<T> where T : class
        {
            protected static T LastRead;
        }

        public class PlayerRepository : Repository<Player>
        {
            private NpgsqlConnection _connection;

            public PlayerRepository(string connectionString)
            {
                _connection = new NpgsqlConnection(connectionString);
                _connection.Open();
            }
        }
        """);
}
