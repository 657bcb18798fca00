using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Tests.Infrastructure;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// "Build a new connection for each use" against TShock's own API, compiled here as a stand-in assembly that does what
/// Pryaxis/TShock@5d585bb891ef does (TShockAPI/Extensions/DbExt.cs: <c>Query</c>/<c>QueryReader</c> copy the
/// connection's type and string with <c>CloneEx</c>, open and dispose the copy; TShockAPI/DB/SqlTable.cs:
/// <c>SqlTableCreator</c> keeps the connection and only calls those). The plugin's member is never opened; the fix is
/// offered only because every other fix declines it (<c>NeverOpenedInSolution</c>), and only for reads that reach those
/// calls. Shapes from public plugins, each cited beside its test.
/// </summary>
public class TShockLibraryFactoryTests
{
    private const string Host = """
        using System;
        using System.Data;

        namespace TShockAPI
        {
            public class ConfigFile
            {
                public string StorageType { get; set; } = "sqlite";
                public string MySqlHost { get; set; } = "localhost:3306";
                public string MySqlDbName { get; set; } = "tshock";
                public string MySqlUsername { get; set; } = "root";
                public string MySqlPassword { get; set; } = "";
            }

            public static class TShock
            {
                public static ConfigFile Config { get; set; } = new ConfigFile();
                public static string SavePath = "tshock";
            }
        }

        namespace TShockAPI.DB
        {
            public enum SqlType { Unknown, Sqlite, Mysql }

            public interface IQueryBuilder { }
            public class SqliteQueryCreator : IQueryBuilder { }
            public class MysqlQueryCreator : IQueryBuilder { }

            public sealed class QueryResult : IDisposable
            {
                private readonly IDbConnection connection;
                private readonly IDbCommand command;

                public QueryResult(IDbConnection connection, IDataReader reader, IDbCommand command)
                {
                    this.connection = connection;
                    this.command = command;
                    Reader = reader;
                }

                public IDataReader Reader { get; }
                public bool Read() => Reader.Read();
                public void Dispose()
                {
                    Reader.Dispose();
                    command.Dispose();
                    connection.Dispose();
                }
            }

            public static class DbExt
            {
                public static int Query(this IDbConnection olddb, string query, params object[] args)
                {
                    using var db = olddb.CloneEx();
                    db.Open();
                    using var com = db.CreateCommand();
                    com.CommandText = query;
                    return com.ExecuteNonQuery();
                }

                public static QueryResult QueryReader(this IDbConnection olddb, string query, params object[] args)
                {
                    var db = olddb.CloneEx();
                    db.Open();
                    var com = db.CreateCommand();
                    com.CommandText = query;
                    return new QueryResult(db, com.ExecuteReader(), com);
                }

                public static IDbConnection CloneEx(this IDbConnection conn)
                {
                    var clone = (IDbConnection)Activator.CreateInstance(conn.GetType())!;
                    clone.ConnectionString = conn.ConnectionString;
                    return clone;
                }

                public static SqlType GetSqlType(this IDbConnection conn) => conn.GetType().Name switch
                {
                    "SqliteConnection" => SqlType.Sqlite,
                    "MySqlConnection" => SqlType.Mysql,
                    _ => SqlType.Unknown,
                };
            }

            public class SqlTableCreator
            {
                private readonly IDbConnection database;

                public SqlTableCreator(IDbConnection db, IQueryBuilder provider) => database = db;

                public bool EnsureTableStructure(string table) => database.Query("CREATE TABLE IF NOT EXISTS " + table) >= 0;
            }
        }

        namespace Other
        {
            /// <summary>A library that keeps what it is given: not one that opens its own per call.</summary>
            public static class Keeper
            {
                public static IDbConnection? Kept;

                public static void Keep(IDbConnection connection) => Kept = connection;
            }
        }
        """;

    private const string Usings = """
        using System;
        using System.Data;
        using System.IO;
        using Microsoft.Data.Sqlite;
        using MySql.Data.MySqlClient;
        using TShockAPI;
        using TShockAPI.DB;

        """;

    private static readonly Lazy<MetadataReference> HostReference = new(() => EmittedReference.Of("TShockAPI", Host));

