using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// Shapes taken from public repositories of bots, workers and services, reduced to what compiles here (bot clients and
/// ORMs we do not reference are replaced by a comment or a one-line stand-in; names, statics, loops and DI calls are
/// kept). Each snippet names its source. All analyzers run together, so a snippet also proves the other rules stay
/// silent on it.
/// </summary>
public class RealWorldShapesTests
{
    [Fact]
    public Task Discord_bot_static_class_holding_the_database_connection_as_a_property() => Verify.VerifyAsync(
        """
        // TimothyJH/HeinzBOTtle: Statics/HBClients.cs (Discord bot)
        using System.Net.Http;
        using MySqlConnector;

        namespace HeinzBOTtle.Statics;

        public static class HBClients {

            /// <summary>The client dealing with interactions between this process and the Hypixel API.</summary>
            public static HttpClient HttpClient { get; } = new HttpClient();
            /// <summary>The client dealing with interactions between this process and the database.</summary>
            public static MySqlConnection {|SC0001:DatabaseConnection|} { get; } = new MySqlConnection();

        }
        """);

    [Fact]
    public Task Telegram_bot_program_with_a_public_static_connection_opened_in_main() => Verify.VerifyAsync(
        """
        // OleksSavchenko/polissiaSchedule: Program.cs (Telegram bot; the Telegram.Bot client is left out)
        using System;
        using System.Threading;
        using MySqlConnector;

        namespace TelegBot
        {
            internal class Program
            {
                const string server = "localhost";
                const string databaseName = "telegrambotdb";
                const string username = "root";
                const string password = "usbw";
                const string connString = $"SERVER={server};DATABASE={databaseName};UID={username};PASSWORD={password};";
                public static MySqlConnection {|SC0001:conn|} = new MySqlConnection(connString);

                static void Main(string[] args)
                {
                    conn.OpenAsync();

                    var cts = new CancellationTokenSource();
                    var cancellationToken = cts.Token;
                    // bot.StartReceiving(BotEngine.HandleUpdateAsync, BotEngine.HandleErrorAsync, receiverOptions, cancellationToken);

                    Console.ReadLine();
                }
            }
        }
        """);

    [Fact]
    public Task Console_poller_opening_one_connection_in_a_using_block_around_a_sleep_loop() => Verify.VerifyAsync(
        """
        // davidxw/kerbtest: src/kerbtest/SqlTest2/Program.cs (console poller)
        using System;
        using System.Data.SqlClient;
        using System.Threading;

        namespace MyApp
        {
            class Program
            {
                static void Main(string[] args)
                {
                    Console.WriteLine($"Starting ...");
                    try
                    {
                        using (var {|#0:connection|} = new SqlConnection("Server=kerbtestvm.kerbtest.com;Database=kubetestdb;Trusted_Connection=True;"))
                        {
                            connection.Open();
                            Console.WriteLine("Connection opened ...");

                            {|#1:while|} (true)
                            {
                                Console.WriteLine($"{DateTime.Now} Querying for data ...");
                                var command = new SqlCommand("SELECT TOP 10 * FROM dbo.mydata", connection);
                                using (var reader = command.ExecuteReader())
                                {
                                    while (reader.Read())
                                    {
                                        Console.WriteLine($"# {reader[0]} {reader[1]}");
                                    }
                                }

                                Thread.Sleep(5000);
                            }
                        }
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex);
                    }
                }
            }
        }
        """,
        Verify.Diagnostic("SC0004").WithLocation(0).WithLocation(1).WithArguments("connection", "Thread.Sleep"));

