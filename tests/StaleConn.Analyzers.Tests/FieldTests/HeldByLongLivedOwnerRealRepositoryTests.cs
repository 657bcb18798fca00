using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// SC0007 on shapes taken whole from ONE public repository each: the owner, the holder and every creation site of the
/// holder come from the same repository, trimmed to what compiles against the test references (framework types the
/// references lack are stubbed at the end of the snippet). Every rule runs, as in a user's build, so each snippet also
/// carries the other rules' diagnostics it really produces. Negative snippets are the same kind of whole-repository
/// shape, where the holder is also created per use or per scope, or its owner does not live long.
/// </summary>
public class HeldByLongLivedOwnerRealRepositoryTests
{
    private const string ServiceBaseStub = """

        namespace System.ServiceProcess
        {
            public class ServiceBase
            {
                protected virtual void OnStart(string[] args) { }
                protected virtual void OnStop() { }
            }
        }
        """;

    private const string RocketModStubs = """

        namespace Rocket.API
        {
            public interface IRocketPluginConfiguration { void LoadDefaults(); }
        }

        namespace Rocket.Core.Plugins
        {
            public class RocketPlugin<TConfiguration> where TConfiguration : class, Rocket.API.IRocketPluginConfiguration
            {
                public Rocket.API.IAsset<TConfiguration> Configuration { get; } = null!;
                protected virtual void Load() { }
                protected virtual void Unload() { }
            }
        }

        namespace Rocket.API
        {
            public interface IAsset<T> { T Instance { get; } }
        }
        """;

    [Fact]
    public Task RocketMod_plugin_keeping_its_database_in_an_instance_field_is_reported() => Verify.VerifyAsync(
        """
        // Real: mrtwidget/Livemaps, Livemap.cs and Database.cs (the plugin creates its Database in Load when MySQL is
        // enabled and keeps it in field 'DB'; Database opens its connection in the constructor and keeps it until CleanUp).
        using MySql.Data.MySqlClient;
        using Rocket.API;
        using Rocket.Core.Plugins;

        namespace NEXIS.Livemap
        {
            public class LivemapConfiguration : IRocketPluginConfiguration
            {
                public bool MySQLEnabled;
                public string DatabaseHost;
                public string DatabaseName;
                public int DatabasePort;

                public void LoadDefaults()
                {
                    MySQLEnabled = true;
                    DatabaseHost = "localhost";
                    DatabaseName = "unturned";
                    DatabasePort = 3306;
                }
            }

            public class Database
            {
                public MySqlConnection {|SC0007:MySQLConnection|} = null;

                public Database()
                {
                    MySQLConnection = CreateConnection();
                    MySQLConnection.Open();
                }

                private MySqlConnection CreateConnection()
                {
                    var configuration = Livemap.Instance.Configuration.Instance;
                    MySQLConnection = new MySqlConnection($"SERVER={configuration.DatabaseHost};DATABASE={configuration.DatabaseName};PORT={configuration.DatabasePort};");
                    return MySQLConnection;
                }

                public void UpdateServerData()
                {
                    MySqlCommand MySQLCommand = MySQLConnection.CreateCommand();
                    MySQLCommand.CommandText = "SELECT * FROM livemap_server";
                    MySQLCommand.ExecuteScalar();
                }

                public void CleanUp() => MySQLConnection.Close();
            }

            public class Livemap : RocketPlugin<LivemapConfiguration>
            {
                public static Livemap Instance;

                public Database DB;

                protected override void Load()
                {
                    Instance = this;

                    if (Configuration.Instance.MySQLEnabled)
                        DB = new Database();
                }

                public void FixedUpdate()
                {
                    if (Configuration.Instance.MySQLEnabled)
                        DB.UpdateServerData();
                }
            }
        }
        """ + RocketModStubs);

