using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// SC0007 where the long-lived owner sits several classes above the connection, or is a bot's update receiver handed
/// a local's methods. Each snippet is one public repository's chain, written small, with every rule running.
/// </summary>
public class HeldFarFromLongLivedOwnerTests
{
    /// <summary>A stand-in for Telegram.Bot's polling API: the receiver calls the handlers until the token is cancelled.</summary>
    private const string TelegramStandIn = """
        namespace Telegram.Bot
        {
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public class Update { }

            public interface ITelegramBotClient { }

            public class TelegramBotClient : ITelegramBotClient
            {
                public TelegramBotClient(string token) { }

                /// <summary>Telegram.Bot before version 17: events, then StartReceiving() without handlers.</summary>
                public event EventHandler OnMessage;

                public void StartReceiving() { }
            }

            public static class TelegramBotClientExtensions
            {
                public static void StartReceiving(
                    this ITelegramBotClient client,
                    Func<ITelegramBotClient, Update, CancellationToken, Task> updateHandler,
                    Func<ITelegramBotClient, Exception, CancellationToken, Task> errorHandler,
                    CancellationToken cancellationToken = default)
                {
                }

                /// <summary>Named like a receiver, but takes a value (as Socket.ReceiveAsync takes a buffer).</summary>
                public static Task ReceiveAsync(this ITelegramBotClient client, string state) => Task.CompletedTask;
            }
        }
        """;

    /// <summary>The chain of LinksKeeperTelegramBot, with <paramref name="startReceiving"/> as the line that starts the receiver.</summary>
    private static string LinksKeeper(string startReceiving) => TelegramStandIn + """

        namespace LinksKeeper
        {
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Npgsql;
            using Telegram.Bot;

            public class DbConnector
            {
                public NpgsqlConnection Connection { get; private set; }

                public DbConnector(string connectionString)
                {
                    Connection = new NpgsqlConnection(connectionString);
                    Connection.Open();
                }
            }

            public interface ITableLinks
            {
                void Add(string url);
            }

            public class TableLinks : ITableLinks
            {
                private NpgsqlConnection {|#0:_connection|};

                public TableLinks(NpgsqlConnection connection) => _connection = connection;

                public void Add(string url)
                {
                    using var command = new NpgsqlCommand("INSERT INTO links (url) VALUES (@u)", _connection);
                    command.Parameters.AddWithValue("u", url);
                    command.ExecuteNonQuery();
                }
            }

            public class DbManager
            {
                public ITableLinks TableLinks { get; private set; }

                public DbManager(ITableLinks tableLinks) => TableLinks = tableLinks;
            }

            public class AddService
            {
                private readonly DbManager _dbManager;

                public AddService(DbManager dbManager) => _dbManager = dbManager;

                public string Add(string url)
                {
                    _dbManager.TableLinks.Add(url);
                    return "saved";
                }
            }

            public class ServicesManager
            {
                private readonly AddService _addService;

                public ServicesManager()
                {
                    var connector = new DbConnector("Host=localhost;Database=links");
                    ITableLinks tableLinks = new TableLinks(connector.Connection);
                    var dbManager = new DbManager(tableLinks);
                    _addService = new AddService(dbManager);
                }

                public string Process(string text) => _addService.Add(text);
            }

            public class ChatsRouter
            {
                private readonly ServicesManager _servicesManager = new ServicesManager();

                public string Route(long chatId, string text) => _servicesManager.Process(text);
            }

            public class BotRequestHandlers
            {
                private readonly ChatsRouter _chatsRouter = new ChatsRouter();

                public Task HandleUpdateAsync(ITelegramBotClient client, Update update, CancellationToken token)
                {
                    _chatsRouter.Route(1, update.ToString());
                    return Task.CompletedTask;
                }

                public Task HandleErrorAsync(ITelegramBotClient client, Exception exception, CancellationToken token) => Task.CompletedTask;

                public void OnMessage(object sender, EventArgs e) => _chatsRouter.Route(1, e.ToString());

                public string Name => "links";
            }

            public class Bot
            {
                private readonly TelegramBotClient _botClient = new TelegramBotClient("token");
                private readonly CancellationTokenSource _stop = new CancellationTokenSource();

                public void Start()
                {
        """ + startReceiving + """

                }

                public void Stop() => _stop.Cancel();
            }
        }
        """;