    [Fact]
    public Task Console_poller_opening_a_connection_per_iteration_is_silent() => Verify.VerifyAsync(
        """
        // raghavbuzz/ocmariadb: Program.cs (MariaDB connectivity checker)
        using System;
        using MySqlConnector;

        namespace ocmariadbconnectivity
        {
            public class CheckMariaDbConnection
            {
                public void CheckConn()
                {
                    while(true)
                    {
                        try
                        {
                            var constr = @"server=localhost;port=3305;database=sampledb;uid=raghav;password=raghav;";
                            using (MySqlConnection conn = new MySqlConnection(constr))
                            {
                                conn.Open();
                                MySqlCommand cmd = new MySqlCommand("select * from employee", conn);

                                using (var reader = cmd.ExecuteReader())
                                {
                                    while (reader.Read())
                                    {
                                        Console.WriteLine(reader[0]);
                                    }
                                }
                            }
                        }
                        catch (Exception ex)
                        {
                            Console.WriteLine(ex.Message);
                        }
                        System.Threading.Thread.Sleep(30000);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Watchdog_thread_loop_with_a_connection_per_iteration_and_a_static_connection_string_is_silent() => Verify.VerifyAsync(
        """
        // joshuahysu/newThreadWatchDog: newThreadWatchDog/ThreadWatchDog.cs
        using System;
        using System.Threading;
        using System.Data.SqlClient;

        namespace newThreadWatchDog
        {
            public class ThreadWatchDog
            {
                public volatile bool boolIsRun=true;
                public static string connectionString;
                private ThreadWatchDog() {
                }

                public ThreadWatchDog(Action newThreadFunc,string sql)
                {
                    new Thread(() => {
                        while (boolIsRun)
                        {
                            using (SqlConnection connection = new SqlConnection(connectionString))
                            {
                                connection.Open();
                                using (SqlCommand cmd = new SqlCommand(sql, connection))
                                {
                                    cmd.ExecuteNonQuery();
                                }
                            }
                            newThreadFunc();
                        }
                    }).Start();
                }
            }
        }
        """);

    [Fact]
    public Task Notification_worker_keeping_an_injected_connection_in_a_field() => Verify.VerifyAsync(
        """
        // worker_notification/Worker.cs (a BackgroundService e-mailing reminders; the SMTP part is left out)
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        namespace worker_notification
        {
            public class Worker : BackgroundService
            {
                private readonly MySqlConnection {|SC0002:_connection|};

                public Worker(MySqlConnection connection)
                {
                    _connection = connection;
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        if (DateTime.Now.Hour == 8 && DateTime.Now.Minute == 00)
                        {
                            IEnumerable<NotificationSettingMapper> notifications = _connection.Query<NotificationSettingMapper>("SELECT * FROM NOTIFICATIONS_SETTINGS WHERE DUE_DATE > SYSDATE();");
                        }

                        await Task.Delay(60000, stoppingToken);
                    }
                }
            }

            class NotificationSettingMapper
            {
                public int ID { get; set; }
            }
        }
        """);

    [Fact]
    public Task Worker_service_with_scoped_dapper_context_and_data_source_is_silent() => Verify.VerifyAsync(
        """
        // Mahmoud-Aboubakr/Temp-Sofico-CRM-Web: SofiForce.Worker3/Program.cs and Dapper/DapperTempContext.cs
        // (a context handing out a new connection per call, registered as a singleton in a worker host)
        using System.Data;
        using System.Data.SqlClient;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        namespace SofiForce.Worker
        {
            public class DapperTempContext
            {
                private readonly string _connectionString;
                public DapperTempContext(string connectionString)
                {
                    _connectionString = connectionString;
                }
                public IDbConnection CreateConnection()
                    => new SqlConnection(_connectionString);
            }

            // A .NET 8 worker template shape: the data source is injected, never a connection.
            public sealed class Worker(NpgsqlDataSource dataSource) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                        await Task.Delay(15_000, stoppingToken);
                    }
                }
            }

            public static class Registrations
            {
                public static void Configure(IServiceCollection services, string connectionString)
                {
                    services.AddHostedService<Worker>();
                    services.AddSingleton(_ => new DapperTempContext(connectionString));
                    services.AddSingleton<DapperTempContext>();
                    services.AddSingleton(NpgsqlDataSource.Create(connectionString));
                }
            }
        }
        """);

    [Fact]
    public Task Minimal_host_registering_one_connection_for_the_whole_app() => Verify.VerifyConsoleAppAsync(
        """
        // Program.cs of an ASP.NET Core app registering IDbConnection as a singleton (several public repositories
        // carry this exact line, e.g. with SqlConnection, NpgsqlConnection and MySqlConnection)
        using System;
        using System.Data;
        using System.Data.SqlClient;
        using Microsoft.Extensions.DependencyInjection;

        var services = new ServiceCollection();
        services.{|SC0003:AddSingleton<IDbConnection>((sp) => new SqlConnection(Environment.GetEnvironmentVariable("DB_CONNECTION")!))|};
        services.AddScoped(provider =>
        {
            var connectionString = Environment.GetEnvironmentVariable("DB_CONNECTION");
            return new SqlConnection(connectionString);
        });
        """);

    [Fact]
    public Task Classic_lazy_singleton_holding_an_auto_property_connection() => Verify.VerifyAsync(
        """
        // LeeCombs/FF2_Monster_Sim: FF2_Monster_Sim/DBConnection.cs (the widely copied "DBConnection.Instance()" class)
        using System;
        using System.Diagnostics;
        using MySql.Data.MySqlClient;

        namespace FF2_Monster_Sim
        {
            public class DBConnection
            {
                private DBConnection()
                {
                }

                public string DatabaseName = String.Empty;
                public string Password = String.Empty;
                public MySqlConnection {|SC0002:Connection|} { get; private set; } = null;

                private static DBConnection _instance = null;
                public static DBConnection Instance()
                {
                    if (_instance == null)
                        _instance = new DBConnection();
                    return _instance;
                }

                public bool IsConnected()
                {
                    if (Connection == null)
                    {
                        if (String.IsNullOrEmpty(DatabaseName))
                        {
                            Debug.WriteLine("Null or empty database name supplied");
                            return false;
                        }

                        string connstring = string.Format("Server=localhost; database={0}; UID=root; password=" + Password, DatabaseName);
                        Connection = new MySqlConnection(connstring);
                        Connection.Open();
                    }

                    return true;
                }

                public void Close()
                {
                    Connection.Close();
                }
            }
        }
        """);

    [Fact]
    public Task Sqlite_wrapper_implementing_IDbConnection_registered_as_a_singleton_is_silent() => Verify.VerifyAsync(
        """
        // un1r8okq/Autowriter: Autowriter.Core/CoreDbConnection.cs and Autowriter.Core/ServiceCollectionExtensions.cs,
        // Autowriter/Startup.cs (an embedded SQLite file has no server to time the connection out)
        using System;
        using System.Data;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.DependencyInjection;

        namespace Autowriter.Core
        {
            public class CoreDbConnection : IDbConnection
            {
                private readonly SqliteConnection _conn;

                public CoreDbConnection(string connectionString)
                {
                    _conn = new SqliteConnection(connectionString);
                    _conn.Open();
                }

                public string ConnectionString
                {
                    get => _conn.ConnectionString;
        #pragma warning disable CS8767
                    set => _conn.ConnectionString = value ?? string.Empty;
        #pragma warning restore CS8767
                }

                public int ConnectionTimeout => _conn.ConnectionTimeout;
                public string Database => _conn.Database;
                public ConnectionState State => _conn.State;
                public IDbTransaction BeginTransaction() => _conn.BeginTransaction();
                public IDbTransaction BeginTransaction(IsolationLevel il) => _conn.BeginTransaction(il);
                public void ChangeDatabase(string databaseName) => _conn.ChangeDatabase(databaseName);
                public void Close() => _conn.Close();
                public IDbCommand CreateCommand() => _conn.CreateCommand();
                public void Dispose() => _conn.Dispose();
                public void Open() => _conn.Open();
            }

            public static class ServiceCollectionExtensions
            {
                public static void RegisterAutowriterCoreServices(this IServiceCollection services, string databaseName)
                {
                    const string dbConnectionString = "Data Source=Autowriter.sqlite";
                    var coreDbConnection = new CoreDbConnection(dbConnectionString);
                    services.AddSingleton(coreDbConnection);

                    services.AddSingleton<IDbConnection>((serviceProvider) =>
                        new SqliteConnection(databaseName));
                }
            }
        }
        """);

    [Fact]
    public Task Web_app_registering_a_data_source_behind_a_connection_named_method_is_silent() => Verify.VerifyConsoleAppAsync(
        """
        // okzScripts/wheel-of-tickets: server/Database.cs and server/Program.cs
        using Microsoft.Extensions.DependencyInjection;
        using Npgsql;

        var services = new ServiceCollection();
        Database database = new();
        var db = database.Connection();
        services.AddSingleton<NpgsqlDataSource>(db);

        public class Database
        {
            private readonly string _host = "localhost";
            private readonly string _database = "hindu_wheels";
            private NpgsqlDataSource _connection;

            public NpgsqlDataSource Connection()
            {
                return _connection;
            }

            public Database()
            {
                string connectionString = $"Host={_host};Database={_database}";
                _connection = NpgsqlDataSource.Create(connectionString);
            }
        }
        """);

    [Fact]
    public Task Webhook_database_wrapper_registered_as_transient_is_silent() => Verify.VerifyAsync(
        """
        // BryanAvery/DonationManagerWebhook: DonationManagerWebHooks/MySqlDatabase.cs and Startup.cs
        using System;
        using Microsoft.Extensions.DependencyInjection;
        using MySql.Data.MySqlClient;

        namespace DonationManagerWebHooks
        {
            public class MySqlDatabase : IDisposable
            {
                public MySqlConnection Connection;

                public MySqlDatabase(string connectionString)
                {
                    Connection = new MySqlConnection(connectionString);
                    this.Connection.Open();
                }

                public void Dispose()
                {
                    Connection.Close();
                }
            }

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services, string connectionString)
                {
                    services.AddTransient(_ => new MySqlDatabase(connectionString));
                }
            }
        }
        """);

    [Fact]
    public Task Telegram_bot_database_opening_and_closing_a_connection_per_script_is_silent() => Verify.VerifyAsync(
        """
        // bullnik/WrongQuestion: RedmineTelegram/RedmineDatabase.cs and DBUtils.cs (Telegram bot)
        using MySql.Data.MySqlClient;
        using SD = System.Data;

        namespace RedmineTelegram
        {
            class DBUtils
            {
                public static MySqlConnection GetDBConnection() => new MySqlConnection("server=localhost;database=bitnami_redmine");
            }

            public sealed class RedmineDatabase
            {
                public int GetStatusIdByName(string statusName)
                {
                    var table = ExecuteScript("select is2.id from bitnami_redmine.issue_statuses is2 where is2.name = '" + statusName + "'");
                    return (int)table.Rows[0][0];
                }

                private SD.DataTable ExecuteScript(string script)
                {
                    MySqlConnection suka = DBUtils.GetDBConnection();
                    suka.Open();
                    var ms_data = new MySqlDataAdapter(script, suka);
                    var table = new SD.DataTable();
                    ms_data.Fill(table);
                    suka.Close();
                    return table;
                }
            }
        }
        """);

    [Fact]
    public Task Static_field_keeping_a_database_helper_that_holds_the_connection() => Verify.VerifyAsync(
        """
        // QuanLyHotel: ACCOUNT/ACC.cs (a hotel-management app; the index does not name its repository), with the MyDB
        // helper as in khoa1412001/RestaurantManangerApplication: Project3/CLASS/MyDB.cs
        using System.Data;
        using System.Data.SqlClient;

        namespace QuanLyHotel
        {
            class MyDB
            {
                SqlConnection {|#1:con|} = new SqlConnection(@"Data Source = (localdb)\MSSQLLocalDB; Initial Catalog = projectWinform; Integrated Security = True");
                public SqlConnection GetConnection
                {
                    get
                    {
                        return con;
                    }
                }
                public void OpenConnection()
                {
                    if (con.State == ConnectionState.Closed)
                        con.Open();
                }
                public void CloseConnection()
                {
                    con.Close();
                }
            }

            internal class ACC
            {
                static MyDB {|#0:mydb|} = new MyDB();
                public static DataTable getListAcc()
                {
                    using (SqlCommand cmd = new SqlCommand("SELECT * FROM TaiKhoan", mydb.GetConnection))
                    {
                        mydb.OpenConnection();
                        using (SqlDataAdapter adapter = new SqlDataAdapter(cmd))
                        {
                            DataTable table = new DataTable();
                            adapter.Fill(table);
                            return table;
                        }
                    }
                }
            }
        }
        """,
        Verify.Diagnostic("SC0001").WithLocation(0).WithLocation(1).WithArguments("field", "mydb", "MyDB (through its field 'con')"));

    [Fact]
    public Task User_class_named_SqlConnection_that_is_not_a_connection_is_silent() => Verify.VerifyAsync(
        """
        // A teaching repository's own "SqlConnection : DBConnection" hierarchy (found by the code search without a
        // repository name): the name alone must not make it a connection.
        using System;

        namespace Database
        {
            public abstract class DBConnection
            {
                protected DBConnection(string connectionString) => ConnectionString = connectionString;
                public string ConnectionString { get; }
                public abstract void OpenConnection();
                public abstract void CloseConnection();
            }

            public class SqlConnection : DBConnection
            {
                public SqlConnection(string connectionString) : base(connectionString)
                {
                }

                public override void OpenConnection()
                {
                    Console.WriteLine("Opens connection to Sql database");
                }
                public override void CloseConnection()
                {
                    Console.WriteLine("Closes connection of Sql database");
                }
            }

            public static class Program
            {
                public static SqlConnection Connection = new SqlConnection("Server=db");
                public static DBConnection Current { get; } = Connection;
            }
        }
        """);

    [Fact]
    public Task Library_interface_named_IDbConnection_imported_by_alias_is_silent() => Verify.VerifyAsync(
        """
        // Rebus' SQL Server outbox sample (RebusOutboxWebAppEfCore/Startup.cs) imports the library's own interface with
        // "using IDbConnection = Rebus.SqlServer.IDbConnection;": it is not System.Data.IDbConnection. Rebus is not
        // referenced here, so the interface is declared in its namespace.
        using System;
        using Microsoft.Extensions.DependencyInjection;
        using IDbConnection = Rebus.SqlServer.IDbConnection;

        namespace Rebus.SqlServer
        {
            public interface IDbConnection : IDisposable
            {
                void Complete();
            }
        }

        namespace RebusOutboxWebAppEfCore
        {
            public sealed class OutboxConnection : IDbConnection
            {
                public void Complete() { }
                public void Dispose() { }
            }

            public static class Startup
            {
                public static IDbConnection Shared = new OutboxConnection();

                public static void ConfigureServices(IServiceCollection services)
                {
                    services.AddSingleton<IDbConnection>(_ => new OutboxConnection());
                }
            }
        }
        """);

    // The original uses SQLite; the server provider proves the per-call shape is silent on its own merits.
    [Theory]
    [InlineData("Microsoft.Data.Sqlite.SqliteConnection")]
    [InlineData("MySqlConnector.MySqlConnection")]
    public Task Discord_bot_singleton_context_opening_a_connection_per_call_with_a_hosted_worker_is_silent(string connectionType) => Verify.VerifyConsoleAppAsync(
        $$"""
        // DragonFlyersx/Discord_bot: Program.cs, DatabaseContext.cs and Worker.cs (DSharpPlus client left out)
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using DiscordBot;

        var services = new ServiceCollection();
        services.AddSingleton(new DatabaseContext("Data Source=/app/Data/discordbot.db"));
        services.AddHostedService<Worker>();

        namespace DiscordBot
        {
            public class DatabaseContext
            {
                private readonly string connectionString;

                public DatabaseContext(string connectionString)
                {
                    this.connectionString = connectionString;
                }

                public async Task AddTaskAsync(string userId, string taskDescription)
                {
                    using var connection = new {{connectionType}}(connectionString);
                    await connection.OpenAsync();

                    var command = connection.CreateCommand();
                    command.CommandText = "INSERT INTO Tasks (UserId, TaskDescription) VALUES ($userId, $taskDescription);";
                    await command.ExecuteNonQueryAsync();
                }

                public async Task<string[]> GetAllTasksAsync()
                {
                    using var connection = new {{connectionType}}(connectionString);
                    await connection.OpenAsync();

                    var command = connection.CreateCommand();
                    command.CommandText = "SELECT TaskDescription FROM Tasks;";

                    var tasks = new List<string>();
                    using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        tasks.Add(reader.GetString(0));
                    }

                    return tasks.ToArray();
                }
            }

            public class Worker : BackgroundService
            {
                private readonly IServiceProvider services;

                public Worker(IServiceProvider services)
                {
                    this.services = services;
                }

                public override async Task StartAsync(CancellationToken cancellationToken)
                {
                    var databaseContext = services.GetRequiredService<DatabaseContext>();
                    await databaseContext.GetAllTasksAsync();
                }

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
            }
        }
        """);

    [Fact]
    public Task Long_running_steam_bot_with_per_call_helpers_is_silent() => Verify.VerifyAsync(
        """
        // Revadike/SteamDatabaseBackend (SteamDB's long-running bot): Util/DbWorker.cs, and its Database class
        // handing out a new opened connection per call
        using System;
        using MySql.Data.MySqlClient;

        namespace SteamDatabaseBackend
        {
            static class Settings
            {
                public static string ConnectionString = "Server=db";
            }

            static class Database
            {
                public static MySqlConnection GetConnection()
                {
                    var connection = new MySqlConnection(Settings.ConnectionString);

                    connection.Open();

                    return connection;
                }
            }

            public static class DbWorker
            {
                public static MySqlDataReader ExecuteReader(string text, params MySqlParameter[] parameters)
                {
                    return MySqlHelper.ExecuteReader(Settings.ConnectionString, text, parameters);
                }

                public static int ExecuteNonQuery(string text, params MySqlParameter[] parameters)
                {
                    int res;

                    try
                    {
                        res = MySqlHelper.ExecuteNonQuery(Settings.ConnectionString, text, parameters);
                    }
                    catch (MySqlException e)
                    {
                        Console.WriteLine("Caught exception while executing a query: {0}", e.Message);

                        // Try again
                        res = MySqlHelper.ExecuteNonQuery(Settings.ConnectionString, text, parameters);
                    }

                    return res;
                }

                public static int CountApps()
                {
                    using (var connection = Database.GetConnection())
                    using (var command = new MySqlCommand("SELECT COUNT(*) FROM Apps", connection))
                    {
                        return Convert.ToInt32(command.ExecuteScalar());
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Telegram_bot_connection_factory_that_opens_only_the_first_time_to_log_is_silent() => Verify.VerifyAsync(
        """
        // zibasPk/politutorbot: Bot/Database/DbConnection.cs (Telegram bot; Serilog replaced by Console)
        using System;
        using MySql.Data.MySqlClient;

        namespace Bot.Database;

        public static class DbConnection
        {
            private static bool _firstConnection = true;

            public static MySqlConnection GetMySqlConnection()
            {
                var mySqlConnection = new MySqlConnection("Server=db");
                if (_firstConnection)
                {
                    mySqlConnection.Open();
                    Console.WriteLine($"MySQL version : {mySqlConnection.ServerVersion}");
                    _firstConnection = false;
                    mySqlConnection.Close();
                }
                return mySqlConnection;
            }
        }
        """);

    [Fact]
    public Task Winforms_helper_with_a_public_static_connection_opened_once() => Verify.VerifyAsync(
        """
        // GRWolfy/AppsDev: AppsDev/Connection/Connection.cs (MessageBox replaced by Console)
        using System;
        using System.Data.SqlClient;

        namespace AppsDev.Connection
        {
           class Connection
           {
              public static SqlConnection {|SC0001:con|};
              private static string dbconnect = "Data Source=WOLF;Initial Catalog=TestingDb;Integrated Security=True";

              public static void DB()
              {
                 try
                 {
                    con = new SqlConnection(dbconnect);
                    con.Open();
                 }
                 catch (Exception e)
                 {
                    con.Close();
                    Console.WriteLine(e.Message);
                 }
              }
           }
        }
        """);
}
