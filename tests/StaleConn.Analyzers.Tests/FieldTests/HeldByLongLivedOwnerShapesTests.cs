using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// SC0007 on shapes from public repositories, with every rule running. "Real" snippets keep one repository's owner,
/// holder and creation sites; "composite" snippets join a real owner shape from one repository to a real holder
/// shape from another (the public code where one class does both is rarely published), and say so. Negative shapes
/// are all real.
/// </summary>
public class HeldByLongLivedOwnerShapesTests
{
    /// <summary>The shape of System.ServiceProcess.ServiceBase (no reference to it in the snippets).</summary>
    internal const string ServiceBaseStub = """

        namespace System.ServiceProcess
        {
            public class ServiceBase
            {
                protected virtual void OnStart(string[] args) { }
                protected virtual void OnStop() { }
            }
        }
        """;

    [Fact]
    public Task Windows_service_keeping_an_application_object_that_keeps_a_database_is_reported() => Verify.VerifyAsync(
        """
        // Composite. Owner: KemosahbeAndres/ComponentsDataBase, ComponentsDataBase/ComponentsDBService.cs (the service
        // creates its DBApplication in the constructor and runs it in OnStart). Holder: RIpallol541/Lab3,
        // Lab3/MySqlConnection.cs (Database keeps the MySqlConnection it was given a string for).
        using System.ServiceProcess;
        using MySql.Data.MySqlClient;

        namespace ComponentsDBService
        {
            public class Database
            {
                private MySqlConnection {|SC0007:connection|};

                public Database(string connectionString)
                {
                    connection = new MySqlConnection(connectionString);
                }

                public void OpenConnection()
                {
                    if (connection.State == System.Data.ConnectionState.Closed)
                    {
                        connection.Open();
                    }
                }

                public MySqlConnection GetConnection() => connection;
            }

            class DBApplication
            {
                private readonly Database database;

                public DBApplication()
                {
                    database = new Database("server=localhost;database=components");
                }

                public void Run() => database.OpenConnection();
            }

            public partial class ServiceCDB : ServiceBase
            {
                private DBApplication mApplication;

                public ServiceCDB()
                {
                    try
                    {
                        mApplication = new DBApplication();
                    }
                    catch { }
                }

                protected override void OnStart(string[] args)
                {
                    mApplication.Run();
                }
            }
        }
        """ + ServiceBaseStub);

    [Fact]
    public Task Windows_service_starter_two_levels_above_a_reader_that_keeps_its_connection_is_reported() => Verify.VerifyAsync(
        """
        // Composite. Owners: Kirill-Grishaev/kazprom-Weather-Service, WeatherService/Service1.cs and Start1.cs (the
        // service keeps a Start1, whose GetStart creates the DBReader). Holder: levi506/InsurgenceServer,
        // InsurgenceServer/Database/OpenConnection.cs (a public connection opened in the constructor).
        using System.Data;
        using System.Data.SqlClient;
        using System.ServiceProcess;

        namespace WeatherService
        {
            class DBReader
            {
                public SqlConnection {|SC0007:Connection|};

                public DBReader(DataTable source)
                {
                    Connection = new SqlConnection("Server=db;Database=weather");
                    Connection.Open();
                }
            }

            public class Start1
            {
                DataTable nodes = new DataTable();
                DBReader db_reader;

                public void GetStart()
                {
                    try
                    {
                        db_reader = new DBReader(nodes);
                    }
                    catch (System.Exception)
                    {
                    }
                }
            }

            public partial class Service1 : ServiceBase
            {
                Start1 start = new Start1();

                protected override void OnStart(string[] args)
                {
                    start.GetStart();
                }
            }
        }
        """ + ServiceBaseStub);