    /// <summary>
    /// Zaicon/InfiniteChestsV2@01164115d6fe InfChests/DB.cs (the same switch in QuiCM/Reports@0677d2290260
    /// Reports/Database.cs's <c>InitDb</c> and edg-l/HelperBot HelperBot/DB.cs): the provider chosen by a <c>switch</c> on
    /// TShock's storage type, the MySQL string built from TShock's config in an object initializer, the table made by
    /// <c>SqlTableCreator</c>, every query through <c>DbExt</c>. Each case's string is read once, where it was.
    /// </summary>
    [Fact]
    public Task Switch_on_the_storage_type_builds_each_providers_connection_per_use() => VerifyAsync(Usings + """
        public static class DB
        {
            private static IDbConnection {|SC0001:db|};

            public static void Connect()
            {
                switch (TShock.Config.StorageType.ToLower())
                {
                    case "mysql":
                        string[] dbHost = TShock.Config.MySqlHost.Split(':');
                        db = new MySqlConnection()
                        {
                            ConnectionString = string.Format("Server={0}; Port={1}; Database={2}; Uid={3}; Pwd={4};",
                                dbHost[0],
                                dbHost.Length == 1 ? "3306" : dbHost[1],
                                TShock.Config.MySqlDbName,
                                TShock.Config.MySqlUsername,
                                TShock.Config.MySqlPassword)
                        };
                        break;

                    case "sqlite":
                        string sql = Path.Combine(TShock.SavePath, "InfChests.sqlite");
                        db = new SqliteConnection(string.Format("uri=file://{0},Version=3", sql));
                        break;
                }

                SqlTableCreator sqlcreator = new SqlTableCreator(db, db.GetSqlType() == SqlType.Sqlite ? (IQueryBuilder)new SqliteQueryCreator() : new MysqlQueryCreator());
                sqlcreator.EnsureTableStructure("InfChests");
            }

            public static bool RemoveChest(int id) => db.Query("DELETE FROM InfChests WHERE ID = @0", id) > 0;

            public static int CountChests()
            {
                using (var reader = db.QueryReader("SELECT COUNT(*) FROM InfChests"))
                {
                    return reader.Read() ? reader.Reader.GetInt32(0) : 0;
                }
            }
        }
        """, Usings + """
        public static class DB
        {
            private static Func<IDbConnection> db;

            public static void Connect()
            {
                switch (TShock.Config.StorageType.ToLower())
                {
                    case "mysql":
                        string[] dbHost = TShock.Config.MySqlHost.Split(':');
                        var connectionString = string.Format("Server={0}; Port={1}; Database={2}; Uid={3}; Pwd={4};",
                                dbHost[0],
                                dbHost.Length == 1 ? "3306" : dbHost[1],
                                TShock.Config.MySqlDbName,
                                TShock.Config.MySqlUsername,
                                TShock.Config.MySqlPassword);
                        db = () => new MySqlConnection()
                        {
                            ConnectionString = connectionString
                        };
                        break;

                    case "sqlite":
                        string sql = Path.Combine(TShock.SavePath, "InfChests.sqlite");
                        db = () => new SqliteConnection(string.Format("uri=file://{0},Version=3", sql));
                        break;
                }

                SqlTableCreator sqlcreator = new SqlTableCreator(db(), db().GetSqlType() == SqlType.Sqlite ? (IQueryBuilder)new SqliteQueryCreator() : new MysqlQueryCreator());
                sqlcreator.EnsureTableStructure("InfChests");
            }

            public static bool RemoveChest(int id) => db().Query("DELETE FROM InfChests WHERE ID = @0", id) > 0;

            public static int CountChests()
            {
                using (var reader = db().QueryReader("SELECT COUNT(*) FROM InfChests"))
                {
                    return reader.Read() ? reader.Reader.GetInt32(0) : 0;
                }
            }
        }
        """);

