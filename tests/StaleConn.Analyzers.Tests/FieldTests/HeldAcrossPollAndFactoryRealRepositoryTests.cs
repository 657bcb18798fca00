using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// SC0007 one step away, on shapes taken whole from public repositories: a data-access class kept as a local across an
/// endless polling loop while other code creates it per use (the loop's own instance is still the loop's for good), and
/// a holder created by a factory that only hands it over to a plugin's member. Negatives: the same loop where the class
/// opens and closes around each use, creates a new one every turn, or runs a bounded number of turns; a factory whose
/// member goes to a local.
/// </summary>
public class HeldAcrossPollAndFactoryRealRepositoryTests
{
    private const string CounterStrikeSharpStubs = """

        namespace CounterStrikeSharp.API.Core
        {
            public abstract class BasePlugin
            {
                public abstract string ModuleName { get; }
                public virtual void Load(bool hotReload) { }
            }
        }
        """;

    // Real: valloon91234/Github2Telegram, Github2Telegram/Dao/GithubAccountDao.cs (the connection opened in the
    // constructor and kept in an auto-property).
    private const string GithubAccountDao = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using MySql.Data.MySqlClient;

        public class GithubAccountDao : IDisposable
        {
            private MySqlConnection {|#0:Connection|} { get; set; }

            public GithubAccountDao()
            {
                MySqlConnection connection = new("Server=db;Database=github");
                connection.OpenAsync().GetAwaiter().GetResult();
                this.Connection = connection;
            }

            public List<string> SelectAll()
            {
                using var cmd = new MySqlCommand("SELECT name FROM tbl_github_account ORDER BY created_at", Connection);
                using var reader = cmd.ExecuteReader();
                var list = new List<string>();
                while (reader.Read())
                {
                    list.Add((string)reader["name"]);
                }

                return list;
            }

            public void Dispose()
            {
                Connection?.Dispose();
                GC.SuppressFinalize(this);
            }
        }

        """;

    [Fact]
    public Task Dao_kept_across_a_sleeping_poll_is_reported_though_updates_create_it_per_use() => Verify.VerifyAsync(
        GithubAccountDao + """
        // Real: valloon91234/Github2Telegram, Github2Telegram/GithubClient.cs (Run keeps the DAO across a `while (true)`
        // poll paced by Thread.Sleep, and makes a new one only after a failed turn) and TelegramClient.cs (each update
        // handler creates its own DAO in a using declaration).
        internal class GithubClient
        {
            public static void Run()
            {
                Thread.Sleep(5000);
                GithubAccountDao githubAccountDao = new();
                {|#1:while|} (true)
                {
                    try
                    {
                        foreach (var account in githubAccountDao.SelectAll())
                        {
                            Console.WriteLine(account);
                        }
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex.Message);
                        githubAccountDao.Dispose();
                        githubAccountDao = new();
                    }

                    Thread.Sleep(30 * 1000);
                }
            }
        }

        internal class TelegramClient
        {
            public static void HandleUpdate(string text)
            {
                using GithubAccountDao githubAccountDao = new();
                foreach (var account in githubAccountDao.SelectAll())
                {
                    Console.WriteLine(account + text);
                }
            }
        }
        """,
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Property", "Connection", "GithubAccountDao",
            "the loop in 'Run' ('GithubAccountDao' is created before the loop and used on every turn); the loop waits (Thread.Sleep)"));

    [Fact]
    public Task Dao_opened_and_closed_around_each_use_is_not_reported_across_the_poll() => Verify.VerifyAsync(
        """
        // Real holder: snow-king/Client-Server-Project (branch review), Server/SQLConnector.cs: each query opens the
        // connection and closes it in `finally`, so it sits closed through every wait. The repository keeps the one
        // connector for its HttpListener loop (Listener.cs); here a sleeping loop and a per-use site stand for that.
        using System;
        using System.Threading;
        using MySql.Data.MySqlClient;

        public class SQLConnector
        {
            public MySqlConnection Connection;

            public SQLConnector() => Connection = new MySqlConnection("Server=db;Database=app");

