using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// SC0007 where a long-lived owner creates the holder and short-lived objects only borrow it (<c>wrapper.Db =
/// this.db</c>): a member that no creation site fills holds a copy, and its owner's short life does not end the
/// instance's. Negatives: a short-lived member that a site does fill, and holders whose instances some registration or
/// lambda hands to members the rule cannot name.
/// </summary>
public class HeldThroughBorrowedCopiesTests
{
    private const string Worker = """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        namespace Bots
        {
            public class DBWorker
            {
                public NpgsqlConnection {|#0:WriteConnection|};

                public DBWorker(string connectionString) => WriteConnection = new NpgsqlConnection(connectionString);

                public void Connect() => WriteConnection.Open();

                public void AddMessage(long chat, string text)
                {
                    using var command = new NpgsqlCommand("INSERT INTO messages VALUES (@c, @t)", WriteConnection);
                    command.Parameters.AddWithValue("c", chat);
                    command.Parameters.AddWithValue("t", text);
                    command.ExecuteNonQuery();
                }
            }

        """;

    [Fact]
    public Task Hosted_bot_keeping_its_worker_that_per_message_wrappers_borrow_is_reported() => Verify.VerifyAsync(
        Worker + """
            // Real: vladzvx/test (commit 44648e509992), BaseTelegramBot/BaseBot.cs, BaseTelegramBot/MessageWrappers.cs and
            // DataBaseWorker/DBWorker.cs (a Telegram bot hosted as a BackgroundService creates its DBWorker once; the
            // factory and every message wrapper it makes are handed the same worker: `wrapper.DBWorker = this.dBWorker`).
            public class BaseWrapper
            {
                public DBWorker DBWorker;

                public void Send(long chat, string text) => DBWorker.AddMessage(chat, text);
            }

            public class WrapperFactory
            {
                private readonly DBWorker _dBWorker;

                public WrapperFactory(DBWorker dBWorker) => _dBWorker = dBWorker;

                public BaseWrapper CreateText()
                {
                    var wrapper = new BaseWrapper();
                    wrapper.DBWorker = _dBWorker;
                    return wrapper;
                }
            }

            public abstract class {|#1:BaseBot|} : BackgroundService
            {
                protected DBWorker dBWorker;
                protected WrapperFactory factory;

                protected BaseBot(string connectionString)
                {
                    dBWorker = new DBWorker(connectionString);
                    factory = new WrapperFactory(dBWorker);
                }

                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    dBWorker.Connect();
                    factory.CreateText().Send(1, "started");
                    return Task.CompletedTask;
                }
            }
        }
        """,
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Field",
            "WriteConnection",
            "DBWorker",
            "'BaseBot' ('BaseBot' keeps the 'DBWorker' in field 'dBWorker'); 'BaseBot' derives from BackgroundService (a hosted service lives as long as the host)"));

    [Fact]
    public Task Per_message_wrapper_given_a_new_worker_in_its_initializer_is_silent() => Verify.VerifyAsync(
        Worker + """
            public class BaseWrapper
            {
                public DBWorker DBWorker;

                public void Send(long chat, string text) => DBWorker.AddMessage(chat, text);
            }

            public abstract class BaseBot : BackgroundService
            {
                protected DBWorker dBWorker;

                protected BaseBot(string connectionString) => dBWorker = new DBWorker(connectionString);

                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var wrapper = new BaseWrapper { DBWorker = new DBWorker("Host=db") };
                    wrapper.Send(1, "started");
                    return Task.CompletedTask;
                }
            }
        }
        """);

    [Fact]
    public Task Per_message_wrapper_handed_a_new_worker_through_a_member_is_silent() => Verify.VerifyAsync(
        Worker + """
            public class BaseWrapper
            {
                public DBWorker DBWorker;
            }

            public abstract class BaseBot : BackgroundService
            {
                protected DBWorker dBWorker;

                protected BaseBot(string connectionString) => dBWorker = new DBWorker(connectionString);

                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var wrapper = new BaseWrapper();
                    wrapper.DBWorker = new DBWorker("Host=db");
                    wrapper.DBWorker.AddMessage(1, "started");
                    return Task.CompletedTask;
                }
            }
        }
        """);

    [Fact]
    public Task Worker_also_registered_through_a_factory_lambda_is_silent() => Verify.VerifyAsync(
        Worker + """
            public class MessageController
            {
                private readonly DBWorker _dBWorker;

                public MessageController(DBWorker dBWorker) => _dBWorker = dBWorker;

                public void Post(long chat, string text) => _dBWorker.AddMessage(chat, text);
            }

            public abstract class BaseBot : BackgroundService
            {
                protected DBWorker dBWorker;

                protected BaseBot(string connectionString) => dBWorker = new DBWorker(connectionString);

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
            }

            public static class Registrations
            {
                public static void Add(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
                    Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddScoped(services, _ => new DBWorker("Host=db"));
            }
        }
        """);

    [Fact]
    public Task Worker_filled_only_into_a_short_lived_owner_that_others_borrow_from_is_silent() => Verify.VerifyAsync(
        Worker + """
            public class BaseWrapper
            {
                public DBWorker DBWorker;
            }

            public class MessageController
            {
                private readonly DBWorker _dBWorker = new DBWorker("Host=db");

                public void Post(long chat, string text)
                {
                    var wrapper = new BaseWrapper();
                    wrapper.DBWorker = _dBWorker;
                    wrapper.DBWorker.AddMessage(chat, text);
                }
            }
        }
        """);
}
