using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A connection member only libraries open — TShock plugins' <c>IDbConnection</c> handed to <c>DbExt</c>/<c>SqlTableCreator</c>
/// (which copy its type and string per call and open the copy, Pryaxis/TShock@5d585bb891ef
/// TShockAPI/Extensions/DbExt.cs) or Dapper (which opens a closed connection and closes it) — becomes a
/// <c>Func&lt;IDbConnection&gt;</c> that builds a new, unopened connection of the provider the code chose at each use.
/// Values that may change (settings a reload replaces) are read once into a local where the connection was built, as
/// before; a condition whose branches read such values becomes an <c>if</c>. It is offered only where the guard and the
/// per-use fixes decline (a provider chosen at start-up, a store keeping the connection): a member they can rebuild
/// (one provider, as History's <c>Database</c>) keeps their fix. Dapper, which opens a closed connection for the call
/// and closes it after, is the library here; TShockLibraryFactoryTests has TShock's own <c>DbExt</c>.
/// </summary>
public class LibraryFactoryFixTests
{
    private const string Usings = """
        using System;
        using System.Data;
        using System.IO;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using MySql.Data.MySqlClient;

        """;

    /// <summary>
    /// UnrealMultiple/TShockPlugin (f15 snapshot) src/CGive/Data.cs: the provider chosen by a condition whose branches
    /// read TShock's settings (here a settings object's properties) — the condition becomes an <c>if</c>, each branch
    /// reading its string once.
    /// </summary>
    [Fact]
    public Task Condition_reading_settings_becomes_an_if_that_reads_each_string_once() => Verify.VerifyAsync(Usings + """
        public class Settings
        {
            public static Settings Current { get; set; } = new Settings();

            public string StorageType { get; set; } = "sqlite";

            public string MySqlConnectionString { get; set; } = "";

            public string SavePath { get; set; } = "tshock";
        }

        public class Data
        {
            private static IDbConnection? {|SC0001:_db|};

            public static void Init()
            {
                _db = Settings.Current.StorageType.Equals("mysql", StringComparison.OrdinalIgnoreCase)
                    ? new MySqlConnection(Settings.Current.MySqlConnectionString)
                    : new SqliteConnection("Data Source=" + Path.Combine(Settings.Current.SavePath, "CGive.sqlite"));
                _db.Execute("CREATE TABLE IF NOT EXISTS CGive (id INTEGER, cmd TEXT)");
            }

            public static void Command(string cmd, object args) => _db!.Execute(cmd, args);

            public static IDataReader QueryReader(string query, object args) => _db!.ExecuteReader(query, args);
        }
        """, Usings + """
        public class Settings
        {
            public static Settings Current { get; set; } = new Settings();

            public string StorageType { get; set; } = "sqlite";

            public string MySqlConnectionString { get; set; } = "";

            public string SavePath { get; set; } = "tshock";
        }

        public class Data
        {
            private static Func<IDbConnection>? _db;

            public static void Init()
            {
                if (Settings.Current.StorageType.Equals("mysql", StringComparison.OrdinalIgnoreCase))
                {
                    var connectionString = Settings.Current.MySqlConnectionString;
                    _db = () => new MySqlConnection(connectionString);
                }
                else
                {
                    var connectionString2 = "Data Source=" + Path.Combine(Settings.Current.SavePath, "CGive.sqlite");
                    _db = () => new SqliteConnection(connectionString2);
                }
                _db().Execute("CREATE TABLE IF NOT EXISTS CGive (id INTEGER, cmd TEXT)");
            }

            public static void Command(string cmd, object args) => _db!().Execute(cmd, args);

            public static IDataReader QueryReader(string query, object args) => _db!().ExecuteReader(query, args);
        }
        """);

    /// <summary>
    /// UnrealMultiple/TShockPlugin (f15 snapshot) src/WorldEdit/WorldEdit/WorldEdit.cs and Tools.cs: if/else on the
    /// storage type with the strings in locals (read again by the lambdas: the method never changes them), a local copy
    /// of the member, and uses from another type.
    /// </summary>
    [Fact]
    public Task Connections_built_from_locals_become_lambdas_and_every_read_an_invocation() => Verify.VerifyAsync(Usings + """
        public class WorldEdit
        {
            public static IDbConnection {|SC0001:Database|};

            public static void Initialize(string storageType, string mySqlHost, string savePath)
            {
                if (storageType != "mysql")
                {
                    string arg = Path.Combine(savePath, "worldedit.sqlite");
                    Database = new SqliteConnection($"Data Source={arg}");
                }
                else
                {
                    string[] hostParts = mySqlHost.Split(':');
                    var connectionString = $"Server={hostParts[0]};Port={(hostParts.Length == 1 ? "3306" : hostParts[1])};Database=tshock";
                    Database = new MySqlConnection(connectionString);
                }

                IDbConnection database = Database;
                database.Execute("CREATE TABLE IF NOT EXISTS WorldEdit (Account INTEGER, UndoLevel INTEGER)");
            }
        }

        public static class Tools
        {
            public static int UndoLevel(int account) =>
                WorldEdit.Database.ExecuteScalar<int>("SELECT UndoLevel FROM WorldEdit WHERE Account = @account", new { account });
        }
        """, Usings + """
        public class WorldEdit
        {
            public static Func<IDbConnection> Database;

            public static void Initialize(string storageType, string mySqlHost, string savePath)
            {
                if (storageType != "mysql")
                {
                    string arg = Path.Combine(savePath, "worldedit.sqlite");
                    Database = () => new SqliteConnection($"Data Source={arg}");
                }
                else
                {
                    string[] hostParts = mySqlHost.Split(':');
                    var connectionString = $"Server={hostParts[0]};Port={(hostParts.Length == 1 ? "3306" : hostParts[1])};Database=tshock";
                    Database = () => new MySqlConnection(connectionString);
                }

                IDbConnection database = Database();
                database.Execute("CREATE TABLE IF NOT EXISTS WorldEdit (Account INTEGER, UndoLevel INTEGER)");
            }
        }

        public static class Tools
        {
            public static int UndoLevel(int account) =>
                WorldEdit.Database().ExecuteScalar<int>("SELECT UndoLevel FROM WorldEdit WHERE Account = @account", new { account });
        }
        """);