            public int CountUsers()
            {
                try
                {
                    Connection.Open();
                    using var command = new MySqlCommand("SELECT COUNT(*) FROM users", Connection);
                    return Convert.ToInt32(command.ExecuteScalar());
                }
                finally
                {
                    Connection.Close();
                }
            }
        }

        internal class Server
        {
            public static void Run()
            {
                var connector = new SQLConnector();
                while (true)
                {
                    Console.WriteLine(connector.CountUsers());
                    Thread.Sleep(10000);
                }
            }

            public static int Once()
            {
                var connector = new SQLConnector();
                return connector.CountUsers();
            }
        }
        """);

    [Fact]
    public Task Dao_created_on_every_turn_of_the_poll_is_not_reported() => Verify.VerifyAsync(
        GithubAccountDao.Replace("{|#0:Connection|}", "Connection") + """
        internal class GithubClient
        {
            public static void Run()
            {
                while (true)
                {
                    var githubAccountDao = new GithubAccountDao();
                    Console.WriteLine(githubAccountDao.SelectAll().Count);
                    Thread.Sleep(30 * 1000);
                }
            }

            public static void Once()
            {
                using var githubAccountDao = new GithubAccountDao();
                Console.WriteLine(githubAccountDao.SelectAll().Count);
            }
        }
        """);

    [Fact]
    public Task Dao_reused_by_a_loop_bounded_by_a_counter_is_not_reported() => Verify.VerifyAsync(
        GithubAccountDao.Replace("{|#0:Connection|}", "Connection") + """
        internal class GithubClient
        {
            public static void Run()
            {
                var githubAccountDao = new GithubAccountDao();
                for (var attempt = 0; githubAccountDao.SelectAll().Count == 0 && attempt < 20; attempt++)
                {
                    Thread.Sleep(1000);
                }
            }

            public static void Once()
            {
                using var githubAccountDao = new GithubAccountDao();
                Console.WriteLine(githubAccountDao.SelectAll().Count);
            }
        }
        """);

    // project-origin/wallet (rand32), test/ProjectOrigin.Vault.Tests/Repositories/ClaimRepositoryTests.cs,
    // CreateClaimsAndCerts: a repository made before `for (int i = 0; i < numberOfClaims; i++)` that waits
    // `Task.Delay(delay)` each turn. The loop steps its own counter towards its bound: it ends, whatever the bound's name.
    [Fact]
    public Task Dao_reused_by_a_for_loop_stepping_its_own_counter_is_not_reported() => Verify.VerifyAsync(
        GithubAccountDao.Replace("{|#0:Connection|}", "Connection") + """
        internal class GithubClient
        {
            public static async System.Threading.Tasks.Task Seed(int numberOfAccounts, int delay)
            {
                var githubAccountDao = new GithubAccountDao();
                for (int i = 0; i < numberOfAccounts; i++)
                {
                    Console.WriteLine(githubAccountDao.SelectAll().Count);
                    await System.Threading.Tasks.Task.Delay(delay);
                }
            }

            public static void Once()
            {
                using var githubAccountDao = new GithubAccountDao();
                Console.WriteLine(githubAccountDao.SelectAll().Count);
            }
        }
        """);

    // Real: oscar-wos/Sessions, src/PostgresService.cs, src/IDatabase.cs, src/DatabaseFactory.cs, src/Globals.cs and
    // src/Sessions.cs (the factory picks the holder by the configured type and hands it over through its property; the
    // CounterStrikeSharp plugin keeps it in field 'Database' and queries through it on every listener event).
    private const string SessionsHolder = """
        using System;
        using Npgsql;
        using CounterStrikeSharp.API.Core;

        public interface IDatabase
        {
            int GetMap(string name);
        }

        public class PostgresService : IDatabase
        {
            private readonly NpgsqlConnection {|#0:_connection|};

            public PostgresService(string connectionString)
            {
                _connection = new NpgsqlConnection(connectionString);
                _connection.Open();
            }

            public int GetMap(string name)
            {
                using var command = new NpgsqlCommand("SELECT id FROM maps WHERE name = @name", _connection);
                command.Parameters.AddWithValue("name", name);
                return (int)command.ExecuteScalar()!;
            }
        }

