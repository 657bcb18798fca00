using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// More whole-repository shapes for SC0007, in the style of <see cref="HeldByLongLivedOwnerRealRepositoryTests"/>: each
/// snippet is one public repository's owner, holder and every creation site of the holder, written small, with every
/// rule running. Negatives are repositories where the holder is created per request or per scope.
/// </summary>
public class HeldByLongLivedOwnerMoreRepositoriesTests
{
    [Fact]
    public Task Lazy_singleton_manager_keeping_table_classes_that_share_one_connection_is_reported() => Verify.VerifyAsync(
        """
        // Real: wEEWSA0/IT-ParkTelegramBotShitV2 (commit ba0f67cc), IT-ParkTelegramBotShit/DataBase/DbManager.cs,
        // DataBase/Tables/TableCourses.cs and DataBase/Connection/DbConnector.cs (a Telegram bot: the lazy singleton
        // DbManager creates one object per table, each keeping the connection the lazy singleton DbConnector opened once;
        // every bot command queries through DbManager.GetInstance()). DbConnector's own property is SC0002's.
        using Npgsql;

        namespace ParkBot.Data
        {
            public class DbConnector
            {
                private static DbConnector _instance;

                public NpgsqlConnection {|SC0002:Connection|} { get; private set; }

                private DbConnector()
                {
                    Connection = new NpgsqlConnection("Host=localhost;Database=park");
                    Connection.Open();
                }

                public static DbConnector GetInstance() => _instance ??= new DbConnector();
            }

            public class TableCourses
            {
                private NpgsqlConnection {|#0:_connection|};

                public TableCourses(NpgsqlConnection connection) => _connection = connection;

                public void SetHomework(string homework, int courseId)
                {
                    using var command = new NpgsqlCommand("UPDATE courses SET homework = @h WHERE id = @id", _connection);
                    command.Parameters.AddWithValue("h", homework);
                    command.Parameters.AddWithValue("id", courseId);
                    command.ExecuteNonQuery();
                }
            }

            public class TableStudents
            {
                private NpgsqlConnection {|#1:_connection|};

                public TableStudents(NpgsqlConnection connection) => _connection = connection;

                public long Count()
                {
                    using var command = new NpgsqlCommand("SELECT count(*) FROM students", _connection);
                    return (long)command.ExecuteScalar()!;
                }
            }

            public class {|#2:DbManager|}
            {
                private static DbManager _dbManager;

                public TableCourses TableCourses { get; private set; }

                public TableStudents TableStudents { get; private set; }

                private DbManager()
                {
                    var connection = DbConnector.GetInstance().Connection;
                    TableCourses = new TableCourses(connection);
                    TableStudents = new TableStudents(connection);
                }

                public static DbManager GetInstance() => _dbManager ??= new DbManager();
            }

            public class TeacherService
            {
                public void SetHomework(string homework, int courseId) => DbManager.GetInstance().TableCourses.SetHomework(homework, courseId);
            }
        }
        """,
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(2).WithArguments(
            "Field",
            "_connection",
            "TableCourses",
            "'DbManager' ('DbManager' keeps the 'TableCourses' in property 'TableCourses'); 'DbManager' is a singleton (static field '_dbManager' holds its only instance)"),
        Verify.Diagnostic("SC0007").WithLocation(1).WithLocation(2).WithArguments(
            "Field",
            "_connection",
            "TableStudents",
            "'DbManager' ('DbManager' keeps the 'TableStudents' in property 'TableStudents'); 'DbManager' is a singleton (static field '_dbManager' holds its only instance)"));

    [Fact]
    public Task Transient_wrapper_opened_per_resolve_and_injected_into_a_controller_service_is_silent() => Verify.VerifyAsync(
        """
        // Real: BryanAvery/DonationManagerWebhook (commit 00786a76), DonationManagerWebHooks/MySqlDatabase.cs,
        // Startup.cs, WordPressService/DonationManagerService.cs and Controllers/WebhookController.cs (the wrapper opens
        // its connection in the constructor, but it is registered transient and only reaches a transient service that a
        // controller takes per request: each request gets, and the container disposes, its own wrapper).
        using System;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        namespace Donations
        {
            public class MySqlDatabase : IDisposable
            {
                public MySqlConnection Connection;

                public MySqlDatabase(string connectionString)
                {
                    Connection = new MySqlConnection(connectionString);
                    Connection.Open();
                }

                public void Dispose() => Connection.Close();
            }

            public interface IDonationService
            {
                void Record(string donor, decimal amount);
            }

            public class DonationService : IDonationService
            {
                private readonly MySqlDatabase _database;

                public DonationService(MySqlDatabase database) => _database = database;

                public void Record(string donor, decimal amount)
                {
                    using var command = _database.Connection.CreateCommand();
                    command.CommandText = "INSERT INTO donations (donor, amount) VALUES (@d, @a)";
                    command.Parameters.AddWithValue("@d", donor);
                    command.Parameters.AddWithValue("@a", amount);
                    command.ExecuteNonQuery();
                }
            }

            public class WebhookController
            {
                private readonly IDonationService _donations;

                public WebhookController(IDonationService donations) => _donations = donations;

                public void Post(string donor, decimal amount) => _donations.Record(donor, amount);
            }

            public static class Startup
            {
                public static void ConfigureServices(IServiceCollection services)
                {
                    services.AddTransient(_ => new MySqlDatabase("Server=localhost;Database=donations"));
                    services.AddTransient<IDonationService, DonationService>();
                }
            }
        }
        """);

