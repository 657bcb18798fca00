using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

public class SC0007HeldByLongLivedOwnerTests
{
    [Fact]
    public Task Database_created_and_kept_by_an_irc_bot_is_reported_on_its_connection_field() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public class Database
        {
            public MySqlConnection {|#0:Connection|};

            public Database(string connectionString)
            {
                Connection = new MySqlConnection(connectionString);
                Connection.Open();
            }
        }

        public class {|#1:IrcBot|}
        {
            private readonly Database _db = new Database("Server=db");

            public void OnMessage(string nick, string text)
            {
                using var command = new MySqlCommand("INSERT INTO log (nick, text) VALUES (@n, @t)", _db.Connection);
                command.ExecuteNonQuery();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "Connection", "Database",
            "'IrcBot' ('IrcBot' keeps the 'Database' in field '_db'); 'IrcBot' is a bot (a bot runs for the life of the process)"));

    [Fact]
    public Task Windows_service_that_creates_its_database_in_on_start_is_reported() => Verify.VerifyAsync(
        """
        using MySql.Data.MySqlClient;

        namespace System.ServiceProcess
        {
            public class ServiceBase
            {
                protected virtual void OnStart(string[] args) { }
            }
        }

        namespace Legacy
        {
            public class SqlService
            {
                private MySqlConnection {|#0:conn|};

                public void Connect()
                {
                    conn = new MySqlConnection("Server=db");
                    conn.Open();
                }
            }

            public class {|#1:SyncService|} : System.ServiceProcess.ServiceBase
            {
                private SqlService sql;

                protected override void OnStart(string[] args)
                {
                    sql = new SqlService();
                    sql.Connect();
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "conn", "SqlService",
            "'SyncService' ('SyncService' keeps the 'SqlService' in field 'sql'); 'SyncService' derives from ServiceBase (a Windows service lives as long as the process)"));

    [Fact]
    public Task Background_service_two_levels_above_the_connection_is_reported_with_the_whole_chain() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        public class UnitOfWork
        {
            public NpgsqlConnection {|#0:Connection|} { get; } = new NpgsqlConnection("Host=db");
        }

        public class Importer
        {
            private readonly UnitOfWork _unitOfWork = new UnitOfWork();
        }

        public class {|#1:ImportWorker|} : BackgroundService
        {
            private readonly Importer _importer = new Importer();

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Property", "Connection", "UnitOfWork",
            "'ImportWorker' ('ImportWorker' keeps the 'Importer' in field '_importer', then 'Importer' keeps the 'UnitOfWork' in field '_unitOfWork'); 'ImportWorker' derives from BackgroundService (a hosted service lives as long as the host)"));

    [Fact]
    public Task Static_dictionary_of_sessions_each_holding_a_connection_is_reported() => Verify.VerifyAsync(
        """
        using System.Collections.Generic;
        using MySqlConnector;

        public class Session
        {
            private readonly MySqlConnection {|#0:_connection|};

            public Session(string connectionString)
            {
                _connection = new MySqlConnection(connectionString);
                _connection.Open();
            }
        }

        public static class Sessions
        {
            private static readonly Dictionary<string, Session> {|#1:ByServer|} = new Dictionary<string, Session>();

            public static Session For(string server)
            {
                if (!ByServer.TryGetValue(server, out var session))
                {
                    session = new Session("Server=" + server);
                    ByServer[server] = session;
                }

                return session;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "_connection", "Session",
            "static field 'ByServer' of 'Sessions' (it keeps every 'Session' put in it); a static lives as long as the process"));

    [Fact]
    public Task Transient_resolved_once_from_the_root_provider_by_a_singleton_subscriber_is_reported() => Verify.VerifyAsync(
        """
        using System;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public class OrdersDb
        {
            private readonly MySqlConnection {|#0:_connection|} = new MySqlConnection("Server=db");
        }

        public class {|#1:OrderSubscriber|}
        {
            private readonly OrdersDb _db;

            public OrderSubscriber(IServiceProvider provider)
            {
                _db = provider.GetRequiredService<OrdersDb>();
            }
        }

        public static class Composition
        {
            public static void Configure(IServiceCollection services)
            {
                services.AddTransient<OrdersDb>();
                services.AddSingleton<OrderSubscriber>();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "_connection", "OrdersDb",
            "'OrderSubscriber' ('OrderSubscriber' keeps the 'OrdersDb' in field '_db'); 'OrderSubscriber' is registered as a singleton (created once, kept for the life of the application)"));

    // Shape from MangosServer/MangosSharp@617a8f3481431802910403196f6523b531929fd5 (issue #44, "Unable to write data to
    // the transport connection"): Source/Common/Mangos.Common.Legacy/SQL.cs keeps `MySQLConn`, opened in Connect();
    // Source/Services/Mangos.Cluster/WorldCluster.cs keeps three `SQL`s in fields, and
    // Source/Services/WorldCluster/Modules/ClusterModule.cs registers it with Autofac's SingleInstance().
    [Fact]
    public Task Holder_kept_by_an_autofac_single_instance_is_reported() => Verify.VerifyAsync(
        """
        using Autofac;
        using MySql.Data.MySqlClient;

        public class SQL
        {
            private MySqlConnection {|#0:MySQLConn|};

            public void Connect(string connectionString)
            {
                MySQLConn = new MySqlConnection(connectionString);
                MySQLConn.Open();
            }

            public object Scalar(string query) => new MySqlCommand(query, MySQLConn).ExecuteScalar();
        }

        public class {|#1:WorldCluster|}
        {
            private SQL _accountDatabase = new SQL();

            public SQL GetAccountDatabase() => _accountDatabase;
        }

        public sealed class ClusterModule : Module
        {
            protected override void Load(ContainerBuilder builder)
            {
                builder.RegisterType<WorldCluster>().As<WorldCluster>().SingleInstance();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "MySQLConn", "SQL",
            "'WorldCluster' ('WorldCluster' keeps the 'SQL' in field '_accountDatabase'); 'WorldCluster' is registered as a singleton (created once, kept for the life of the application)"));

    // Shape from MangosServer/MangosSharp@617a8f3481431802910403196f6523b531929fd5: the realm server's
    // Source/Services/Mangos.Realm.Storage.MySql/AccountStorage.cs builds a MySqlStorage (Source/Common/Mangos.Storage.MySql/
    // MySqlStorage.cs, one connection opened in ConnectAsync) in its constructor; RealmServer/Modules/StorageModule.cs
    // registers it for its interface, after a call that configures it, with SingleInstance().
    [Fact]
    public Task Holder_kept_by_an_autofac_single_instance_registered_for_its_interface_is_reported() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;
        using Autofac;
        using MySql.Data.MySqlClient;

        public interface IAccountStorage { }

        public class MySqlStorage
        {
            private MySqlConnection {|#0:connection|};

            public async Task ConnectAsync(string connectionString)
            {
                connection = new MySqlConnection(connectionString);
                await connection.OpenAsync();
            }
        }

        public class {|#1:AccountStorage|} : IAccountStorage
        {
            private readonly MySqlStorage mySqlStorage;

            public AccountStorage() => mySqlStorage = new MySqlStorage();
        }

        public sealed class StorageModule : Module
        {
            protected override void Load(ContainerBuilder builder)
            {
                builder.RegisterType<AccountStorage>()
                    .As<IAccountStorage>()
                    .OnActivated(x => x.Instance.ToString())
                    .SingleInstance();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "connection", "MySqlStorage",
            "'AccountStorage' ('AccountStorage' keeps the 'MySqlStorage' in field 'mySqlStorage'); 'AccountStorage' is registered as a singleton (created once, kept for the life of the application)"));

    // The same registration with a scoped lifetime builds one owner per scope: nothing outlives it.
    [Theory]
    [InlineData(".InstancePerLifetimeScope()")]
    [InlineData(".InstancePerDependency()")]
    [InlineData("")]
    public Task Holder_kept_by_an_autofac_registration_of_another_lifetime_is_silent(string lifetime) => Verify.VerifyAsync(
        """
        using Autofac;
        using MySql.Data.MySqlClient;

        public interface IAccountStorage { }

        public class MySqlStorage
        {
            private MySqlConnection connection;

            public void Connect(string connectionString)
            {
                connection = new MySqlConnection(connectionString);
                connection.Open();
            }
        }

        public class AccountStorage : IAccountStorage
        {
            private readonly MySqlStorage mySqlStorage;

            public AccountStorage() => mySqlStorage = new MySqlStorage();
        }

        public sealed class StorageModule : Module
        {
            protected override void Load(ContainerBuilder builder)
            {
                builder.RegisterType<AccountStorage>().As<IAccountStorage>()LIFETIME;
            }
        }
        """.Replace("LIFETIME", lifetime));

    [Fact]
    public Task Wrapper_created_as_a_local_and_reused_by_a_polling_loop_is_reported() => Verify.VerifyConsoleAppAsync(
        """
        using System.Net.Http;
        using System.Threading;
        using MySqlConnector;

        var http = new HttpClient();
        var handler = new DatabaseHandler();
        handler.Open();
        {|#1:while|} (true)
        {
            var page = http.GetStringAsync("http://127.0.0.1/feed").Result;
            handler.Save(page);
            Thread.Sleep(30_000);
        }

        public class DatabaseHandler
        {
            private readonly MySqlConnection {|#0:connection|} = new MySqlConnection("Server=db");

            public void Open() => connection.Open();

            public void Save(string page)
            {
                using var command = new MySqlCommand("INSERT INTO pages (body) VALUES (@b)", connection);
                command.Parameters.AddWithValue("@b", page);
                command.ExecuteNonQuery();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "connection", "DatabaseHandler",
            "the loop in the program's top-level statements ('DatabaseHandler' is created before the loop and used on every turn); the loop waits (GetStringAsync)"));

    [Fact]
    public Task Plugin_chat_client_holder_and_endless_worker_owners_are_reported() => Verify.VerifyAsync(
        """
        using System.Threading;
        using MySqlConnector;

        namespace Rocket.Core.Plugins
        {
            public abstract class RocketPlugin { protected virtual void Load() { } }
        }

        namespace Discord.WebSocket
        {
            public class DiscordSocketClient { }
        }

        namespace Game
        {
            public class PlayerStore { public MySqlConnection {|#0:Connection|} = new MySqlConnection("Server=db"); }

            public class {|#1:EconomyPlugin|} : Rocket.Core.Plugins.RocketPlugin
            {
                private PlayerStore store;

                protected override void Load() => store = new PlayerStore();
            }

            public class GuildStore { public MySqlConnection {|#2:Connection|} = new MySqlConnection("Server=db"); }

            public class {|#3:Guardian|}
            {
                private readonly Discord.WebSocket.DiscordSocketClient _client = new Discord.WebSocket.DiscordSocketClient();
                private readonly GuildStore _guilds = new GuildStore();
            }

            public class QueueStore { public MySqlConnection {|#4:Connection|} = new MySqlConnection("Server=db"); }

            public class {|#5:Pump|}
            {
                private readonly QueueStore _queue = new QueueStore();

                public void Run()
                {
                    while (true)
                    {
                        _queue.Connection.Ping();
                        Thread.Sleep(1000);
                    }
                }
            }

            public static class Program
            {
                public static void Start() => new Pump().Run();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "Connection", "PlayerStore",
            "'EconomyPlugin' ('EconomyPlugin' keeps the 'PlayerStore' in field 'store'); 'EconomyPlugin' is a plugin (the server loads it once and keeps it while it runs)"),
        Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments(
            "Field", "Connection", "GuildStore",
            "'Guardian' ('Guardian' keeps the 'GuildStore' in field '_guilds'); 'Guardian' is a bot (it holds a DiscordSocketClient, and a bot runs for the life of the process)"),
        Verify.Diagnostic().WithLocation(4).WithLocation(5).WithArguments(
            "Field", "Connection", "QueueStore",
            "'Pump' ('Pump' keeps the 'QueueStore' in field '_queue'); 'Pump' runs an endless loop that waits (Thread.Sleep) in 'Run'"));

    [Fact]
    public Task Class_also_created_per_use_elsewhere_is_silent() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public class Database
        {
            public MySqlConnection Connection = new MySqlConnection("Server=db");
        }

        public class IrcBot
        {
            private readonly Database _db = new Database();
        }

        public class Report
        {
            public int Count()
            {
                var db = new Database();
                db.Connection.Open();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM log", db.Connection);
                return (int)command.ExecuteScalar()!;
            }
        }
        """);

    [Fact]
    public Task Class_kept_by_a_short_lived_owner_is_silent() => Verify.VerifyAsync(
        """
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        public class Database
        {
            public MySqlConnection Connection = new MySqlConnection("Server=db");
        }

        public class OrdersController
        {
            private readonly Database _db;

            public OrdersController(Database db) => _db = db;
        }

        public class IrcBot
        {
            private readonly Database _db;

            public IrcBot(Database db) => _db = db;
        }

        public class Request
        {
            public void Handle() => new OrdersHandler().Run();
        }

        public class OrdersHandler
        {
            private readonly Database _db = new Database();

            public void Run() => _db.Connection.Open();
        }

        public static class Composition
        {
            public static void Configure(IServiceCollection services) => services.AddScoped<Database>();
        }
        """);

    [Fact]
    public Task Shapes_other_rules_report_are_silent_here() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        // SC0001: a static of the holder.
        public class StaticHeld { public MySqlConnection Connection = new MySqlConnection("Server=db"); }
        public static class Globals { public static StaticHeld Db = new StaticHeld(); }

        // SC0005: the holder registered as a singleton.
        public class RegisteredHeld { private readonly MySqlConnection _connection = new MySqlConnection("Server=db"); }

        // SC0002: the holder is itself a hosted service, and a singleton by its own static.
        public class Worker : BackgroundService
        {
            private readonly MySqlConnection _connection = new MySqlConnection("Server=db");
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }

        public class Cache
        {
            public static readonly Cache Instance = new Cache();
            private readonly MySqlConnection _connection = new MySqlConnection("Server=db");
        }

        public class Bots
        {
            private readonly Cache _cache = Cache.Instance;
        }

        public static class Composition
        {
            public static void Configure(IServiceCollection services) => services.AddSingleton<RegisteredHeld>();
        }
        """);

    [Fact]
    public Task Local_wrapper_in_a_bounded_or_non_waiting_loop_is_silent() => Verify.VerifyAsync(
        """
        using System.Threading;
        using MySqlConnector;

        public class DatabaseHandler
        {
            public MySqlConnection Connection = new MySqlConnection("Server=db");
        }

        public static class Jobs
        {
            public static void Retry()
            {
                var handler = new DatabaseHandler();
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    handler.Connection.Ping();
                    Thread.Sleep(100);
                }
            }

            public static void Page(string[] rows)
            {
                var handler = new DatabaseHandler();
                var skip = 0;
                while (true)
                {
                    var page = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Take(System.Linq.Enumerable.Skip(rows, skip), 100));
                    if (page.Length == 0) break;
                    handler.Connection.Ping();
                    skip += page.Length;
                }
            }

            public static void Drain(string[] rows)
            {
                var handler = new DatabaseHandler();
                var i = 0;
                while (true)
                {
                    if (i == rows.Length) break;
                    handler.Connection.Ping();
                    i++;
                }
            }
        }
        """);

    [Fact]
    public Task Discord_command_module_created_per_command_is_silent() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        namespace Discord.Commands
        {
            public abstract class ModuleBase { }
        }

        namespace Discord.WebSocket
        {
            public class DiscordSocketClient { }
        }

        namespace Bot.Modules
        {
            public class Database { public MySqlConnection Connection = new MySqlConnection("Server=db"); }

            public class ProfileModule : Discord.Commands.ModuleBase
            {
                private readonly Discord.WebSocket.DiscordSocketClient _client;
                private readonly Database _db;

                public ProfileModule(Discord.WebSocket.DiscordSocketClient client, Database db)
                {
                    _client = client;
                    _db = db;
                }
            }
        }
        """);
}