    [Fact]
    public Task RocketMod_plugin_keeping_its_data_storage_in_a_property_is_reported() => Verify.VerifyAsync(
        """
        // Real: Sugobet/RocketMod_Plugins, SScheduleExperience_RocketMod/PluginMain.cs and DataStorage.cs (Load creates the
        // DataStorage, which opens its connection in the constructor; every experience change queries through it until
        // Unload disposes it).
        using System;
        using System.Collections.Generic;
        using MySql.Data.MySqlClient;
        using Rocket.API;
        using Rocket.Core.Plugins;

        namespace SScheduleExperience_RocketMod
        {
            public class PluginConfig : IRocketPluginConfiguration
            {
                public string mysql_ip;
                public string mysql_port;
                public string mysql_database;
                public string mysql_table;

                public void LoadDefaults()
                {
                    mysql_ip = "127.0.0.1";
                    mysql_port = "3306";
                    mysql_database = "unturned";
                    mysql_table = "experience";
                }
            }

            public class DataStorage : IDisposable
            {
                public MySqlConnection {|SC0007:Connection|} { get; private set; }

                public DataStorage()
                {
                    string connectionString = $"server={PluginMain.Config.mysql_ip};port={PluginMain.Config.mysql_port};database={PluginMain.Config.mysql_database}";
                    var connection = new MySqlConnection(connectionString);
                    connection.Open();

                    Connection = connection;
                }

                public Dictionary<string, List<string>> Query(string d_steamID)
                {
                    Dictionary<string, List<string>> data = new Dictionary<string, List<string>>();
                    string query = $"SELECT * FROM {PluginMain.Config.mysql_table} WHERE SteamID=\"{d_steamID}\"";
                    using (var command = new MySqlCommand(query, Connection))
                    using (var reader = command.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            data[reader.GetString(0)] = new List<string> { reader.GetString(1), reader.GetString(2) };
                        }
                    }

                    return data.Count == 0 ? null : data;
                }

                public void Insert(string steamID, string playerName, string exp)
                {
                    string insertQuery = $"INSERT INTO {PluginMain.Config.mysql_table} (SteamID, PlayerName, Experience) VALUES (@val1, @val2, @val3)";
                    using (var command = new MySqlCommand(insertQuery, Connection))
                    {
                        command.Parameters.AddWithValue("@val1", steamID);
                        command.Parameters.AddWithValue("@val2", playerName);
                        command.Parameters.AddWithValue("@val3", exp);
                        command.ExecuteNonQuery();
                    }
                }

                public void Dispose()
                {
                    Connection?.Dispose();
                    Connection = null;
                }
            }

            public class PluginMain : RocketPlugin<PluginConfig>
            {
                public static PluginConfig Config { get; private set; }
                public DataStorage DataStorage { get; private set; }

                protected override void Load()
                {
                    Config = Configuration.Instance;
                    DataStorage = new DataStorage();
                }

                private void OnExperienceChanged_Global(string steamId, string characterName, uint experience)
                {
                    var r_data = DataStorage.Query(steamId);
                    if (r_data == null)
                    {
                        DataStorage.Insert(steamId, characterName, experience.ToString());
                    }
                }

                protected override void Unload()
                {
                    DataStorage.Dispose();
                }
            }
        }
        """ + RocketModStubs);

    [Fact]
    public Task Emulator_pool_that_also_creates_an_anonymous_client_per_call_is_silent() => Verify.VerifyAsync(UberEmuDatabase);