        public class DatabaseFactory
        {
            public DatabaseFactory(string type, string connectionString)
            {
                Database = type switch
                {
                    "postgres" => new PostgresService(connectionString),
                    _ => throw new InvalidOperationException("Database type is not supported"),
                };
            }

            public IDatabase Database { get; }
        }

        """;

    [Fact]
    public Task Holder_handed_over_by_a_factory_to_a_plugin_field_is_reported() => Verify.VerifyAsync(
        SessionsHolder + """
        public class {|#1:Sessions|} : BasePlugin
        {
            public override string ModuleName => "Sessions";

            public IDatabase Database = null!;

            public void OnConfigParsed(string type, string connectionString)
            {
                Database = new DatabaseFactory(type, connectionString).Database;
            }

            public void OnMapStart(string mapName) => Console.WriteLine(Database.GetMap(mapName));
        }
        """ + CounterStrikeSharpStubs,
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Field", "_connection", "PostgresService",
            "'Sessions' ('Sessions' keeps the 'PostgresService' in field 'Database', then 'DatabaseFactory' creates it in property 'Database' and hands it over); 'Sessions' is a plugin (the server loads it once and keeps it while it runs)"));

    [Fact]
    public Task Holder_a_factory_keeps_in_a_field_and_returns_from_a_property_is_reported() => Verify.VerifyAsync(
        """
        // Real: oscar-wos/Sessions at 0e99e584, IDatabase.cs (the factory keeps the holder in its private field and
        // returns it from a computed property), PostgresService.cs and Sessions.cs (`_database = new
        // DatabaseFactory(config).Database;` in OnConfigParsed).
        using System;
        using Npgsql;
        using CounterStrikeSharp.API.Core;

        public interface IDatabase
        {
            void CreateTablesAsync();
        }

        public class PostgresService : IDatabase
        {
            private readonly NpgsqlConnection {|#0:_connection|};

            public PostgresService(string connectionString)
            {
                _connection = new NpgsqlConnection(connectionString);
                _connection.Open();
            }

            public void CreateTablesAsync()
            {
                using var command = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS maps (id SMALLSERIAL PRIMARY KEY)", _connection);
                command.ExecuteNonQuery();
            }
        }

        public class DatabaseFactory
        {
            private readonly IDatabase _database;

            public DatabaseFactory(string databaseType)
            {
                _database = databaseType switch
                {
                    "postgres" => new PostgresService("Host=db"),
                    _ => throw new InvalidOperationException("Database type is not supported"),
                };
            }

            public IDatabase Database => _database;
        }

        public class {|#1:Sessions|} : BasePlugin
        {
            public override string ModuleName => "Sessions";

            public IDatabase _database = null!;

            public void OnConfigParsed(string databaseType)
            {
                _database = new DatabaseFactory(databaseType).Database;
                _database.CreateTablesAsync();
            }
        }
        """ + CounterStrikeSharpStubs,
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Field", "_connection", "PostgresService",
            "'Sessions' ('Sessions' keeps the 'PostgresService' in field '_database', then 'DatabaseFactory' creates it in field '_database' and hands it over); 'Sessions' is a plugin (the server loads it once and keeps it while it runs)"));

    [Fact]
    public Task Holder_a_factory_hands_to_a_local_is_not_reported() => Verify.VerifyAsync(
        SessionsHolder.Replace("{|#0:_connection|}", "_connection") + """
        public class Sessions : BasePlugin
        {
            public override string ModuleName => "Sessions";

            public IDatabase Database = null!;

            public void OnConfigParsed(string type, string connectionString)
            {
                Database = new DatabaseFactory(type, connectionString).Database;
            }

            public static int Check(string type, string connectionString)
            {
                var database = new DatabaseFactory(type, connectionString).Database;
                return database.GetMap("de_dust2");
            }
        }
        """ + CounterStrikeSharpStubs);
}
