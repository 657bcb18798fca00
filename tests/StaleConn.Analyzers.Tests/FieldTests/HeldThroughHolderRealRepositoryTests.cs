using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// Connections held one step away from a long-lived owner, each shape from ONE public repository (owner, holder and
/// every creation site of the holder), reduced to what compiles against the test references; framework types are
/// stubbed at the end. Every rule runs, as in a user's build: a holder kept in a static is SC0001's (through the
/// holder's field), a holder kept by an instance that lives for the process is SC0007's, a singleton holder is SC0002's.
/// </summary>
public class HeldThroughHolderRealRepositoryTests
{
    [Fact]
    public Task Plugin_tables_deriving_a_generic_base_that_keeps_the_connection_in_static_fields_are_reported() => Verify.VerifyAsync(
        """
        // Real: NotAloneAgain/Marine 9f1243e, Marine.MySQL/API/Tables/Table.cs, LevelsTable.cs, SyncTable.cs and
        // API/MySqlManager.cs (an Exiled plugin's OnEnabled fills two static table fields; the connection sits in their
        // generic abstract base, opened once in Init; the State check cannot see a session the server closed).
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace Marine.MySQL.API
        {
            public abstract class Table<TKey, TClass>
            {
                private protected readonly MySqlConnection _connection;

                protected Table(string connectionString) => _connection = new MySqlConnection(connectionString);

                public bool IsClosed => _connection.State is not ConnectionState.Open and not ConnectionState.Connecting;

                public void Open() => _connection.Open();
            }

            public sealed class Statistics { }

            public sealed class LevelsTable : Table<string, Statistics>
            {
                public LevelsTable(string connectionString) : base(connectionString) { }

                public void Insert(string userId)
                {
                    if (_connection.State != ConnectionState.Open) _connection.Open();
                    new MySqlCommand("INSERT INTO levels (id) VALUES (@id)", _connection).ExecuteNonQuery();
                }
            }

            public sealed class SyncTable : Table<long, string>
            {
                public SyncTable(string connectionString) : base(connectionString) { }

                public void Sync() => new MySqlCommand("UPDATE sync SET at = NOW()", _connection).ExecuteNonQuery();
            }

            public static class MySqlManager
            {
                private static LevelsTable {|SC0001:_levels|};
                private static SyncTable {|SC0001:_sync|};

                public static LevelsTable Levels
                {
                    get
                    {
                        if (_levels.IsClosed) _levels.Open();
                        return _levels;
                    }
                }

                public static void Init(string discord, string scp)
                {
                    _levels = new LevelsTable(scp);
                    _sync = new SyncTable(discord);
                    _levels.Open();
                    _sync.Open();
                }
            }
        }

        namespace Marine.MySQL
        {
            public sealed class Config { }

            public sealed class Plugin : Exiled.API.Features.Plugin<Config>
            {
                public override void OnEnabled() => API.MySqlManager.Init("Server=discord", "Server=scp");
            }
        }

        namespace Exiled.API.Features
        {
            public abstract class Plugin<TConfig>
            {
                public virtual void OnEnabled() { }
            }
        }
        """);