    [Fact]
    public Task Repositories_taking_a_transient_connection_for_a_transient_search_service_are_silent() => Verify.VerifyAsync(
        """
        // Real: UnturnedStore/UnturnedStore (commit 76854a2d), src/Website/Server/Startup.cs,
        // Services/PluginsSearchService.cs and Controllers/PluginsSearchController.cs (a connection registered transient,
        // kept by a transient service a controller action takes per request: each request has its own).
        using System.Data.SqlClient;
        using Microsoft.Extensions.DependencyInjection;

        namespace Store.Server
        {
            public class PluginsSearchService
            {
                private readonly SqlConnection _connection;

                public PluginsSearchService(SqlConnection connection) => _connection = connection;

                public int Count(string text)
                {
                    using var command = new SqlCommand("SELECT COUNT(*) FROM Products WHERE Name LIKE @t", _connection);
                    command.Parameters.AddWithValue("@t", "%" + text + "%");
                    _connection.Open();
                    return (int)command.ExecuteScalar();
                }
            }

            public class PluginsSearchController
            {
                public int Query(PluginsSearchService search, string text) => search.Count(text);
            }

            public static class Startup
            {
                public static void ConfigureServices(IServiceCollection services)
                {
                    services.AddTransient(_ => new SqlConnection("Server=localhost;Database=store"));
                    services.AddTransient<PluginsSearchService>();
                }
            }
        }
        """);

    /// <summary>
    /// Real: Moshimane/OTAssignment (commit 940b2344), src/OT.Assessment.Consumer/Program.cs,
    /// Infrastructure/Business/Services/MessageSubscriberService.cs, PlayerService.cs and
    /// Infrastructure/Persistence/Repositories/PlayerRepository.cs (a queue consumer: the hosted service takes the
    /// scoped player service in its constructor, so the root provider builds it once, with its repository and the
    /// connection the scoped factory opened; every message for the life of the process goes through that connection).
    /// </summary>
    private const string QueueConsumerWithInjectedRepository = """
        using System;
        using System.Data;
        using System.Data.SqlClient;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        namespace Wagers.Consumer
        {
            public interface IPlayerRepository
            {
                void AddWager(string wagerId);
            }

            public class PlayerRepository : IPlayerRepository
            {
                private readonly IDbConnection {|#0:_dbConnection|};

                public PlayerRepository(IDbConnection dbConnection) => _dbConnection = dbConnection;

                public void AddWager(string wagerId)
                {
                    using var command = _dbConnection.CreateCommand();
                    command.CommandText = "EXEC sp_AddCasinoWager";
                    command.ExecuteNonQuery();
                }
            }

            public interface IPlayerService
            {
                void AddWager(string wagerId);
            }

            public class PlayerService : IPlayerService
            {
                private readonly IPlayerRepository _playerRepository;

                public PlayerService(IPlayerRepository playerRepository) => _playerRepository = playerRepository;

                public void AddWager(string wagerId) => _playerRepository.AddWager(wagerId);
            }

            public class {|#1:MessageSubscriberService|} : BackgroundService
            {
                private readonly IPlayerService _playerService;

                public MessageSubscriberService(IPlayerService playerService) => _playerService = playerService;

                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    Received += id => _playerService.AddWager(id);
                    return Task.CompletedTask;
                }

                public event Action<string> Received;
            }

            public static class Registrations
            {
                public static void Add(IServiceCollection services, string connectionString)
                {
                    services.AddScoped<IDbConnection>(_ =>
                    {
                        var connection = new SqlConnection(connectionString);
                        connection.Open();
                        return connection;
                    });
                    services.AddScoped<IPlayerService, PlayerService>();
                    services.AddScoped<IPlayerRepository, PlayerRepository>();
                    services.AddHostedService<MessageSubscriberService>();
                }
            }
        }
        """;

    [Fact]
    public Task Scoped_repository_injected_through_its_interface_into_a_hosted_consumer_is_reported() => Verify.VerifyAsync(
        QueueConsumerWithInjectedRepository,
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Field",
            "_dbConnection",
            "PlayerRepository",
            "'MessageSubscriberService' ('MessageSubscriberService' keeps the 'PlayerService' in field '_playerService', then 'PlayerService' keeps the 'PlayerRepository' in field '_playerRepository'); 'MessageSubscriberService' derives from BackgroundService (a hosted service lives as long as the host)"));

    [Fact]
    public Task Same_repository_injected_only_into_a_controller_is_silent() => Verify.VerifyAsync(
        QueueConsumerWithInjectedRepository
            .Replace("{|#0:_dbConnection|}", "_dbConnection")
            .Replace("{|#1:MessageSubscriberService|} : BackgroundService", "WagersController")
            .Replace("public MessageSubscriberService(", "public WagersController(")
            .Replace("protected override Task ExecuteAsync", "public Task Post")
            .Replace("services.AddHostedService<MessageSubscriberService>();", string.Empty));

    [Fact]
    public Task Same_repository_resolved_from_a_scope_per_message_is_silent() => Verify.VerifyAsync(
        QueueConsumerWithInjectedRepository
            .Replace("{|#0:_dbConnection|}", "_dbConnection")
            .Replace("{|#1:MessageSubscriberService|}", "MessageSubscriberService")
            .Replace("private readonly IPlayerService _playerService;", "private readonly IServiceScopeFactory _scopes;")
            .Replace("public MessageSubscriberService(IPlayerService playerService) => _playerService = playerService;", "public MessageSubscriberService(IServiceScopeFactory scopes) => _scopes = scopes;")
            .Replace(
                "Received += id => _playerService.AddWager(id);",
                "Received += id => { using var scope = _scopes.CreateScope(); scope.ServiceProvider.GetRequiredService<IPlayerService>().AddWager(id); };"));
}