    /// <summary>The uberEmu pool as published; HeldByLongLivedOwnerShapesTests derives the pool without a per-call client from it.</summary>
    internal const string UberEmuDatabase =
        """
        // Real: Quackster/uberEmu, Storage/Database.cs and UberEnvironment.cs (the static DatabaseManager keeps pooled
        // DatabaseClients in an array, but GetClient creates an anonymous client for the caller when the pool is busy, and
        // the caller disposes it): the client class is also created per use, so its instances do not all live long.
        using System;
        using System.Data;
        using MySqlConnector;

        namespace Uber.Storage
        {
            class DatabaseManager
            {
                public DatabaseClient[] Clients;
                public Boolean[] AvailableClients;
                public string ConnectionString = "Server=localhost;Database=uber";

                public DatabaseManager()
                {
                    Clients = new DatabaseClient[0];
                    AvailableClients = new Boolean[0];
                }

                public DatabaseClient GetClient()
                {
                    for (uint i = 0; i < Clients.Length; i++)
                    {
                        if (AvailableClients[i] == true)
                        {
                            if (Clients[i].State == ConnectionState.Closed)
                            {
                                Clients[i].Connect();
                            }

                            if (Clients[i].State == ConnectionState.Open)
                            {
                                AvailableClients[i] = false;
                                return Clients[i];
                            }
                        }
                    }

                    DatabaseClient Anonymous = new DatabaseClient(0, this);
                    Anonymous.Connect();

                    return Anonymous;
                }

                public void SetClientAmount(uint Amount)
                {
                    DatabaseClient[] _Clients = new DatabaseClient[Amount];
                    bool[] _AvailableClients = new bool[Amount];

                    for (uint i = 0; i < Amount; i++)
                    {
                        if (i < Clients.Length)
                        {
                            _Clients[i] = Clients[i];
                            _AvailableClients[i] = AvailableClients[i];
                        }
                        else
                        {
                            _Clients[i] = new DatabaseClient((i + 1), this);
                            _AvailableClients[i] = true;
                        }
                    }

                    Clients = _Clients;
                    AvailableClients = _AvailableClients;
                }

                public void ReleaseClient(uint Handle) => AvailableClients[Handle - 1] = true;
            }

            class DatabaseClient : IDisposable
            {
                public uint Handle;
                public DatabaseManager Manager;
                public MySqlConnection Connection;
                public MySqlCommand Command;

                public ConnectionState State => (Connection != null) ? Connection.State : ConnectionState.Broken;

                public DatabaseClient(uint _Handle, DatabaseManager _Manager)
                {
                    Handle = _Handle;
                    Manager = _Manager;
                    Connection = new MySqlConnection(Manager.ConnectionString);
                    Command = Connection.CreateCommand();
                }

                public void Connect() => Connection.Open();

                public void Dispose()
                {
                    if (Handle == 0)
                    {
                        Connection.Dispose();
                        return;
                    }

                    Manager.ReleaseClient(Handle);
                }

                public DataTable ReadDataTable(string Query)
                {
                    DataTable DataTable = new DataTable();
                    Command.CommandText = Query;
                    using (MySqlDataAdapter Adapter = new MySqlDataAdapter(Command))
                    {
                        Adapter.Fill(DataTable);
                    }

                    return DataTable;
                }
            }
        }

        namespace Uber
        {
            using Uber.Storage;

            class UberEnvironment
            {
                private static DatabaseManager DatabaseManager;

                public static void Initialize()
                {
                    DatabaseManager = new DatabaseManager();
                    DatabaseManager.SetClientAmount(4);
                }

                public static DatabaseManager GetDatabase() => DatabaseManager;
            }

            class Messenger
            {
                public void LoadBuddies(uint userId)
                {
                    using (DatabaseClient dbClient = UberEnvironment.GetDatabase().GetClient())
                    {
                        dbClient.ReadDataTable("SELECT * FROM messenger_friendships WHERE user_one_id = " + userId);
                    }
                }
            }
        }
        """;