    [Fact]
    public Task Gamemode_script_keeping_its_database_in_a_static_set_by_an_event_handler_is_reported() => Verify.VerifyAsync(
        """
        // Real: MypowerHD/GT-MP-Reallife-RPG-Script ae86fef, resources/TerraTex-RL-RPG/Lib/Data/Database.cs and
        // TerraTex_RL_RPG.cs (the GT-MP script creates its Database in the onResourceStart handler and keeps it in a
        // static; the Database opens in its constructor; player handlers run TTRPG.Mysql.Conn.CreateCommand()).
        using MySql.Data.MySqlClient;

        namespace TerraTex_RL_RPG.Lib.Data
        {
            public class Database
            {
                private MySqlConnection _conn;

                public Database() => Connect();

                private void Connect()
                {
                    _conn = new MySqlConnection("Server=localhost;Database=ttrpg");
                    _conn.Open();
                }

                public MySqlConnection Conn => _conn;
            }
        }

        namespace TerraTex_RL_RPG
        {
            public class TTRPG : GrandTheftMultiplayer.Server.API.Script
            {
                public static Lib.Data.Database {|SC0001:Mysql|};

                public TTRPG() => API.onResourceStart += TTStartUp;

                private void TTStartUp() => TTRPG.Mysql = new Lib.Data.Database();
            }

            public static class PlayerLogin
            {
                public static object Login(string name)
                {
                    var command = TTRPG.Mysql.Conn.CreateCommand();
                    command.CommandText = "SELECT id FROM users WHERE name = @name";
                    return command.ExecuteScalar();
                }
            }
        }

        namespace GrandTheftMultiplayer.Server.API
        {
            public class API
            {
                public event System.Action onResourceStart;
            }

            public class Script
            {
                public API API { get; } = new API();
            }
        }
        """);