    /// <summary>
    /// UnrealMultiple/TShockPlugin (f15 snapshot) src/CGive/Data.cs: the provider chosen by a condition on TShock's
    /// settings, the table made by <c>SqlTableCreator</c>, queries through <c>DbExt</c> after a <c>!</c>.
    /// </summary>
    [Fact]
    public Task Condition_on_the_storage_type_becomes_an_if_that_reads_each_setting_once() => VerifyAsync(Usings + """
        public class Data
        {
            private static IDbConnection? {|SC0001:_db|};

            public static void Init()
            {
                _db = TShock.Config.StorageType.Equals("mysql", StringComparison.OrdinalIgnoreCase)
                    ? new MySqlConnection(TShock.Config.MySqlHost)
                    : new SqliteConnection("Data Source=" + Path.Combine(TShock.SavePath, "CGive.sqlite"));

                var creator = new SqlTableCreator(_db, _db.GetSqlType() == SqlType.Sqlite ? new SqliteQueryCreator() : new MysqlQueryCreator());
                creator.EnsureTableStructure("CGive");
            }

            public static void Command(string cmd, params object[] args)
            {
                _db!.Query(cmd, args);
            }

            public static QueryResult QueryReader(string query, params object[] args)
            {
                return _db!.QueryReader(query, args);
            }
        }
        """, Usings + """
        public class Data
        {
            private static Func<IDbConnection>? _db;

            public static void Init()
            {
                if (TShock.Config.StorageType.Equals("mysql", StringComparison.OrdinalIgnoreCase))
                {
                    var connectionString = TShock.Config.MySqlHost;
                    _db = () => new MySqlConnection(connectionString);
                }
                else
                {
                    var connectionString2 = "Data Source=" + Path.Combine(TShock.SavePath, "CGive.sqlite");
                    _db = () => new SqliteConnection(connectionString2);
                }

                var creator = new SqlTableCreator(_db(), _db().GetSqlType() == SqlType.Sqlite ? new SqliteQueryCreator() : new MysqlQueryCreator());
                creator.EnsureTableStructure("CGive");
            }

            public static void Command(string cmd, params object[] args)
            {
                _db!().Query(cmd, args);
            }

            public static QueryResult QueryReader(string query, params object[] args)
            {
                return _db!().QueryReader(query, args);
            }
        }
        """);

    /// <summary>
    /// Pryaxis-era EssentialsPlus as kept in UnrealMultiple/TShockPlugin src/EssentialsPlus (EssentialsPlus.cs,
    /// Db/MuteManager.cs, Db/HomeManager.cs): the connection is handed to managers that keep it in a field and only hand
    /// it to <c>SqlTableCreator</c> and <c>DbExt</c> — why the other fixes decline it (<c>ConnectionHandedToStoredObject</c>:
    /// a lease cannot follow a stored object). Each manager now keeps its own unopened connection, as it kept the shared
    /// one. (The plugin keeps its managers in static properties — with TShock's assembly referenced that is a finding of
    /// its own, through the manager's field; here the manager is a local.)
    /// </summary>
    [Fact]
    public Task Connection_handed_to_managers_that_only_hand_it_to_DbExt_is_built_per_use() => VerifyAsync(Usings + """
        public class MuteManager
        {
            private readonly IDbConnection db;

            public MuteManager(IDbConnection db)
            {
                this.db = db;
                var sqlCreator = new SqlTableCreator(db, db.GetSqlType() == SqlType.Sqlite ? new SqliteQueryCreator() : new MysqlQueryCreator());
                sqlCreator.EnsureTableStructure("Mutes");
            }

            public bool Add(string name) => this.db.Query("INSERT INTO Mutes (Name) VALUES (@0)", name) > 0;
        }

        public class EssentialsPlus
        {
            public static IDbConnection {|SC0001:Db|} { get; private set; } = null!;

            public static void OnInitialize()
            {
                if (TShock.Config.StorageType.Equals("mysql", StringComparison.OrdinalIgnoreCase))
                {
                    var host = TShock.Config.MySqlHost.Split(':');
                    Db = new MySqlConnection
                    {
                        ConnectionString = string.Format("Server={0}; Port={1}; Pwd={2};", host[0], host.Length == 1 ? "3306" : host[1], TShock.Config.MySqlPassword)
                    };
                }
                else
                {
                    Db = TShock.Config.StorageType.Equals("sqlite", StringComparison.OrdinalIgnoreCase)
                        ? (IDbConnection)new SqliteConnection("Data Source=" + Path.Combine(TShock.SavePath, "essentials.sqlite"))
                        : throw new InvalidOperationException("Invalid storage type");
                }

                var mutes = new MuteManager(Db);
                mutes.Add("server");
            }
        }
        """, Usings + """
        public class MuteManager
        {
            private readonly IDbConnection db;

            public MuteManager(IDbConnection db)
            {
                this.db = db;
                var sqlCreator = new SqlTableCreator(db, db.GetSqlType() == SqlType.Sqlite ? new SqliteQueryCreator() : new MysqlQueryCreator());
                sqlCreator.EnsureTableStructure("Mutes");
            }

            public bool Add(string name) => this.db.Query("INSERT INTO Mutes (Name) VALUES (@0)", name) > 0;
        }

        public class EssentialsPlus
        {
            public static Func<IDbConnection> Db { get; private set; } = null!;

            public static void OnInitialize()
            {
                if (TShock.Config.StorageType.Equals("mysql", StringComparison.OrdinalIgnoreCase))
                {
                    var host = TShock.Config.MySqlHost.Split(':');
                    var connectionString = string.Format("Server={0}; Port={1}; Pwd={2};", host[0], host.Length == 1 ? "3306" : host[1], TShock.Config.MySqlPassword);
                    Db = () => new MySqlConnection
                    {
                        ConnectionString = connectionString
                    };
                }
                else
                {
                    if (TShock.Config.StorageType.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
                    {
                        var connectionString2 = "Data Source=" + Path.Combine(TShock.SavePath, "essentials.sqlite");
                        Db = () => (IDbConnection)new SqliteConnection(connectionString2);
                    }
                    else
                    {
                        throw new InvalidOperationException("Invalid storage type");
                    }
                }

                var mutes = new MuteManager(Db());
                mutes.Add("server");
            }
        }
        """);