    [Fact]
    public Task Table_class_six_owners_below_a_handler_whose_methods_go_to_the_update_receiver_is_reported() => Verify.VerifyAsync(
        // Real: itpark-team/LinksKeeperTelegramBot, LinksKeeperTelegramBot/BotInitializer/Bot.cs (Start creates the
        // handlers as a local and hands their methods to StartReceiving), BotRequestHandlers.cs, Router/ChatsRouter.cs,
        // Service/ServicesManager.cs (opens one DbConnector and builds the table classes on its connection),
        // Model/DbManager.cs and Model/Tables/TableLinks.cs: one Npgsql connection for every update of a polling bot.
        LinksKeeper("""
                    var handlers = new BotRequestHandlers();
                    {|#1:_botClient.StartReceiving(handlers.HandleUpdateAsync, handlers.HandleErrorAsync, _stop.Token)|};
        """),
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Field",
            "_connection",
            "TableLinks",
            "the bot's update receiver started in 'Start' ('BotRequestHandlers' is created there and handed to 'StartReceiving', "
            + "then 'BotRequestHandlers' keeps the 'ChatsRouter' in field '_chatsRouter', then 'ChatsRouter' keeps the 'ServicesManager' in field '_servicesManager', "
            + "then 'ServicesManager' keeps the 'AddService' in field '_addService', then 'AddService' keeps the 'DbManager' in field '_dbManager', "
            + "then 'DbManager' keeps the 'TableLinks' in property 'TableLinks'); the receiver calls it for every update until the bot stops, for the life of the process"));

    [Fact]
    public Task Handler_captured_by_a_lambda_handed_to_the_update_receiver_is_reported() => Verify.VerifyAsync(
        // The same chain with the handlers reached through lambdas (a common variant of the call in Telegram bots).
        LinksKeeper("""
                    var handlers = new BotRequestHandlers();
                    {|#1:_botClient.StartReceiving((c, u, t) => handlers.HandleUpdateAsync(c, u, t), (c, e, t) => Task.CompletedTask, _stop.Token)|};
        """),
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Field",
            "_connection",
            "TableLinks",
            "the bot's update receiver started in 'Start' ('BotRequestHandlers' is created there and handed to 'StartReceiving', "
            + "then 'BotRequestHandlers' keeps the 'ChatsRouter' in field '_chatsRouter', then 'ChatsRouter' keeps the 'ServicesManager' in field '_servicesManager', "
            + "then 'ServicesManager' keeps the 'AddService' in field '_addService', then 'AddService' keeps the 'DbManager' in field '_dbManager', "
            + "then 'DbManager' keeps the 'TableLinks' in property 'TableLinks'); the receiver calls it for every update until the bot stops, for the life of the process"));

    [Fact]
    public Task Handler_subscribed_to_the_client_events_before_StartReceiving_is_reported() => Verify.VerifyAsync(
        // Telegram.Bot before version 17, as in bots of the same course written earlier: the handlers' methods are
        // subscribed to the client's events, then StartReceiving() starts the polling that raises them.
        LinksKeeper("""
                    var handlers = new BotRequestHandlers();
                    _botClient.OnMessage += handlers.OnMessage;
                    {|#1:_botClient.StartReceiving()|};
        """),
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Field",
            "_connection",
            "TableLinks",
            "the bot's update receiver started in 'Start' ('BotRequestHandlers' is created there and handed to 'StartReceiving', "
            + "then 'BotRequestHandlers' keeps the 'ChatsRouter' in field '_chatsRouter', then 'ChatsRouter' keeps the 'ServicesManager' in field '_servicesManager', "
            + "then 'ServicesManager' keeps the 'AddService' in field '_addService', then 'AddService' keeps the 'DbManager' in field '_dbManager', "
            + "then 'DbManager' keeps the 'TableLinks' in property 'TableLinks'); the receiver calls it for every update until the bot stops, for the life of the process"));

    [Fact]
    public Task Handler_subscribed_to_an_event_of_a_client_never_started_here_is_silent() => Verify.VerifyAsync(
        // Negative twin: a subscription alone says nothing about how long the source lives.
        LinksKeeper("""
                    var handlers = new BotRequestHandlers();
                    _botClient.OnMessage += handlers.OnMessage;
        """).Replace("{|#0:_connection|}", "_connection"));

    [Fact]
    public Task Chain_whose_links_the_repositorys_test_project_also_creates_is_still_reported() => Verify.VerifyFilesAsync(
        // Real: itpark-team/LinksKeeperTelegramBot, LinksKeeperTelegramBotTest/Service/MenuPoints/MainMenuServiceTest.cs
        // (the test project builds a DbManager and a menu service per test, around a mocked table); in a real build the
        // tests are another compilation, so their locals say nothing about how the bot keeps these classes.
        ("/LinksKeeperTelegramBot/Bot.cs", LinksKeeper("""
                    var handlers = new BotRequestHandlers();
                    _botClient.StartReceiving(handlers.HandleUpdateAsync, handlers.HandleErrorAsync, _stop.Token);
        """).Replace("{|#0:_connection|}", "{|SC0007:_connection|}")),
        ("/LinksKeeperTelegramBotTest/Service/MenuPoints/AddServiceTest.cs", """
        namespace LinksKeeperTest
        {
            using LinksKeeper;

            public class AddServiceTest
            {
                public void AddsThroughTheTable()
                {
                    var dbManager = new DbManager(null);
                    var service = new AddService(dbManager);
                    service.Add("https://example.org");
                }
            }
        }
        """));

    [Fact]
    public Task Handler_whose_property_value_goes_to_a_call_named_like_a_receiver_is_silent() => Verify.VerifyAsync(
        // Negative twin: a value read from the local is handed over, not the local or its methods.
        LinksKeeper("""
                    var handlers = new BotRequestHandlers();
                    _botClient.ReceiveAsync(handlers.Name).Wait();
        """).Replace("{|#0:_connection|}", "_connection"));

    [Fact]
    public Task Handler_created_per_update_inside_the_receiver_lambda_is_silent() => Verify.VerifyAsync(
        // Negative twin: each update builds its own handlers, router and connection (the chain's top is per use).
        LinksKeeper("""
                    _botClient.StartReceiving((c, u, t) => new BotRequestHandlers().HandleUpdateAsync(c, u, t), (c, e, t) => Task.CompletedTask, _stop.Token);
        """).Replace("{|#0:_connection|}", "_connection"));

    [Fact]
    public Task Handler_local_used_once_and_not_handed_to_a_receiver_is_silent() => Verify.VerifyAsync(
        // Negative twin: the local handles one update and is let go; nothing long-lived keeps it.
        LinksKeeper("""
                    var handlers = new BotRequestHandlers();
                    handlers.HandleUpdateAsync(_botClient, new Update(), _stop.Token).Wait();
        """).Replace("{|#0:_connection|}", "_connection"));

    [Fact]
    public Task Chain_with_one_link_created_per_message_is_silent() => Verify.VerifyAsync(
        // Negative twin: the router builds a services manager per message, so the table class below it does not live
        // long, however long the handlers above live.
        LinksKeeper("""
                    var handlers = new BotRequestHandlers();
                    _botClient.StartReceiving(handlers.HandleUpdateAsync, handlers.HandleErrorAsync, _stop.Token);
        """)
            .Replace("{|#0:_connection|}", "_connection")
            .Replace(
                "public string Route(long chatId, string text) => _servicesManager.Process(text);",
                "public string Route(long chatId, string text) => new ServicesManager().Process(text);"));
}
