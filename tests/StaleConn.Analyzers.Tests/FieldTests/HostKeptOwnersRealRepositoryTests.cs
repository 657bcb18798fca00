using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// Issue 15's recall misses, from public repositories, with every rule running: owners no code of the repository creates
/// (a game-server plugin, an Arma3Net add-in the extension host loads) and a bot's Main that subscribes a handler and
/// then blocks for good. Negatives are the same owners whose connections are opened per use.
/// </summary>
public class HostKeptOwnersRealRepositoryTests
{
    [Fact]
    public Task Add_in_keeping_opened_connections_by_id_is_reported_on_its_dictionary() => Verify.VerifyAsync(
        """
        // Real: AlexFielder/Arma3Net-Mysql (commit 7dd3580f), Arma3Net-Mysql/MySqlPlugin.cs. The Arma3Net host creates
        // the [AddIn] class once for the game server; the mission script calls Open() at start, keeps the returned id and
        // runs every query through Exec(id, ...) for hours; only Close(id) or CloseAll() lets a connection go. The state
        // check before each query sees only the client side, so a session the server dropped stays "Open".
        using System;
        using System.Collections.Generic;
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace Arma3Net
        {
            [AttributeUsage(AttributeTargets.Class)]
            public sealed class AddInAttribute : Attribute
            {
                public AddInAttribute(string name) { }

                public string Version { get; set; }
            }
        }

        namespace Arma3Net_Mysql
        {
            using Arma3Net;

            [AddIn("mysql", Version = "0.0.0.1")]
            public class MySqlPlugin
            {
                private readonly DateTime _activated = DateTime.Now;
                private Dictionary<int, MySqlConnection> {|SC0002:_condic|} = new Dictionary<int, MySqlConnection>();

                public object[] Open(string server, string database, string user, string password)
                {
                    var connection = new MySqlConnection($"Server={server};Database={database};Uid={user};Pwd={password}");
                    connection.Open();
                    var id = _condic.Count == 0 ? 1 : _condic.Count + 1;
                    _condic.Add(id, connection);
                    return new object[] { true, id };
                }

                public string Exec(int id, string query)
                {
                    if (!_condic.ContainsKey(id) || _condic[id].State != ConnectionState.Open)
                    {
                        return "[false, \"not open\"]";
                    }

                    using var command = new MySqlCommand(query, _condic[id]);
                    return Convert.ToString(command.ExecuteScalar());
                }

                public object[] Close(int id)
                {
                    _condic[id].Close();
                    _condic.Remove(id);
                    return new object[] { true };
                }
            }
        }
        """);

    [Fact]
    public Task Terraria_plugin_keeping_its_own_connection_is_reported() => Verify.VerifyAsync(
        """
        // Real: a TShock plugin "SPlugin" by Switchi (stored index file 10487892286; the index does not name the
        // repository): the TerrariaPlugin opens its database in Initialize() and keeps it in an instance field; every
        // tile edit and NPC strike queries through it. The plugin lives as long as the Terraria server. The real one keeps
        // a Mono SqliteConnection; written here with the IDbConnection field TShock plugins declare (UnrealMultiple/
        // TShockPlugin src/History/History.cs keeps the same in a static) and a MySQL server behind it.
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace TerrariaApi.Server
        {
            public abstract class TerrariaPlugin
            {
                public abstract void Initialize();
            }
        }

        namespace SPlugin
        {
            public class SPlugin : TerrariaApi.Server.TerrariaPlugin
            {
                private IDbConnection {|SC0002:DB|};

                public override void Initialize() => SetupDB();

                private void SetupDB()
                {
                    DB = new MySqlConnection("Server=db;Database=tshock");
                    DB.Open();
                }

                public void OnTileEdit(string player)
                {
                    using var command = DB.CreateCommand();
                    command.CommandText = "UPDATE mines_stats SET tiles = tiles + 1 WHERE user_id = @0";
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@0";
                    parameter.Value = player;
                    command.Parameters.Add(parameter);
                    command.ExecuteNonQuery();
                }
            }
        }
        """);

    [Fact]
    public Task Rocket_plugin_whose_database_manager_opens_per_call_is_silent() => Verify.VerifyAsync(
        """
        // Real: RiceField-Plugins/RFPlayerLibrary (commit ffcb169d), Plugin.cs and DatabaseManagers/PlayerManager.cs: the
        // RocketPlugin keeps its DatabaseManager for the life of the server, but every query opens its own pooled
        // connection in a using block. Nothing is held, so nothing is reported.
        using MySql.Data.MySqlClient;

        namespace Rocket.Core.Plugins
        {
            public abstract class RocketPlugin
            {
                protected virtual void Load() { }
            }
        }

        namespace RFPlayerLibrary
        {
            public class DatabaseManager
            {
                internal static string MySql_ConnectionString = "Server=db;Database=unturned";

                public int PlayTime(ulong steamId)
                {
                    using (var connection = new MySqlConnection(MySql_ConnectionString))
                    {
                        connection.Open();
                        using var command = new MySqlCommand("SELECT playtime FROM players WHERE id = @id", connection);
                        command.Parameters.AddWithValue("@id", steamId);
                        return (int)command.ExecuteScalar();
                    }
                }
            }

            public class Plugin : Rocket.Core.Plugins.RocketPlugin
            {
                public static Plugin Inst;
                public DatabaseManager Database;

                protected override void Load()
                {
                    Inst = this;
                    Database = new DatabaseManager();
                }
            }
        }
        """);