    /// <summary>
    /// UnrealMultiple/TShockPlugin src/CGive/Data.cs compiled as loose sources, without TShock's assembly (how the
    /// held-out sets and <c>dotnet format</c> on a checkout without TShock's package see it): <c>DbExt</c>'s calls and
    /// TShock's settings do not bind. The calls count by their names in a file importing <c>TShockAPI.DB</c>; the
    /// settings, typed by the missing assembly, are read once into <c>var</c> locals all the same.
    /// </summary>
    [Fact]
    public Task Plugin_compiled_without_TShocks_assembly_still_gets_the_fix()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                public class Data
                {
                    private static IDbConnection? {|SC0001:_db|};

                    public static void Init()
                    {
                        _db = TShock.Config.Settings.StorageType.Equals("mysql", StringComparison.OrdinalIgnoreCase)
                            ? new MySqlConnection(TShock.Config.Settings.MySqlConnectionString)
                            : new SqliteConnection("Data Source=" + Path.Combine(TShock.SavePath, "CGive.sqlite"));
                        var creator = new SqlTableCreator(_db, _db.GetSqlQueryBuilder());
                        creator.EnsureTableStructure(new SqlTable("CGive"));
                    }

                    public static void Command(string cmd, params object[] args)
                    {
                        _db!.Query(cmd, args);
                    }
                }
                """,
            FixedCode = Usings + """
                public class Data
                {
                    private static Func<IDbConnection>? _db;

                    public static void Init()
                    {
                        if (TShock.Config.Settings.StorageType.Equals("mysql", StringComparison.OrdinalIgnoreCase))
                        {
                            var connectionString = TShock.Config.Settings.MySqlConnectionString;
                            _db = () => new MySqlConnection(connectionString);
                        }
                        else
                        {
                            var connectionString2 = "Data Source=" + Path.Combine(TShock.SavePath, "CGive.sqlite");
                            _db = () => new SqliteConnection(connectionString2);
                        }
                        var creator = new SqlTableCreator(_db(), _db().GetSqlQueryBuilder());
                        creator.EnsureTableStructure(new SqlTable("CGive"));
                    }

