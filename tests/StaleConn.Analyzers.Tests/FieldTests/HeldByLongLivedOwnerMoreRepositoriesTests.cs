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
}