    [Fact]
    public Task Plugin_keeping_its_database_manager_in_a_static_is_reported_once_by_sc0001_not_by_sc0007() => Verify.VerifyAsync(
        """
        // Real: cartman-2000/PlayerInfoLib, PlayerInfoLib.cs and DatabaseManager.cs (Load creates the DatabaseManager, which
        // opens and keeps its connection, in the plugin's static field 'Database'; a keep-alive query runs every few minutes).
        // A holder kept directly in a static is SC0001's, reported on the static with the connection as additional location.
        using System;
        using MySql.Data.MySqlClient;
        using Rocket.API;
        using Rocket.Core.Plugins;

        namespace PlayerInfoLibrary
        {
            public class PlayerInfoLibConfig : IRocketPluginConfiguration
            {
                public string DatabaseAddress;
                public string DatabaseName;
                public int DatabasePort;
                public int KeepaliveInterval;

                public void LoadDefaults()
                {
                    DatabaseAddress = "127.0.0.1";
                    DatabaseName = "unturned";
                    DatabasePort = 3306;
                    KeepaliveInterval = 10;
                }
            }

            public class DatabaseManager
            {
                public bool Initialized { get; private set; }
                private MySqlConnection Connection = null;
                private int MaxRetry = 5;

                internal DatabaseManager()
                {
                    Initialized = CreateConnection();
                }

                internal void Unload() => Connection.Dispose();

                internal void CheckConnection()
                {
                    try
                    {
                        MySqlCommand command = Connection.CreateCommand();
                        command.CommandText = "SELECT 1";
                        command.ExecuteNonQuery();
                    }
                    catch (MySqlException)
                    {
                        CreateConnection();
                    }
                }

                private bool CreateConnection(int count = 1)
                {
                    try
                    {
                        Connection = null;
                        var configuration = PlayerInfoLib.Instance.Configuration.Instance;
                        Connection = new MySqlConnection(string.Format("SERVER={0};DATABASE={1};PORT={2};CHARSET=utf8mb4", configuration.DatabaseAddress, configuration.DatabaseName, configuration.DatabasePort));
                        Connection.Open();
                        return true;
                    }
                    catch (MySqlException)
                    {
                        return count < MaxRetry && CreateConnection(count + 1);
                    }
                }
            }

            public class PlayerInfoLib : RocketPlugin<PlayerInfoLibConfig>
            {
                public static PlayerInfoLib Instance;
                public static DatabaseManager {|SC0001:Database|};
                private DateTime lastCheck = DateTime.Now;

                protected override void Load()
                {
                    Instance = this;
                    Database = new DatabaseManager();
                }

                protected override void Unload()
                {
                    Database.Unload();
                    Database = null;
                }

                public void FixedUpdate()
                {
                    if ((DateTime.Now - lastCheck).TotalMinutes >= Configuration.Instance.KeepaliveInterval)
                    {
                        lastCheck = DateTime.Now;
                        Database.CheckConnection();
                    }
                }
            }
        }
        """ + RocketModStubs);

    [Fact]
    public Task Console_program_whose_data_access_objects_keep_the_wrapper_for_one_run_is_silent() => Verify.VerifyAsync(
        """
        // Real: coby98765/Malshinon, Malshinon/Program.cs, DB/MySqlData.cs, DAL/PersonDAL.cs, DAL/IntelReportDAL.cs and
        // test/PersonTest.cs (Main creates the MySqlData wrapper, hands it to two data-access objects that keep it, runs
        // one pass of checks through them and returns): every keeper is a local of a method that ends.
        using System;
        using MySql.Data.MySqlClient;

        namespace Malshinon.DB
        {
            public class MySqlData
            {
                static string connectionString = "Server=localhost;Port=3306;DataBase=malshinon_db;User=root;Password='';";
                private MySqlConnection _conn;

                public void Setup()
                {
                    var conn = new MySqlConnection(connectionString);
                    _conn = conn;
                    try
                    {
                        conn.Open();
                        conn.Close();
                    }
                    catch (MySqlException ex)
                    {
                        Console.WriteLine($"Error connecting: {ex.Message}");
                    }
                }

                public MySqlConnection GetConnection()
                {
                    _conn.Open();
                    return _conn;
                }

                public void CloseConnection() => _conn.Close();
            }
        }

        namespace Malshinon.models
        {
            using Malshinon.DB;

            internal class PersonDAL
            {
                private MySqlData _sqlData;

                public PersonDAL(MySqlData connData) => _sqlData = connData;

                public int CountPeople()
                {
                    MySqlCommand cmd = new MySqlCommand("SELECT COUNT(*) FROM people", _sqlData.GetConnection());
                    try
                    {
                        return Convert.ToInt32(cmd.ExecuteScalar());
                    }
                    finally
                    {
                        _sqlData.CloseConnection();
                    }
                }
            }

            internal class IntelReportDAL
            {
                private MySqlData _sqlData;

                public IntelReportDAL(MySqlData connData) => _sqlData = connData;

                public int CountReports()
                {
                    MySqlCommand cmd = new MySqlCommand("SELECT COUNT(*) FROM intel_reports", _sqlData.GetConnection());
                    try
                    {
                        return Convert.ToInt32(cmd.ExecuteScalar());
                    }
                    finally
                    {
                        _sqlData.CloseConnection();
                    }
                }
            }

            internal class PersonTest
            {
                public PersonTest(PersonDAL personDal)
                {
                    PersonDAL personDAL = personDal;
                    Console.WriteLine(personDAL.CountPeople());
                }
            }

            internal class IntelReportTest
            {
                public IntelReportTest(IntelReportDAL Report)
                {
                    IntelReportDAL reportDAL = Report;
                    Console.WriteLine(reportDAL.CountReports());
                }
            }
        }

        namespace Malshinon
        {
            using Malshinon.DB;
            using Malshinon.models;

            class Program
            {
                static void Main()
                {
                    MySqlData sqlData = new MySqlData();
                    sqlData.Setup();

                    PersonDAL personDAL = new PersonDAL(sqlData);
                    PersonTest personTest = new PersonTest(personDAL);

                    IntelReportDAL reportDAL = new IntelReportDAL(sqlData);
                    IntelReportTest intelReportTests = new IntelReportTest(reportDAL);
                }
            }
        }
        """);