                    public static void Command(string cmd, params object[] args)
                    {
                        _db!().Query(cmd, args);
                    }
                }
                """,
            CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
        };
        return test.RunAsync();
    }

    /// <summary>
    /// UnrealMultiple/TShockPlugin (f15 snapshot and realcode) src/PvPer/DBManager/DbManager.cs and PvPer.cs: a static
    /// copy of the constructor's parameter, the only caller a field initializer passing a new SqliteConnection built from
    /// <c>TShock.SavePath</c>. The string is captured where the constructor kept the object — the moment the setting was
    /// read before — and each use builds a new connection from it; the constructor's own table creation keeps the object.
    /// </summary>
    [Fact]
    public Task Copied_constructor_parameter_captures_its_string_where_it_was_kept() => VerifyAsync(Usings + """
        namespace PvPer
        {
            public class DbManager
            {
                private static IDbConnection {|SC0001:_db|};

                public DbManager(IDbConnection db)
                {
                    _db = db;

                    var sqlCreator = new SqlTableCreator(db, new SqliteQueryCreator());
                    sqlCreator.EnsureTableStructure("Players");
                }

                public bool InsertPlayer(int accountID) => _db.Query("INSERT INTO Players (AccountID) VALUES (@0)", accountID) != 0;

                public static bool ClearData()
                {
                    return _db.Query("DELETE FROM Players") != 0;
                }
            }

            public class PvPer
            {
                public static DbManager DbManager = new DbManager(new SqliteConnection("Data Source=" + Path.Combine(TShock.SavePath, "pvp.sqlite")));
            }
        }
        """, Usings + """
        namespace PvPer
        {
            public class DbManager
            {
                private static Func<IDbConnection> _db;

                public DbManager(IDbConnection db)
                {
                    var connectionString = db.ConnectionString;
                    _db = () => new SqliteConnection(connectionString);

                    var sqlCreator = new SqlTableCreator(db, new SqliteQueryCreator());
                    sqlCreator.EnsureTableStructure("Players");
                }

                public bool InsertPlayer(int accountID) => _db().Query("INSERT INTO Players (AccountID) VALUES (@0)", accountID) != 0;

                public static bool ClearData()
                {
                    return _db().Query("DELETE FROM Players") != 0;
                }
            }

            public class PvPer
            {
                public static DbManager DbManager = new DbManager(new SqliteConnection("Data Source=" + Path.Combine(TShock.SavePath, "pvp.sqlite")));
            }
        }
        """);

    /// <summary>
    /// Spctre23/TrollariaBosses@77660d1fc633 Database/DatabaseManager.cs and TrollariaAddons.cs (an instance, nullable
    /// copy; the caller's string reads a static field computed from <c>TShock.SavePath</c>), and Soof4/PvPer@0036637c37f2
    /// PvPer/DBManager/DbManager.cs (the same manager with an instance field). The callee's file does not import the
    /// provider's namespace: the type is written in full.
    /// </summary>
    [Fact]
    public Task Copied_instance_parameter_names_the_callers_type_in_full()
    {
        // The plugin's static keeps the manager: SC0001 names the static, with the manager's field as its second location.
        var kept = Verify.Diagnostic("SC0001").WithSpan("Plugin.cs", 7, 39, 7, 48).WithSpan(11, 32, 11, 35)
            .WithArguments("field", "DBManager", "DatabaseManager (through its field '_db')");
        return VerifyAsync(new[] { kept }, """
        using System.Data;
        using System.IO;
        using TShockAPI;
        using TShockAPI.DB;

        namespace TrollariaAddons
        {
            public class DatabaseManager
            {
                public static string DatabasePath = Path.Combine(TShock.SavePath, "SFactions.sqlite");
                private IDbConnection? _db;

                public DatabaseManager(IDbConnection db)
                {
                    _db = db;

                    var sqlCreator = new SqlTableCreator(db, new SqliteQueryCreator());
                    sqlCreator.EnsureTableStructure("TableName");
                }

                public bool InsertRow(string name) => _db.Query("INSERT INTO TableName (Name) VALUES (@0)", name) != 0;
            }
        }
        """, """
        using System.Data;
        using System.IO;
        using TShockAPI;
        using TShockAPI.DB;