    [Fact]
    public Task Irc_bot_main_that_subscribes_a_lambda_using_its_database_then_sleeps_forever_is_reported() => Verify.VerifyAsync(
        """
        // Real: the owner is Kiritsu/IRCSharp, src/IRCSharp.Example/Program.cs (Main subscribes the client's
        // MessageReceived and Ready events, connects, then Thread.Sleep(-1)); the holder is kittyircbot's databaseMYSQL
        // (mysqlIRCbot/databaseMYSQL.cs: a public MySqlConnection field opened in the constructor, one instance created
        // in Main). Together: the lambda the client calls for every message keeps the database for the whole process.
        using System;
        using System.Threading;
        using MySql.Data.MySqlClient;

        namespace IRCSharp
        {
            public class MessageReceivedEventArgs
            {
                public string Channel { get; set; }

                public string Message { get; set; }
            }

            public class IRCClient
            {
                public event Action<MessageReceivedEventArgs> MessageReceived;

                public void Connect() { }
            }
        }

        namespace KittyBot
        {
            using IRCSharp;

            public class databaseMYSQL
            {
                public MySqlConnection {|#0:connection|} = new MySqlConnection();

                public databaseMYSQL(string host, string user, string password)
                {
                    connection.ConnectionString = $"Server={host};Uid={user};Pwd={password}";
                    connection.Open();
                }

                public void addxp(string nick, double xp)
                {
                    using var command = new MySqlCommand("UPDATE users SET xp = xp + @xp WHERE nick = @nick", connection);
                    command.Parameters.AddWithValue("@xp", xp);
                    command.Parameters.AddWithValue("@nick", nick);
                    command.ExecuteNonQuery();
                }
            }

            public class Program
            {
                public static void Main()
                {
                    var dbconnect = new databaseMYSQL("db", "kitty", "secret");
                    var client = new IRCClient();
                    {|#1:client.MessageReceived += e => dbconnect.addxp(e.Channel, 1)|};
                    client.Connect();
                    Thread.Sleep(-1);
                }
            }
        }
        """,
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Field", "connection", "databaseMYSQL",
            "the event handlers subscribed in 'Main' ('databaseMYSQL' is created there and handles 'MessageReceived'); the function then blocks for the life of the process (Thread.Sleep(-1)), and the event's source calls the handler every time it fires"));

    [Fact]
    public Task Bot_handler_object_subscribed_in_top_level_statements_before_an_endless_delay_keeps_its_database() => Verify.VerifyConsoleAppAsync(
        """
        // Real: the owner is AlexEmperor/Development-Department-Bot, Program.cs (top-level statements create a
        // MessageHandler, subscribe its OnMessage and OnUpdate to the bot's events, then await Task.Delay(-1)); the holder
        // is the Database class of vnarozhnyi/SB's shape (a connection opened in the constructor and kept), handed to the
        // handler. The handler here does not hold the bot client, so only the subscription shows it lives for the process.
        using System;
        using System.Threading.Tasks;
        using Npgsql;

        var database = new Database("Host=db;Database=lab");
        var handler = new MessageHandler(database);
        var bot = new BotClient();
        {|#1:bot.OnMessage += handler.OnMessage|};
        Console.WriteLine("running...");
        await Task.Delay(-1);

        public class BotClient
        {
            public event Func<string, Task> OnMessage;
        }

        public class Database
        {
            public NpgsqlConnection {|#0:Connection|} { get; }

            public Database(string connectionString)
            {
                Connection = new NpgsqlConnection(connectionString);
                Connection.Open();
            }
        }

        public class MessageHandler
        {
            private readonly Database _database;

            public MessageHandler(Database database) => _database = database;

            public async Task OnMessage(string text)
            {
                await using var command = new NpgsqlCommand("INSERT INTO messages (text) VALUES (@t)", _database.Connection);
                command.Parameters.AddWithValue("t", text);
                await command.ExecuteNonQueryAsync();
            }
        }
        """,
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Property", "Connection", "Database",
            "the event handlers subscribed in the program's top-level statements ('MessageHandler' is created there and handles 'OnMessage', then 'MessageHandler' keeps the 'Database' in field '_database'); the function then blocks for the life of the process (Task.Delay(-1)), and the event's source calls the handler every time it fires"));
}