    [Fact]
    public Task Telegram_bot_keeping_an_access_controller_that_keeps_the_database_is_reported() => Verify.VerifyAsync(
        """
        // Composite. Owner and creation: bullnik/WrongQuestion, RedmineTelegram/Program.cs and TelegramBot.cs (Main creates
        // the database and the controller with target-typed new, hands them to the bot, then sleeps forever). Holder:
        // Mrs-Feathers/kittyircbot, mysqlIRCbot/databaseMYSQL.cs (a public connection opened in the constructor).
        using System.Threading;
        using MySql.Data.MySqlClient;

        namespace RedmineTelegram
        {
            public sealed class InternalDatabase
            {
                public MySqlConnection {|SC0007:connection|} = new MySqlConnection();

                public InternalDatabase()
                {
                    connection.ConnectionString = "server=localhost;database=redmine";
                    connection.Open();
                }
            }

            public sealed class RedmineAccessController
            {
                private readonly InternalDatabase _internalDatabase;

                public RedmineAccessController(InternalDatabase internalDatabase) => _internalDatabase = internalDatabase;
            }

            public sealed class TelegramBot
            {
                private readonly RedmineAccessController _redmineAccessController;

                public TelegramBot(RedmineAccessController redmineAccessController) => _redmineAccessController = redmineAccessController;

                public void StartReceiving() { }
            }

            class Program
            {
                static void Main()
                {
                    InternalDatabase internalDatabase = new();
                    RedmineAccessController redmineAccessController = new(internalDatabase);
                    TelegramBot bot = new(redmineAccessController);
                    bot.StartReceiving();
                    while (true)
                    {
                        Thread.Sleep(1000);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Static_client_dictionary_of_game_clients_each_holding_a_connection_is_reported() => Verify.VerifyAsync(
        """
        // Composite. Owner: zillakot/GameServer, ClientManager.cs (a static Dictionary<int, Client> filled as clients
        // connect). Holder: the per-client state, here with the connection VoxelTanksServer-style game servers keep.
        using System.Collections.Generic;
        using System.Net.Sockets;
        using MySqlConnector;

        namespace GameServer
        {
            public class Client
            {
                public TcpClient socket;
                public int connectionID;
                private readonly MySqlConnection {|SC0007:_connection|} = new MySqlConnection("Server=db;Database=game");

                public void Start() => _connection.Open();
            }

            public static class ClientManager
            {
                public static Dictionary<int, Client> client = new Dictionary<int, Client>();

                public static void CreateNewConnection(TcpClient tempClient)
                {
                    Client newClient = new Client();
                    newClient.socket = tempClient;
                    newClient.connectionID = 1;
                    newClient.Start();
                    client.Add(newClient.connectionID, newClient);
                }
            }
        }
        """);

    [Fact]
    public Task Discord_bot_keeping_a_command_handler_that_keeps_the_database_is_reported() => Verify.VerifyAsync(
        """
        // Composite. Owner: cerby/MyDiscordBot, MyDiscordBot.cs (the bot holds its DiscordSocketClient and creates the
        // CommandHandler once it has logged in). Holder: RIpallol541/Lab3, Lab3/MySqlConnection.cs.
        using System.Threading.Tasks;
        using Discord.WebSocket;
        using MySql.Data.MySqlClient;

        namespace Discord.WebSocket
        {
            public class DiscordSocketClient { }
        }

        namespace MyDiscordBot
        {
            public class Database
            {
                private MySqlConnection {|SC0007:connection|};

                public Database(string connectionString) => connection = new MySqlConnection(connectionString);
            }

            public class CommandHandler
            {
                private readonly DiscordSocketClient _client;
                private readonly Database _database = new Database("server=localhost;database=bot");

                public CommandHandler(DiscordSocketClient client) => _client = client;
            }

            public class MyDiscordBot
            {
                private DiscordSocketClient _client;
                private CommandHandler _handler;

                public async Task StartAsync()
                {
                    _client = new DiscordSocketClient();
                    _handler = new CommandHandler(_client);
                    await Task.Delay(-1);
                }
            }
        }
        """);

    [Fact]
    public Task Telegram_bot_object_created_in_main_and_kept_by_the_update_loop_is_reported() => Verify.VerifyAsync(
        """
        // Composite. Owner: Si02Vl/TelegramBot, TelegramBot/Program.cs (Main creates one Bot, hands its handlers to the
        // client and waits forever). Holder: a DbManager that opens its NpgsqlConnection once.
        using System.Threading.Tasks;
        using Npgsql;

        namespace TelegramBot
        {
            public class DbManager
            {
                private readonly NpgsqlConnection {|SC0007:_connection|};

                public DbManager()
                {
                    _connection = new NpgsqlConnection("Host=localhost;Database=bot");
                    _connection.Open();
                }
            }

            public class Bot
            {
                private readonly DbManager _db = new DbManager();

                public Task MessageUpdateAsync(string text) => Task.CompletedTask;
            }

            public class Program
            {
                static async Task Main()
                {
                    var bot = new Bot();
                    await bot.MessageUpdateAsync("start");
                    await Task.Delay(-1);
                }
            }
        }
        """);

    [Fact]
    public Task Transient_wrapper_resolved_once_by_a_hosted_subscriber_is_reported() => Verify.VerifyAsync(
        """
        // Composite. Holder and registration: morencys/redites, WebApplication1/mysql.cs and Startup.cs (MySqlDatabase opens
        // its connection in the constructor; AddTransient with a factory). Owner: a hosted subscriber that resolves it
        // once from the root provider, the shape issue 15 describes.
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using MySql.Data.MySqlClient;

        namespace WebApplication1
        {
            public class MySqlDatabase : IDisposable
            {
                public MySqlConnection {|SC0007:Connection|};

                public MySqlDatabase(string connectionString)
                {
                    Connection = new MySqlConnection(connectionString);
                    this.Connection.Open();
                }

                public void Dispose() => Connection.Close();
            }

            public class CommentSubscriber : BackgroundService
            {
                private readonly MySqlDatabase _database;

                public CommentSubscriber(IServiceProvider services) => _database = services.GetRequiredService<MySqlDatabase>();

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
            }

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddTransient<MySqlDatabase>(_ => new MySqlDatabase("server=localhost; database=redites; uid=root; pwd=;"));
                    services.AddHostedService<CommentSubscriber>();
                }
            }
        }
        """);

    [Fact]
    public Task Singleton_service_created_with_new_in_add_singleton_keeping_a_sql_helper_is_reported() => Verify.VerifyAsync(
        """
        // Composite. Registration: EitzenChemical/passport_app, server/PassportRequestApi/Startup.cs
        // (services.AddSingleton(new DatabaseService(connectionString))). Holder: a helper keeping its SqlConnection.
        using Microsoft.Extensions.DependencyInjection;
        using System.Data.SqlClient;

        public class SqlHelper
        {
            private readonly SqlConnection {|SC0007:_connection|};

            public SqlHelper(string connectionString) => _connection = new SqlConnection(connectionString);
        }

        public class DatabaseService
        {
            private readonly SqlHelper _sql;

            public DatabaseService(string connectionString) => _sql = new SqlHelper(connectionString);
        }

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services)
            {
                services.AddSingleton(new DatabaseService("Server=db;Database=PassportRequestDB"));
            }
        }
        """);

    [Fact]
    public Task Console_poller_reusing_a_database_wrapper_across_a_sleep_loop_is_reported() => Verify.VerifyAsync(
        """
        // Composite. Loop: davidxw/kerbtest, src/kerbtest/SqlTest2/Program.cs (query, then Thread.Sleep(5000), forever).
        // Holder: Mrs-Feathers/kittyircbot, mysqlIRCbot/databaseMYSQL.cs (a wrapper opening its connection in the
        // constructor), so SC0004 cannot see the connection local.
        using System;
        using System.Threading;
        using MySql.Data.MySqlClient;

        namespace MyApp
        {
            public class databaseMYSQL
            {
                public MySqlConnection {|SC0007:connection|} = new MySqlConnection();

                public databaseMYSQL(string hostname, string database)
                {
                    connection.ConnectionString = "server=" + hostname + ";database=" + database + ";";
                    connection.Open();
                }
            }

            class Program
            {
                static void Main(string[] args)
                {
                    var db = new databaseMYSQL("kerbtestvm", "kubetestdb");
                    while (true)
                    {
                        Console.WriteLine($"{DateTime.Now} Querying for data ...");
                        var command = new MySqlCommand("SELECT * FROM mydata LIMIT 10", db.connection);
                        command.ExecuteNonQuery();
                        Thread.Sleep(5000);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Singleton_database_class_is_reported_once_by_sc0002_not_again_by_sc0007() => Verify.VerifyAsync(
        """
        // Real: jandie/Finance, Database/Database.cs (a singleton that opens its connection in the private constructor),
        // kept by a repository field. The holder is long-lived by its own declaration: SC0002's, once.
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace Database
        {
            public class Database
            {
                private static Database _instance;

                public static Database Instance => _instance ??= new Database();

                public MySqlConnection {|SC0002:Connection|} { get; }

                private Database()
                {
                    Connection = new MySqlConnection { ConnectionString = "SERVER=db;DATABASE=finance" };
                    Connection.Open();
                }
            }

            public class BalanceRepository
            {
                private readonly Database _database = Database.Instance;
            }
        }
        """);

    [Fact]
    public Task Game_server_opening_a_connection_wrapper_per_call_is_silent() => Verify.VerifyAsync(
        """
        // Real: levi506/InsurgenceServer, InsurgenceServer/Database/OpenConnection.cs and AdminSite/Database/DBWarnings.cs
        // (every query method creates its own OpenConnection and closes it).
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using MySql.Data.MySqlClient;

        namespace InsurgenceServer.Database
        {
            public class OpenConnection
            {
                public MySqlConnection Connection;

                public OpenConnection()
                {
                    Connection = new MySqlConnection("Server=localhost; database=insurgence");
                    Connection.Open();
                }

                public bool IsConnected => Connection.State == System.Data.ConnectionState.Open;

                public void Close() => Connection.Close();
            }

            public class DBWarnings
            {
                public static async Task<List<string>> GetMetrics()
                {
                    var l = new List<string>();
                    var conn = new OpenConnection();
                    if (!conn.IsConnected)
                    {
                        conn.Close();
                        return l;
                    }

                    var mcom = new MySqlCommand("SELECT reason FROM warnings", conn.Connection);
                    var r = await mcom.ExecuteReaderAsync();
                    while (r.Read())
                    {
                        l.Add((string)r["reason"]);
                    }

                    conn.Close();
                    return l;
                }
            }

            public class GameServer
            {
                private readonly DBWarnings _warnings = new DBWarnings();
            }
        }
        """);

    [Fact]
    public Task Irc_bot_creating_its_database_wrapper_per_event_is_silent() => Verify.VerifyAsync(
        """
        // Real: Mrs-Feathers/kittyircbot, mysqlIRCbot/Main.cs and databaseMYSQL.cs (Main and each IRC event handler
        // create a databaseMYSQL for that event).
        using MySql.Data.MySqlClient;

        namespace mysqlIRCbot
        {
            public class databaseMYSQL
            {
                public MySqlConnection connection = new MySqlConnection();

                public databaseMYSQL(string hostname, string database)
                {
                    connection.ConnectionString = "server=" + hostname + ";database=" + database + ";";
                    connection.Open();
                }

                public string welcomelookup(string user) => "";

                public void init(string setting) { }
            }

            class IrcBot
            {
                static string mysqlhostname = "localhost";
                static string database = "kitty";

                static void Main()
                {
                    databaseMYSQL dbconnect = new databaseMYSQL(mysqlhostname, database);
                    dbconnect.init("settings");
                }

                static void onJoin(string user)
                {
                    databaseMYSQL dbconnect = new databaseMYSQL(mysqlhostname, database);
                    var welcome = dbconnect.welcomelookup(user);
                }
            }
        }
        """);

    [Fact]
    public Task Transient_wrapper_injected_into_controllers_is_silent() => Verify.VerifyAsync(
        """
        // Real: morencys/redites, WebApplication1/mysql.cs, Startup.cs and Controllers/HomeController.cs (AddTransient with
        // a factory; each controller keeps the MySqlDatabase it was given for one request).
        using System;
        using Microsoft.Extensions.DependencyInjection;
        using MySql.Data.MySqlClient;

        namespace WebApplication1
        {
            public class MySqlDatabase : IDisposable
            {
                public MySqlConnection Connection;

                public MySqlDatabase(string connectionString)
                {
                    Connection = new MySqlConnection(connectionString);
                    this.Connection.Open();
                }

                public void Dispose() => Connection.Close();
            }

            public class HomeController
            {
                private MySqlDatabase MySqlDatabase { get; set; }

                public HomeController(MySqlDatabase mySqlDatabase) => this.MySqlDatabase = mySqlDatabase;

                public object Index() => this.MySqlDatabase.Connection.CreateCommand();
            }

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services) =>
                    services.AddTransient<MySqlDatabase>(_ => new MySqlDatabase("server=localhost; database=redites; uid=root; pwd=;"));
            }
        }
        """);

    [Fact]
    public Task Telegram_bot_whose_databases_open_a_connection_per_call_is_silent() => Verify.VerifyAsync(
        """
        // Real: bullnik/WrongQuestion, RedmineTelegram/Program.cs, RedmineDatabase.cs and InternalDatabase.cs (the bot keeps
        // both databases for the process, but each method opens and closes its own connection).
        using System.Threading;
        using Microsoft.Data.Sqlite;
        using MySql.Data.MySqlClient;

        namespace RedmineTelegram
        {
            public static class DBUtils
            {
                public static MySqlConnection GetDBConnection() => new MySqlConnection("server=redmine;database=bitnami_redmine");
            }

            public sealed class RedmineDatabase
            {
                public int GetStatusIdByName(string statusName)
                {
                    MySqlConnection connection = DBUtils.GetDBConnection();
                    connection.Open();
                    var command = new MySqlCommand("select id from issue_statuses where name = @n", connection);
                    command.Parameters.AddWithValue("@n", statusName);
                    var id = (int)command.ExecuteScalar()!;
                    connection.Close();
                    return id;
                }
            }

            public sealed class InternalDatabase
            {
                private readonly string _connectionString = "Data Source=usersdata.db";

                public bool IsUserInDatabase(long userId)
                {
                    using var connection = new SqliteConnection(_connectionString);
                    connection.Open();
                    var command = connection.CreateCommand();
                    command.CommandText = "SELECT * FROM Users WHERE TelegramUserId == $id";
                    command.Parameters.AddWithValue("$id", userId);
                    return command.ExecuteScalar() is not null;
                }
            }

            public sealed class TelegramBot
            {
                private readonly RedmineDatabase _redmineDatabase;
                private readonly InternalDatabase _internalDatabase;

                public TelegramBot(RedmineDatabase redmineDatabase, InternalDatabase internalDatabase)
                {
                    _redmineDatabase = redmineDatabase;
                    _internalDatabase = internalDatabase;
                }
            }

            class Program
            {
                static void Main()
                {
                    InternalDatabase internalDatabase = new();
                    RedmineDatabase redmineDatabase = new();
                    TelegramBot bot = new(redmineDatabase, internalDatabase);
                    while (true)
                    {
                        Thread.Sleep(1000);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Windows_service_reader_opening_a_connection_per_loop_turn_is_silent() => Verify.VerifyAsync(
        """
        // Real: Kirill-Grishaev/kazprom-Weather-Service, WeatherService/Service1.cs, Start1.cs and DBReader.cs (the reader's
        // thread opens a pooled connection in a using block on every turn, then sleeps a minute).
        using System;
        using System.Data;
        using System.Data.SqlClient;
        using System.ServiceProcess;
        using System.Threading;

        namespace WeatherService
        {
            class DBReader
            {
                private Thread t;
                private DataTable table;

                public DBReader(DataTable source)
                {
                    table = source;
                    t = new Thread(new ThreadStart(Handler)) { IsBackground = true, Name = "DBReader" };
                    t.Start();
                }

                private void Handler()
                {
                    string connectionString = "Server=db;Database=weather";
                    while (true)
                    {
                        using (SqlConnection connection = new SqlConnection(connectionString))
                        {
                            connection.Open();
                            SqlCommand command = new SqlCommand("SELECT id, coordinates FROM vfd_node_registry", connection);
                            SqlDataReader reader = command.ExecuteReader();
                            lock (table)
                            {
                                table.Clear();
                                table.Load(reader);
                            }

                            reader.Close();
                        }

                        Thread.Sleep(60000);
                    }
                }
            }

            public class Start1
            {
                DataTable nodes = new DataTable();
                DBReader db_reader;

                public void GetStart() => db_reader = new DBReader(nodes);
            }

            public partial class Service1 : ServiceBase
            {
                Start1 start = new Start1();

                protected override void OnStart(string[] args) => start.GetStart();
            }
        }
        """ + ServiceBaseStub);

    [Fact]
    public Task Windows_service_listener_calling_a_static_connector_per_command_is_silent() => Verify.VerifyAsync(
        """
        // Real: vitex2414/NUR_TELECOM_WIN_SERVICES, SCUD_FLEX_API/Service1.cs, DBListener.cs and DBConnector.cs (OnStart
        // runs the listener's endless loop on a thread; each command opens its own connection). SqlConnection stands in
        // for the Oracle client, which the tests do not reference.
        using System;
        using System.Data.SqlClient;
        using System.ServiceProcess;
        using System.Threading;

        namespace SCUD_FLEX_API
        {
            class DBConnector
            {
                public static string executeCommand(string command)
                {
                    SqlConnection con = new SqlConnection("Server=db");
                    con.Open();
                    var result = new SqlCommand(command, con).ExecuteScalar()?.ToString() ?? "";
                    con.Close();
                    return result;
                }
            }

            class DBListener
            {
                public void start()
                {
                    while (true)
                    {
                        DBConnector.executeCommand("SELECT 1");
                        Thread.Sleep(1000);
                    }
                }
            }

            public partial class Service1 : ServiceBase
            {
                protected override void OnStart(string[] args)
                {
                    DBListener dbl = new DBListener();
                    Thread nThread = new Thread(new ThreadStart(dbl.start));
                    nThread.Start();
                }
            }
        }
        """ + ServiceBaseStub);

    [Fact]
    public Task Scoped_service_that_opens_a_connection_per_call_is_silent() => Verify.VerifyAsync(
        """
        // Real: billmax9/APBD-TEST1, Test1/Program.cs and Test1/Services/DBService.cs (AddScoped<IDBService, DBService>; the
        // service keeps a connection string and opens a connection per call; System.Data.SqlClient stands in for
        // Microsoft.Data.SqlClient, which the tests do not reference).
        using System.Data.SqlClient;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;

        namespace Test1.Services
        {
            public interface IDBService { Task<int> CountAsync(); }

            public class DBService : IDBService
            {
                private readonly string _connectionString = "Server=db;Database=deliveries";

                public async Task<int> CountAsync()
                {
                    await using (SqlConnection connection = new SqlConnection(_connectionString))
                    await using (SqlCommand command = new SqlCommand("SELECT COUNT(*) FROM Delivery", connection))
                    {
                        await connection.OpenAsync();
                        return (int)(await command.ExecuteScalarAsync())!;
                    }
                }
            }

            public static class Composition
            {
                public static void Configure(IServiceCollection services) => services.AddScoped<IDBService, DBService>();
            }
        }
        """);

    [Fact]
    public Task Windows_service_keeping_an_application_without_a_connection_is_silent() => Verify.VerifyAsync(
        """
        // Real: KemosahbeAndres/ComponentsDataBase, ComponentsDataBase/ComponentsDBService.cs and DBApplication.cs (the
        // service keeps an application object that holds an HTTP server and a file manager, no connection).
        using System.ServiceProcess;
        using System.Threading;

        namespace ComponentsDBService
        {
            class DBApplication
            {
                private Thread Thread;
                public bool Running { get; private set; }

                public void Run() => ThreadPool.QueueUserWorkItem(_ => { while (Running) { } });
            }

            public partial class ServiceCDB : ServiceBase
            {
                private DBApplication mApplication;

                public ServiceCDB() => mApplication = new DBApplication();

                protected override void OnStart(string[] args) => mApplication.Run();
            }
        }
        """ + ServiceBaseStub);

    [Fact]
    public Task Windows_forms_login_creating_helpers_per_click_is_silent() => Verify.VerifyAsync(
        """
        // Real: RIpallol541/Lab3, Lab3/Form1.cs, Lab3/MySqlConnection.cs and Lab3/DatabaseHelper.cs (the Database class
        // keeps a connection, but nothing keeps a Database: the form creates what it needs on each click).
        using MySql.Data.MySqlClient;

        public class Database
        {
            private MySqlConnection connection;

            public Database(string connectionString) => connection = new MySqlConnection(connectionString);

            public MySqlConnection GetConnection() => connection;
        }

        public class AuthService
        {
            private readonly string _connectionString;

            public AuthService(string connectionString) => _connectionString = connectionString;

            public string AuthenticateUser(string username, string password)
            {
                var db = new Database(_connectionString);
                db.GetConnection().Open();
                return "User";
            }
        }

        public class Form1
        {
            private void button1_Click(object sender, System.EventArgs e)
            {
                AuthService authService = new AuthService("server=localhost;database=lab3");
                authService.AuthenticateUser("u", "p");
            }
        }
        """);

    [Fact]
    public Task Connection_wrapper_created_per_use_with_target_typed_new_is_silent() => Verify.VerifyAsync(
        """
        // Real shape, target-typed: levi506/InsurgenceServer, InsurgenceServer/Database/DBUserChecks.cs style (each query
        // creates its own OpenConnection), written as `OpenConnection conn = new();`, next to a bot that keeps one.
        using MySql.Data.MySqlClient;

        public class OpenConnection
        {
            public MySqlConnection Connection = new MySqlConnection("Server=localhost");
        }

        public class ChatBot
        {
            private readonly OpenConnection _connection = new OpenConnection();
        }

        public static class DBUserChecks
        {
            public static bool UserExists(string name)
            {
                OpenConnection conn = new();
                conn.Connection.Open();
                var exists = new MySqlCommand("SELECT 1 FROM users WHERE username = @n", conn.Connection).ExecuteScalar() is not null;
                conn.Connection.Close();
                return exists;
            }
        }
        """);

    [Fact]
    public Task Worker_keeping_a_store_through_its_interface_is_reported_though_a_page_keeps_another_store() => Verify.VerifyAsync(
        StoresBehindOneInterface.Replace("PAGE_STORE", "new MemoryStore()"));

    [Fact]
    public Task Store_behind_an_interface_also_kept_by_a_page_made_per_request_is_silent() => Verify.VerifyAsync(
        StoresBehindOneInterface.Replace("PAGE_STORE", "new SqlStore(\"Server=db;Database=shop\")").Replace("{|SC0007:_connection|}", "_connection"));

    /// <summary>
    /// Modelled on UnrealMultiple/TShockPlugin, src/Economics.Core (a service kept through its interface,
    /// ICurrencyService) and firefly2442/Arma2NETMySQLPlugin, DatabaseObject.cs (a provider kept as its abstract base):
    /// a member typed as the holder's interface keeps the holder only where a creation site of the holder is put in it.
    /// The page's member of the same interface type holds PAGE_STORE.
    /// </summary>
    private const string StoresBehindOneInterface = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        namespace Shop
        {
            public interface IStore
            {
                int Count();
            }

            public class SqlStore : IStore
            {
                private readonly MySqlConnection {|SC0007:_connection|};

                public SqlStore(string connectionString)
                {
                    _connection = new MySqlConnection(connectionString);
                    _connection.Open();
                }

                public int Count()
                {
                    using var command = _connection.CreateCommand();
                    command.CommandText = "SELECT COUNT(*) FROM orders";
                    return Convert.ToInt32(command.ExecuteScalar());
                }
            }

            public class MemoryStore : IStore
            {
                public int Count() => 0;
            }

            public class ReportPage
            {
                private readonly IStore _store;

                public ReportPage()
                {
                    _store = PAGE_STORE;
                }

                public int Total() => _store.Count();
            }

            public static class Reports
            {
                public static int Render() => new ReportPage().Total();
            }

            public class OrderWorker : BackgroundService
            {
                private readonly IStore _store = new SqlStore("Server=db;Database=shop");

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        _store.Count();
                        await Task.Delay(60000, stoppingToken);
                    }
                }
            }
        }
        """;

    [Fact]
    public Task Emulator_pool_filled_through_a_local_array_without_a_per_call_client_is_reported() => Verify.VerifyAsync(
        // Derived from Quackster/uberEmu (HeldByLongLivedOwnerRealRepositoryTests.UberEmuDatabase) with the anonymous
        // per-call client removed (GetClient returns null when the pool is busy): the pool is filled through a local array
        // that is then kept whole, and each pooled client keeps the manager back; every client lives as long as the static
        // manager.
        HeldByLongLivedOwnerRealRepositoryTests.UberEmuDatabase
            .Replace("DatabaseClient Anonymous = new DatabaseClient(0, this);", "return null;")
            .Replace("Anonymous.Connect();", string.Empty)
            .Replace("return Anonymous;", string.Empty)
            .Replace("public MySqlConnection Connection;", "public MySqlConnection {|SC0007:Connection|};"));

    [Fact]
    public Task Import_program_reusing_its_wrapper_while_it_reads_a_file_line_by_line_is_silent() => Verify.VerifyConsoleAppAsync(
        """
        // Composite. Program: ankiitnandii/mysqlapp_generatedata, mysqlapp/Program.cs (opens a reader over a CSV log and
        // inserts each line until the end of the stream). Wrapper: RIpallol541/Lab3, Lab3/MySqlConnection.cs (a Database
        // class keeping its connection). Reading a file does not wait: the loop ends at the last line, so the wrapper
        // lives for one run of the import.
        using System.IO;
        using MySqlConnector;

        var database = new LogDatabase("Server=localhost;Database=appdb");
        StreamReader logReader = null;
        logReader = new StreamReader("Log.csv");
        while (!logReader.EndOfStream)
        {
            var values = logReader.ReadLine().Split(',');
            database.Insert(values[0], values[1]);
        }

        string line;
        var second = File.OpenText("Log2.csv");
        while ((line = second.ReadLine()) != null)
        {
            database.Insert(line, "ok");
        }
        """ + LogDatabase);

    [Fact]
    public Task Program_reusing_its_wrapper_while_it_reads_lines_from_a_network_stream_is_reported() => Verify.VerifyConsoleAppAsync(
        """
        // Composite. Program: the read loop of an IRC client (NightQuest/IRCBot, a StreamReader over the TcpClient's
        // stream, read until the server closes it). Wrapper: RIpallol541/Lab3, Lab3/MySqlConnection.cs. Reading the
        // network waits for the next line, for as long as the channel is quiet.
        using System.IO;
        using System.Net.Sockets;
        using MySqlConnector;

        var database = new LogDatabase("Server=localhost;Database=irc");
        var client = new TcpClient("irc.example.org", 6667);
        var reader = new StreamReader(client.GetStream());
        string line;
        while ((line = reader.ReadLine()) != null)
        {
            database.Insert(line, "seen");
        }
        """ + LogDatabase.Replace("MySqlConnection connection;", "MySqlConnection {|SC0007:connection|};"));

    /// <summary>Modelled on RIpallol541/Lab3, Lab3/MySqlConnection.cs: a wrapper that opens its connection once and keeps it.</summary>
    private const string LogDatabase = """

        public class LogDatabase
        {
            private readonly MySqlConnection connection;

            public LogDatabase(string connectionString)
            {
                connection = new MySqlConnection(connectionString);
                connection.Open();
            }

            public void Insert(string operation, string status)
            {
                using var command = new MySqlCommand("INSERT INTO log VALUES (@o, @s)", connection);
                command.Parameters.AddWithValue("@o", operation);
                command.Parameters.AddWithValue("@s", status);
                command.ExecuteNonQuery();
            }
        }
        """;
}