        namespace TrollariaAddons
        {
            public class DatabaseManager
            {
                public static string DatabasePath = Path.Combine(TShock.SavePath, "SFactions.sqlite");
                private System.Func<IDbConnection>? _db;

                public DatabaseManager(IDbConnection db)
                {
                    var connectionString = db.ConnectionString;
                    _db = () => new Microsoft.Data.Sqlite.SqliteConnection(connectionString);

                    var sqlCreator = new SqlTableCreator(db, new SqliteQueryCreator());
                    sqlCreator.EnsureTableStructure("TableName");
                }

                public bool InsertRow(string name) => _db().Query("INSERT INTO TableName (Name) VALUES (@0)", name) != 0;
            }
        }
        """, ("Plugin.cs", """
        using Microsoft.Data.Sqlite;

        namespace TrollariaAddons
        {
            public class TrollariaAddons
            {
                public static DatabaseManager DBManager = new DatabaseManager(new SqliteConnection("Data Source=" + DatabaseManager.DatabasePath));
            }
        }
        """));
    }

    /// <summary>Callers that build different providers: the type would have to be read per use — no capture, no fix.</summary>
    [Fact]
    public Task Copied_parameter_of_callers_that_build_different_providers_gets_no_fix() => VerifyNoFixAsync(Usings + """
        public class DbManager
        {
            private static IDbConnection {|SC0001:_db|};

            public DbManager(IDbConnection db)
            {
                _db = db;
            }

            public static bool ClearData() => _db.Query("DELETE FROM Players") != 0;
        }

        public class Plugin
        {
            public static DbManager Sqlite = new DbManager(new SqliteConnection("Data Source=pvp.sqlite"));
            public static DbManager MySql = new DbManager(new MySqlConnection(TShock.Config.MySqlHost));
        }
        """);

    /// <summary>The constructor hands the parameter to a library before it keeps it: the string is not read first — no fix.</summary>
    [Fact]
    public Task Copied_parameter_used_before_it_is_kept_gets_no_fix() => VerifyNoFixAsync(Usings + """
        public class DbManager
        {
            private static IDbConnection {|SC0001:_db|};

            public DbManager(IDbConnection db)
            {
                db.Query("CREATE TABLE IF NOT EXISTS Players (AccountID INTEGER)");
                _db = db;
            }

            public static bool ClearData() => _db.Query("DELETE FROM Players") != 0;
        }

        public class Plugin
        {
            public static DbManager Manager = new DbManager(new SqliteConnection("Data Source=" + Path.Combine(TShock.SavePath, "pvp.sqlite")));
        }
        """);

    /// <summary>A member also handed to a library that may keep it (not one that opens its own per call): no fix.</summary>
    [Fact]
    public Task Connection_also_handed_to_a_library_that_keeps_it_gets_no_fix() => VerifyNoFixAsync(Usings + """
        public static class Store
        {
            private static IDbConnection {|SC0001:db|};

            public static void Connect(bool mysql)
            {
                db = mysql ? new MySqlConnection(TShock.Config.MySqlHost) : new SqliteConnection("Data Source=store.sqlite");
                Other.Keeper.Keep(db);
            }

            public static int Clear() => db.Query("DELETE FROM Players");
        }
        """);

    private static Task VerifyAsync(string source, string fixedSource) => VerifyAsync(System.Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>(), source, fixedSource);

    private static Task VerifyAsync(Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected, string source, string fixedSource, params (string Name, string Source)[] otherFiles)
    {
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource };
        test.TestState.ExpectedDiagnostics.AddRange(expected);
        foreach (var file in otherFiles)
        {
            test.TestState.Sources.Add(file);
            test.FixedState.Sources.Add(file);
        }

        test.TestState.AdditionalReferences.Add(HostReference.Value);
        test.FixedState.AdditionalReferences.Add(HostReference.Value);
        return test.RunAsync();
    }

    private static Task VerifyNoFixAsync(string source)
    {
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        test.TestState.AdditionalReferences.Add(HostReference.Value);
        test.FixedState.AdditionalReferences.Add(HostReference.Value);
        return test.RunAsync();
    }
}
