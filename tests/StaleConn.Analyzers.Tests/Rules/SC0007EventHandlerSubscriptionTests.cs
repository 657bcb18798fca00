using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

/// <summary>
/// SC0007 for a local handed to an event (its method, or a lambda using it) in a function that then blocks for good.
/// The real shapes are in FieldTests/HostKeptOwnersRealRepositoryTests.
/// </summary>
public class SC0007EventHandlerSubscriptionTests
{
    private const string Client = """
        public class ChatClient
        {
            public event System.Func<string, System.Threading.Tasks.Task> MessageReceived;

            public System.Threading.Tasks.Task StartAsync() => System.Threading.Tasks.Task.CompletedTask;
        }
        """;

    private const string Store = """
        public class MessageStore
        {
            public MySqlConnector.MySqlConnection {|#0:Connection|} = new MySqlConnector.MySqlConnection("Server=db");

            public MessageStore() => Connection.Open();

            public System.Threading.Tasks.Task Save(string text)
            {
                using var command = new MySqlConnector.MySqlCommand("INSERT INTO log (text) VALUES (@t)", Connection);
                command.Parameters.AddWithValue("@t", text);
                return command.ExecuteNonQueryAsync();
            }
        }
        """;

    [Theory]
    [InlineData("await Task.Delay(-1);", "Task.Delay(-1)")]
    [InlineData("await Task.Delay(Timeout.Infinite);", "Task.Delay(Timeout.Infinite)")]
    [InlineData("Task.Delay(-1).GetAwaiter().GetResult();", "Task.Delay(-1)")]
    [InlineData("Thread.Sleep(Timeout.Infinite);", "Thread.Sleep(Timeout.Infinite)")]
    [InlineData("Console.ReadLine();", "Console.ReadLine")]
    [InlineData("Quit.WaitOne();", "Quit.WaitOne()")]
    [InlineData("while (true) { await Task.Delay(1000); }", "an endless loop")]
    public Task Method_group_subscribed_before_a_wait_for_good_is_reported(string block, string wait) => Verify.VerifyAsync(
        $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Program
        {
            private static readonly ManualResetEvent Quit = new(false);

            public static async Task MainAsync()
            {
                var store = new MessageStore();
                var client = new ChatClient();
                {|#1:client.MessageReceived += store.Save|};
                await client.StartAsync();
                {{block}}
            }
        }
        """ + Client + Store,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "Connection", "MessageStore",
            $"the event handlers subscribed in 'MainAsync' ('MessageStore' is created there and handles 'MessageReceived'); the function then blocks for the life of the process ({wait}), and the event's source calls the handler every time it fires"));

    [Theory]
    [InlineData("await Task.Delay(1000);")]
    [InlineData("Thread.Sleep(500);")]
    [InlineData("return;")]
    public Task Subscription_in_a_function_that_returns_is_silent(string block) => Verify.VerifyAsync(
        $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Program
        {
            public static async Task StartAsync(ChatClient client)
            {
                var store = new MessageStore();
                client.MessageReceived += store.Save;
                await client.StartAsync();
                {{block}}
            }
        }
        """ + Client + Store.Replace("{|#0:Connection|}", "Connection"));

    [Fact]
    public Task Wait_for_good_before_the_subscription_is_silent() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading.Tasks;

        public static class Program
        {
            public static void Run(ChatClient client)
            {
                Console.ReadLine();
                var store = new MessageStore();
                client.MessageReceived += store.Save;
            }
        }
        """ + Client + Store.Replace("{|#0:Connection|}", "Connection"));

    [Fact]
    public Task Lambda_subscription_is_reported_but_a_handler_created_inside_the_lambda_is_per_use() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public class AuditStore
        {
            public MySqlConnector.MySqlConnection Connection = new MySqlConnector.MySqlConnection("Server=db");
        }

        public static class Program
        {
            public static void Main()
            {
                var store = new MessageStore();
                var client = new ChatClient();
                {|#1:client.MessageReceived += text => store.Save(text)|};
                client.MessageReceived += text =>
                {
                    var audit = new AuditStore();
                    audit.Connection.Open();
                    return Task.CompletedTask;
                };
                Thread.Sleep(-1);
            }
        }
        """ + Client + Store,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "Connection", "MessageStore",
            "the event handlers subscribed in 'Main' ('MessageStore' is created there and handles 'MessageReceived'); the function then blocks for the life of the process (Thread.Sleep(-1)), and the event's source calls the handler every time it fires"));

    [Fact]
    public Task Class_also_created_per_use_elsewhere_stays_silent() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;

        public static class Program
        {
            public static async Task MainAsync()
            {
                var store = new MessageStore();
                var client = new ChatClient();
                client.MessageReceived += store.Save;
                await Task.Delay(-1);
            }

            public static Task Once(string text) => new MessageStore().Save(text);
        }
        """ + Client + Store.Replace("{|#0:Connection|}", "Connection"));
}