    [Fact]
    public Task Emulator_fork_that_opens_a_client_per_call_is_silent() => Verify.VerifyAsync(
        """
        // Real: AquelDev/uberEmu-stabilized, Storage/DatabaseManager.cs, Storage/DatabaseClient.cs, UberEnvironment.cs and
        // Net/MusSocket.cs (the fork dropped uberEmu's pool: GetClient returns a new DatabaseClient, which opens its
        // connection in the constructor, and every caller disposes it in a using block).
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace Uber.Storage
        {
            class DatabaseManager
            {
                public string ConnectionString => "Server=localhost;Database=uber";

                public DatabaseClient GetClient()
                {
                    return new DatabaseClient(this);
                }
            }

            sealed class DatabaseClient : IDisposable
            {
                public DatabaseManager Manager;
                public MySqlConnection Connection;
                public MySqlCommand Command;

                public DatabaseClient(DatabaseManager _Manager)
                {
                    Manager = _Manager;
                    Connection = new MySqlConnection(Manager.ConnectionString);
                    Command = Connection.CreateCommand();
                    Connection.Open();
                }

                public void Dispose()
                {
                    Connection.Close();
                    Command.Dispose();
                    Connection.Dispose();
                }

                public DataRow ReadDataRow(string Query)
                {
                    DataTable DataTable = new DataTable();
                    Command.CommandText = Query;
                    using (MySqlDataAdapter Adapter = new MySqlDataAdapter(Command))
                    {
                        Adapter.Fill(DataTable);
                    }

                    return DataTable.Rows.Count > 0 ? DataTable.Rows[0] : null;
                }
            }
        }

        namespace Uber
        {
            using Uber.Storage;

            class UberEnvironment
            {
                private static DatabaseManager DatabaseManager;

                public static void Initialize() => DatabaseManager = new DatabaseManager();

                public static DatabaseManager GetDatabase() => DatabaseManager;
            }

            class MusSocket
            {
                public void ProcessCommand(uint userId)
                {
                    using (DatabaseClient dbClient = UberEnvironment.GetDatabase().GetClient())
                    {
                        dbClient.ReadDataRow("SELECT * FROM users WHERE id = " + userId);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Windows_service_hosting_a_node_that_keeps_its_sql_connection_is_reported() => Verify.VerifyAsync(VcapNodeHostedByWindowsService);

    [Fact]
    public Task Node_created_by_the_repositorys_own_test_project_is_still_reported() => Verify.VerifyFilesAsync(
        ("/src/Uhuru.CloudFoundry.MsSqlService/Node.cs", VcapNodeHostedByWindowsService),
        ("/src/Uhuru.CloudFoundry.Test/Integration/NodeTest.cs", WithoutTestAttributes(VcapNodeTest)));

    [Fact]
    public Task Node_created_by_a_test_method_outside_a_test_folder_is_still_reported() => Verify.VerifyFilesAsync(
        ("/src/Uhuru.CloudFoundry.MsSqlService/Node.cs", VcapNodeHostedByWindowsService),
        ("/src/Integration/NodeTest.cs", VcapNodeTest.Replace("[TestClass]", string.Empty)));

    [Fact]
    public Task Node_created_in_a_test_fixture_outside_a_test_folder_is_still_reported() => Verify.VerifyFilesAsync(
        ("/src/Uhuru.CloudFoundry.MsSqlService/Node.cs", VcapNodeHostedByWindowsService),
        ("/src/Integration/NodeTest.cs", VcapNodeTest.Replace("[TestMethod()]", string.Empty)));

    [Fact]
    public Task Node_created_by_a_plain_method_named_like_a_test_counts_as_per_use() => Verify.VerifyFilesAsync(
        ("/src/Uhuru.CloudFoundry.MsSqlService/Node.cs", VcapNodeHostedByWindowsService.Replace("{|SC0007:connection|}", "connection")),
        ("/src/Integration/NodeTest.cs", WithoutTestAttributes(VcapNodeTest)));

    private static string WithoutTestAttributes(string source) => source.Replace("[TestClass]", string.Empty).Replace("[TestMethod()]", string.Empty);

    /// <summary>
    /// Real: UhuruSoftware/vcap-dotnet, src/Uhuru.CloudFoundry.Test/Integration/NodeTest.cs (the repository's MSTest test
    /// creates a Node per test). Compiled with the production code, as a whole-repository measurement does.
    /// </summary>
    private const string VcapNodeTest = """
        using Microsoft.VisualStudio.TestTools.UnitTesting;
        using Uhuru.CloudFoundry.MSSqlService;

        namespace Uhuru.CloudFoundry.Test.Integration
        {
            [TestClass]
            public class NodeTest
            {
                [TestMethod()]
                public void CreateDatabaseTest()
                {
                    Node node = new Node();
                    node.Start("uhuru");
                }
            }
        }

        namespace Microsoft.VisualStudio.TestTools.UnitTesting
        {
            public sealed class TestClassAttribute : System.Attribute { }
            public sealed class TestMethodAttribute : System.Attribute { }
        }
        """;

    private const string VcapNodeHostedByWindowsService =
        """
        // Real: UhuruSoftware/vcap-dotnet, src/Uhuru.CloudFoundry.MsSqlService.WindowsService/MsSqlWindowsService.cs and
        // src/Uhuru.CloudFoundry.MsSqlService/Node.cs (the service creates its Node in Start; Node opens the SqlConnection
        // it manages the server with and keeps it, with a keep-alive query on a timer). The two files live in two projects
        // of one repository; the snippet compiles them together, as a whole-repository measurement does.
        using System;
        using System.Data;
        using System.Data.SqlClient;
        using System.Threading;

        namespace Uhuru.CloudFoundry.MSSqlService
        {
            public abstract class NodeBase
            {
                public abstract void Start(string options);

                public virtual void Shutdown() { }
            }

            public partial class Node : NodeBase
            {
                private const int KeepAliveInterval = 15000;

                private SqlConnection {|SC0007:connection|};

                private Timer keepAliveTimer;

                public string ConnectionString => "Data Source=localhost;Initial Catalog=master";

                public override void Start(string options)
                {
                    this.connection = this.ConnectMSSql();
                    this.keepAliveTimer = new Timer(_ => this.KeepAliveMSSql(), null, KeepAliveInterval, KeepAliveInterval);
                }

                private SqlConnection ConnectMSSql()
                {
                    for (int i = 0; i < 5; i++)
                    {
                        this.connection = new SqlConnection(this.ConnectionString);

                        try
                        {
                            this.connection.Open();
                            return this.connection;
                        }
                        catch (InvalidOperationException)
                        {
                        }
                        catch (SqlException)
                        {
                        }

                        Thread.Sleep(5000);
                    }

                    Shutdown();
                    return null;
                }

                private void KeepAliveMSSql()
                {
                    try
                    {
                        using (SqlCommand cmd = new SqlCommand("SELECT 1", this.connection))
                        {
                            cmd.ExecuteScalar();
                        }
                    }
                    catch (Exception)
                    {
                        this.connection = this.ConnectMSSql();
                    }
                }

                private void KillLongTransactions()
                {
                    if (this.connection.State != ConnectionState.Open)
                    {
                        this.connection = this.ConnectMSSql();
                    }

                    using (SqlCommand cmd = new SqlCommand("SELECT session_id FROM sys.dm_tran_session_transactions", this.connection))
                    {
                        cmd.ExecuteScalar();
                    }
                }
            }
        }

        namespace Uhuru.CloudFoundry.MSSqlService.WindowsService
        {
            using Uhuru.CloudFoundry.MSSqlService;

            internal partial class MSSqlWindowsService : System.ServiceProcess.ServiceBase
            {
                private Node node;

                internal void Start()
                {
                    this.node = new Node();
                    this.node.Start("uhuru");
                }

                protected override void OnStart(string[] args)
                {
                    this.Start();
                }

                protected override void OnStop()
                {
                    this.node.Shutdown();
                }
            }
        }
        """ + ServiceBaseStub;

    [Fact]
    public Task Static_database_list_whose_entries_hold_a_provider_that_keeps_its_connection_is_reported() => Verify.VerifyAsync(Arma2NetDatabases,
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Field",
            "connection",
            "MySQL",
            "static field 'dbs' of 'SQL' (it keeps the 'Databases', then 'Databases' keeps every 'DatabaseObject' in field 'databaseList', then 'DatabaseObject' keeps the 'MySQL' in field 'sql_connection'); a static lives as long as the process"));

    private const string Arma2NetDatabases =
        """
        // Real: firefly2442/Arma2NETMySQLPlugin, Arma2NETMySQLPlugin/SQL.cs, Databases.cs, DatabaseObject.cs, MySQL.cs and
        // Startup.cs (the add-in's first call fills the static SQL.dbs with a Databases list; each DatabaseObject keeps the
        // MySQL provider it opened, typed as its abstract base SQL). The repository's issue 4 reports the stale connection
        // after 12 idle hours; the inactivity thread is the later fix, trimmed here to its loop.
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using MySql.Data.MySqlClient;

        namespace Arma2NETMySQLPlugin
        {
            public abstract class SQL
            {
                public static Databases {|#1:dbs|} = null;

                public abstract void OpenConnection(string connectionString);
                public abstract void CloseConnection();
                public abstract IEnumerable<string[][]> RunCommand(string sql_command, int maxResultSize);
            }

            public class MySQL : SQL
            {
                private MySqlConnection {|#0:connection|};
                private DateTime lastQuery = new DateTime();
                private String connectString = null;

                public override void OpenConnection(string connectionString)
                {
                    if (connection == null)
                    {
                        connection = new MySqlConnection(connectionString);
                    }

                    connectString = connectionString;
                    lastQuery = DateTime.Now;
                    while (connection.State != System.Data.ConnectionState.Open)
                    {
                        try
                        {
                            connection.Open();
                        }
                        catch (Exception)
                        {
                            Thread.Sleep(10000);
                        }
                    }
                }

                public override void CloseConnection()
                {
                    if (connection != null && connection.State != System.Data.ConnectionState.Closed)
                    {
                        connection.Close();
                        connection = null;
                    }
                }

                public override IEnumerable<string[][]> RunCommand(string mysql_command, int maxResultSize)
                {
                    if (connection == null)
                    {
                        OpenConnection(connectString);
                    }

                    if (connection != null && connection.State == System.Data.ConnectionState.Open && mysql_command != null)
                    {
                        MySqlCommand command = connection.CreateCommand();
                        command.CommandText = mysql_command;
                        lastQuery = DateTime.Now;
                        using (var reader = command.ExecuteReader())
                        {
                            yield return new string[0][];
                        }
                    }
                }
            }

            class DatabaseObject
            {
                public string type;
                public string databasename;
                public SQL sql_connection;

                public DatabaseObject(params string[] values)
                {
                    type = values[0];
                    databasename = values[1];
                    if (type == "mysql")
                    {
                        sql_connection = new MySQL();
                        sql_connection.OpenConnection("Server = " + values[2] + "; Database = " + databasename + ";CheckParameters=false");
                    }
                }
            }

            public class Databases
            {
                private List<DatabaseObject> databaseList = new List<DatabaseObject>();

                public Databases()
                {
                    string line;
                    System.IO.StreamReader sr = System.IO.File.OpenText("Databases.txt");
                    line = sr.ReadLine();
                    while (line != null)
                    {
                        string[] split = line.Split(',');
                        if (split.Length == 6)
                        {
                            DatabaseObject temp = new DatabaseObject(new string[6] { split[0], split[1], split[2], split[3], split[4], split[5] });
                            databaseList.Add(temp);
                        }

                        line = sr.ReadLine();
                    }

                    sr.Close();
                }

                public SQL getSQLProvider(string dbname)
                {
                    for (int i = 0; i < databaseList.Count; i++)
                    {
                        if (databaseList[i].databasename == dbname)
                        {
                            return databaseList[i].sql_connection;
                        }
                    }

                    return null;
                }
            }

            class Startup
            {
                public static Boolean started_up = false;

                public static void StartupConnection()
                {
                    if (started_up == false)
                    {
                        SQL.dbs = new Databases();
                        started_up = true;
                    }
                }
            }
        }
        """;

    [Fact]
    public Task Plugin_static_service_typed_as_its_interface_keeping_a_currency_manager_is_reported() => Verify.VerifyAsync(
        """
        // Real: UnrealMultiple/TShockPlugin, src/Economics.Core/Economics.cs, Services/CurrencyService.cs and
        // DB/CurrencyManager.cs (Initialize creates the manager, which keeps TShock's connection, hands it to the service it
        // keeps in a static property typed as the service's interface, ICurrencyService).
        using System;
        using System.Collections.Generic;
        using System.Data;
        using Economics.Core.DB;
        using Economics.Core.Services;
        using TerrariaApi.Server;

        namespace Economics.Core.DB
        {
            internal sealed class CurrencyManager
            {
                private readonly List<string> _currencies = [];
                private readonly IDbConnection {|SC0007:_database|};

                internal CurrencyManager()
                {
                    this._database = TShockAPI.TShock.DB;
                    this.LoadCurrencies();
                }

                private void LoadCurrencies()
                {
                    using var command = this._database.CreateCommand();
                    command.CommandText = "SELECT * FROM economics";
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        this._currencies.Add(reader.GetString(1));
                    }
                }

                internal long GetBalance(string playerName, string currencyType) => this._currencies.Count;
            }
        }

        namespace Economics.Core.Services
        {
            public interface ICurrencyService
            {
                long GetBalance(string playerName, string currencyName);
            }

            internal class CurrencyService(CurrencyManager currencyManager) : ICurrencyService
            {
                private readonly CurrencyManager _currencyManager = currencyManager ?? throw new ArgumentNullException(nameof(currencyManager));

                public long GetBalance(string playerName, string currencyName) => this._currencyManager.GetBalance(playerName, currencyName);
            }
        }

        namespace Economics.Core
        {
            public class Economics : TerrariaPlugin
            {
                public static ICurrencyService CurrencyService { get; private set; }

                public override void Initialize()
                {
                    var currencyManager = new CurrencyManager();
                    CurrencyService = new CurrencyService(currencyManager);
                }
            }
        }

        namespace TerrariaApi.Server
        {
            public abstract class TerrariaPlugin
            {
                public abstract void Initialize();
            }
        }

        namespace TShockAPI
        {
            public static class TShock
            {
                public static IDbConnection DB => null!; // a field in TShock's own assembly
            }
        }
        """);
}