    [Fact]
    public Task Console_program_keeping_a_wrapper_its_read_loop_opens_on_a_command_is_reported() => Verify.VerifyAsync(
        """
        // Real: MadsDomino/DAJM-master 4a45db1, ConsoleApplication1/SQLConnection.cs, ConsoleCommands.cs and Program.cs
        // (Program keeps one wrapper in an instance field; its Console.ReadLine loop opens it on "logind" and reuses it
        // on later turns, however long the user waits between commands).
        using System;
        using System.Data.SqlClient;

        namespace ConsoleApplication1
        {
            class SQLConnection
            {
                SqlConnection {|SC0007:SqlCon|} = new SqlConnection("Server=.;Database=school;Integrated Security=true");

                public void LogInd() => SqlCon.Open();

                public void LogUd() => SqlCon.Close();

                public void AddStudent(string name) => new SqlCommand("AddStudent " + name, SqlCon).ExecuteNonQuery();
            }

            class ConsoleCommands
            {
                public void InputReader(string input, SQLConnection connection)
                {
                    if (input == "logind") connection.LogInd();
                    else if (input == "add") connection.AddStudent(Console.ReadLine());
                    else if (input == "logud") connection.LogUd();
                }
            }

            class Program
            {
                SQLConnection SQLCon = new SQLConnection();
                ConsoleCommands CCommand = new ConsoleCommands();
                bool running = true;

                static void Main() => new Program().Run();

                void Run()
                {
                    while (running)
                    {
                        CCommand.InputReader(Console.ReadLine(), SQLCon);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Static_unit_of_work_and_the_repository_it_builds_on_its_connection_are_reported() => Verify.VerifyAsync(
        """
        // Real: vnarozhnyi/SB 24da673, ORM/UnitOfWork.cs, ORM/Repository.cs and SeaBattle.Service/Objects/GameObjects.cs
        // (a static auto-property keeps a UnitOfWork that opens its connection in the constructor; its lazily built
        // Repository is handed the same connection; every game request reaches it).
        using System.Data.SqlClient;

        namespace ORM
        {
            public class Repository
            {
                public SqlConnection {|#1:_dbconnection|};

                public Repository(SqlConnection connection) => _dbconnection = connection;

                public void Insert(string ship) => new SqlCommand("INSERT INTO ships VALUES ('" + ship + "')", _dbconnection).ExecuteNonQuery();
            }

            public class UnitOfWork
            {
                public SqlConnection {|#2:_dbconnection|};
                private Repository repo;

                public UnitOfWork(string connectionString)
                {
                    _dbconnection = new SqlConnection(connectionString);
                    _dbconnection.Open();
                }

                public Repository repository
                {
                    get
                    {
                        if (repo == null) repo = new Repository(_dbconnection);
                        return repo;
                    }
                }
            }
        }

        namespace SeaBattle.Service.Objects
        {
            public static class GameObjects
            {
                public static ORM.UnitOfWork {|#0:UnitOfWork|} { get; set; } = new ORM.UnitOfWork("Server=.;Database=seabattle");
            }

            public static class DataBase
            {
                public static void GetDBAddShip(string ship) => GameObjects.UnitOfWork.repository.Insert(ship);
            }
        }
        """,
        Verify.Diagnostic("SC0007").WithLocation(1).WithLocation(0),
        Verify.Diagnostic("SC0001").WithLocation(0).WithLocation(2));

    [Fact]
    public Task Twitch_bot_data_access_reaching_a_singleton_that_opens_on_first_use_is_reported() => Verify.VerifyAsync(
        """
        // Real: Masterikis/botlucasgassiot 209596b, MelenchBot-DataBase/DataBase/DBConnection.cs and DBCommunication.cs
        // (the classic singleton opens on first use and afterwards only checks for null; every data-access object takes it
        // in its base constructor).
        using MySql.Data.MySqlClient;

        namespace MelenchBot.DataBase
        {
            public class DBConnection
            {
                private MySqlConnection {|SC0002:connection|} = null;
                private static DBConnection instance = null;

                private DBConnection() { }

                public MySqlConnection Connection => connection;

                public static DBConnection Instance()
                {
                    if (instance == null) instance = new DBConnection();
                    return instance;
                }

                public bool IsConnect()
                {
                    if (Connection == null)
                    {
                        connection = new MySqlConnection("Server=localhost;Database=melenchbot");
                        connection.Open();
                    }

                    return true;
                }
            }

            public abstract class DBCommunication
            {
                protected DBConnection dbConnection;

                protected DBCommunication() => dbConnection = DBConnection.Instance();

                protected MySqlDataReader ExecuteQuery(string query) =>
                    dbConnection.IsConnect() ? new MySqlCommand(query, dbConnection.Connection).ExecuteReader() : null;
            }

            public class DBUserCommunication : DBCommunication
            {
                public void InsertNewUser(string name) => ExecuteQuery("INSERT INTO users (name) VALUES ('" + name + "')").Close();
            }
        }
        """);

    [Fact]
    public Task Gamemode_keeping_a_wrapper_derived_from_an_abstract_base_with_a_public_connection_is_reported() => Verify.VerifyAsync(
        """
        // Real: UncreatedStaff/UncreatedWarfare 31bc7fa, UncreatedWarfare/Networking/MySqlDatabase.cs, WarfareSQL.cs and
        // Data.cs (plugin load creates the WarfareSQL, opens it from the owner and keeps it in a static for the life of
        // the game server; the connection is a public field of the abstract base).
        using System.Threading.Tasks;
        using MySql.Data.MySqlClient;

        namespace Uncreated.SQL
        {
            public abstract class MySqlDatabase
            {
                public MySqlConnection SQL;

                protected MySqlDatabase(string connectionString) => SQL = new MySqlConnection(connectionString);

                public Task OpenAsync() => SQL.OpenAsync();

                public int NonQuery(string query) => new MySqlCommand(query, SQL).ExecuteNonQuery();
            }
        }

        namespace Uncreated.Warfare
        {
            public class WarfareSQL : SQL.MySqlDatabase
            {
                public WarfareSQL(string connectionString) : base(connectionString) { }
            }

            public static class Data
            {
                public static WarfareSQL {|SC0001:DatabaseManager|};

                public static async Task LoadVariables()
                {
                    DatabaseManager = new WarfareSQL("Server=localhost;Database=warfare");
                    await DatabaseManager.OpenAsync();
                }
            }

            public class UCWarfare : Rocket.Core.Plugins.RocketPlugin
            {
                protected override async void Load() => await Data.LoadVariables();

                public void OnPlayerJoined(ulong steamId) => Data.DatabaseManager.NonQuery("INSERT INTO joins VALUES (" + steamId + ")");
            }
        }

        namespace Rocket.Core.Plugins
        {
            public class RocketPlugin
            {
                protected virtual void Load() { }
            }
        }
        """);
}