    /// <summary>
    /// Pryaxis's EssentialsPlus as kept in realcode TShockPlugin EssentialsPlus/EssentialsPlus.cs and Db/MuteManager.cs:
    /// the MySQL string built from the plugin's reloadable config in an object initializer (read once, into a local),
    /// and the connection handed to a manager that keeps it in a field and only hands it to the library (the plugin keeps
    /// its managers in static properties, a finding of their own; here the manager is a local).
    /// </summary>
    [Fact]
    public Task Connection_kept_by_a_store_that_only_hands_it_on_is_built_per_use_with_the_config_read_once() => Verify.VerifyAsync(Usings + """
        public class Config
        {
            public string MySqlHost { get; set; } = "localhost";

            public string MySqlPassword { get; set; } = "";
        }

        public class MuteManager
        {
            private readonly IDbConnection db;

            public MuteManager(IDbConnection db)
            {
                this.db = db;
                db.Execute("CREATE TABLE IF NOT EXISTS Mutes (Name TEXT)");
            }

            public bool Add(string name) => this.db.Execute("INSERT INTO Mutes (Name) VALUES (@name)", new { name }) > 0;
        }

        public class EssentialsPlus
        {
            public static Config Config { get; private set; } = new Config();

            public static IDbConnection {|SC0001:Db|} { get; private set; }

            public static void OnInitialize(string storageType, string savePath)
            {
                if (storageType.Equals("mysql", StringComparison.OrdinalIgnoreCase))
                {
                    string[] host = Config.MySqlHost.Split(':');
                    Db = new MySqlConnection
                    {
                        ConnectionString = string.Format("Server={0}; Port={1}; Pwd={2};", host[0], host.Length == 1 ? "3306" : host[1], Config.MySqlPassword)
                    };
                }
                else
                {
                    Db = new SqliteConnection("Data Source=" + Path.Combine(savePath, "essentials.sqlite"));
                }

                var mutes = new MuteManager(Db);
                mutes.Add("server");
            }

            public static void OnReload() => Config = new Config();
        }
        """, Usings + """
        public class Config
        {
            public string MySqlHost { get; set; } = "localhost";

            public string MySqlPassword { get; set; } = "";
        }

        public class MuteManager
        {
            private readonly IDbConnection db;

            public MuteManager(IDbConnection db)
            {
                this.db = db;
                db.Execute("CREATE TABLE IF NOT EXISTS Mutes (Name TEXT)");
            }

            public bool Add(string name) => this.db.Execute("INSERT INTO Mutes (Name) VALUES (@name)", new { name }) > 0;
        }

        public class EssentialsPlus
        {
            public static Config Config { get; private set; } = new Config();

            public static Func<IDbConnection> Db { get; private set; }

            public static void OnInitialize(string storageType, string savePath)
            {
                if (storageType.Equals("mysql", StringComparison.OrdinalIgnoreCase))
                {
                    string[] host = Config.MySqlHost.Split(':');
                    var connectionString = string.Format("Server={0}; Port={1}; Pwd={2};", host[0], host.Length == 1 ? "3306" : host[1], Config.MySqlPassword);
                    Db = () => new MySqlConnection
                    {
                        ConnectionString = connectionString
                    };
                }
                else
                {
                    Db = () => new SqliteConnection("Data Source=" + Path.Combine(savePath, "essentials.sqlite"));
                }

                var mutes = new MuteManager(Db());
                mutes.Add("server");
            }

            public static void OnReload() => Config = new Config();
        }
        """);

    /// <summary>A member the code also opens itself is not only opened by a library: the other fixes apply, not this one.</summary>
    [Fact]
    public Task Connection_the_code_opens_itself_does_not_get_the_unopened_factory() => Verify.VerifyAsync(Usings + """
        public class Store
        {
            private static IDbConnection {|SC0001:_db|} = new SqliteConnection("Data Source=store.sqlite");

            public static bool Clear()
            {
                _db.Open();
                return _db.Execute("DELETE FROM Players") != 0;
            }
        }
        """, Usings + """
        public class Store
        {
            private static IDbConnection OpenDb()
            {
                var connection = new SqliteConnection("Data Source=store.sqlite");
                try
                {
                    connection.Open();
                    return connection;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }

            public static bool Clear()
            {
                using var connection = OpenDb();
                return connection.Execute("DELETE FROM Players") != 0;
            }
        }
        """);
}
