using System.Reflection;
using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.ConnectionAcrossWaitingLoopAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

/// <summary>
/// Every entry of SC0004's waiting-call catalogue (Internal/WaitingCalls), one case each: a loop that uses a connection
/// and waits on that call is reported, naming the call. Removing an entry fails the case named after it; adding one
/// without a case fails <see cref="Every_catalogued_call_has_a_case"/>. Types the snippets' references lack
/// (System.Messaging, Confluent.Kafka, Azure Service Bus, Microsoft.Bcl.TimeProvider's extensions) are declared in the
/// snippet with their real namespaces and names, as the catalogue matches them by metadata name.
/// </summary>
public class SC0004WaitingCallCatalogueTests
{
    private const string Stubs = """
        namespace System.Threading.Tasks
        {
            public static class TimeProviderTaskExtensions
            {
                public static Task Delay(this System.TimeProvider timeProvider, System.TimeSpan delay, System.Threading.CancellationToken cancellationToken = default) => Task.CompletedTask;
            }
        }

        namespace System.Messaging
        {
            public class MessageQueue
            {
                public object Receive() => new object();
                public object Peek() => new object();
            }
        }

        namespace Confluent.Kafka
        {
            public interface IConsumer<TKey, TValue>
            {
                object Consume(System.Threading.CancellationToken cancellationToken = default);
            }
        }

        namespace Azure.Messaging.ServiceBus
        {
            public class ServiceBusReceiver
            {
                public virtual System.Threading.Tasks.Task<object> ReceiveMessageAsync(System.TimeSpan? maxWaitTime = null, System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.FromResult(new object());
                public virtual System.Threading.Tasks.Task<object> ReceiveMessagesAsync(int maxMessages, System.TimeSpan? maxWaitTime = null, System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.FromResult(new object());
            }
        }
        """;

    /// <summary>Each catalogue entry (as SC0004's message names it) and a statement that waits on it.</summary>
    public static TheoryData<string, string> Entries => new()
    {
        { "Task.Delay", "await Task.Delay(TimeSpan.FromSeconds(5), ct);" },
        { "TimeProviderTaskExtensions.Delay", "await TimeProvider.System.Delay(TimeSpan.FromSeconds(5), ct);" },
        { "PeriodicTimer.WaitForNextTickAsync", "await timer.WaitForNextTickAsync(ct);" },
        { "Thread.Sleep", "Thread.Sleep(5000);" },
        { "ChannelReader.ReadAsync", "await channel.Reader.ReadAsync(ct);" },
        { "ChannelReader.WaitToReadAsync", "await channel.Reader.WaitToReadAsync(ct);" },
        { "ChannelReader.ReadAllAsync", "await foreach (var item in channel.Reader.ReadAllAsync(ct)) { Console.WriteLine(item); }" },
        { "BlockingCollection.Take", "queue.Take(ct);" },
        { "BlockingCollection.TryTake", "queue.TryTake(out _, TimeSpan.FromSeconds(5));" },
        { "BlockingCollection.TakeFromAny", "BlockingCollection<string>.TakeFromAny(new[] { queue }, out _);" },
        { "BlockingCollection.TryTakeFromAny", "BlockingCollection<string>.TryTakeFromAny(new[] { queue }, out _, TimeSpan.FromSeconds(5));" },
        { "BlockingCollection.GetConsumingEnumerable", "foreach (var item in queue.GetConsumingEnumerable(ct)) { Console.WriteLine(item); }" },
        { "Console.ReadLine", "Console.ReadLine();" },
        { "Console.ReadKey", "Console.ReadKey();" },
        { "Console.Read", "Console.Read();" },
        { "WaitHandle.WaitOne", "handle.WaitOne(TimeSpan.FromSeconds(5));" },
        { "WaitHandle.WaitAny", "WaitHandle.WaitAny(new WaitHandle[] { handle });" },
        { "WaitHandle.WaitAll", "WaitHandle.WaitAll(new WaitHandle[] { handle });" },
        { "SemaphoreSlim.Wait", "gate.Wait(ct);" },
        { "SemaphoreSlim.WaitAsync", "await gate.WaitAsync(ct);" },
        { "ManualResetEventSlim.Wait", "signal.Wait(ct);" },
        { "MessageQueue.Receive", "inbox.Receive();" },
        { "MessageQueue.Peek", "inbox.Peek();" },
        { "IConsumer.Consume", "consumer.Consume(ct);" },
        { "ServiceBusReceiver.ReceiveMessageAsync", "await receiver.ReceiveMessageAsync(cancellationToken: ct);" },
        { "ServiceBusReceiver.ReceiveMessagesAsync", "await receiver.ReceiveMessagesAsync(10, cancellationToken: ct);" },
        { "HttpListener.GetContext", "listener.GetContext();" },
        { "HttpListener.GetContextAsync", "await listener.GetContextAsync();" },
        { "Socket.Accept", "socket.Accept();" },
        { "Socket.AcceptAsync", "await socket.AcceptAsync(ct);" },
        { "TcpListener.AcceptTcpClient", "tcp.AcceptTcpClient();" },
        { "TcpListener.AcceptTcpClientAsync", "await tcp.AcceptTcpClientAsync(ct);" },
        { "TcpListener.AcceptSocket", "tcp.AcceptSocket();" },
        { "TcpListener.AcceptSocketAsync", "await tcp.AcceptSocketAsync(ct);" },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public Task A_connection_reused_across_a_loop_that_waits_on_the_call_is_reported(string entry, string wait) => Verify.VerifyAsync(
        $$"""
        using System;
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Azure.Messaging.ServiceBus;
        using Confluent.Kafka;
        using Dapper;
        using MySqlConnector;

        public sealed class Worker
        {
            private readonly Channel<string> channel = Channel.CreateUnbounded<string>();
            private readonly BlockingCollection<string> queue = new();
            private readonly ManualResetEvent handle = new(false);
            private readonly SemaphoreSlim gate = new(0);
            private readonly ManualResetEventSlim signal = new();
            private readonly System.Messaging.MessageQueue inbox = new();
            private readonly IConsumer<string, string> consumer;
            private readonly ServiceBusReceiver receiver = new();
            private readonly System.Net.HttpListener listener = new();
            private readonly System.Net.Sockets.Socket socket = new(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            private readonly System.Net.Sockets.TcpListener tcp = new(System.Net.IPAddress.Loopback, 5000);

            public Worker(IConsumer<string, string> consumer) => this.consumer = consumer;

            public async Task RunAsync(CancellationToken ct)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
                await using var {|#0:connection|} = new MySqlConnection("Server=db");
                await connection.OpenAsync(ct);
                {|#1:while|} (!ct.IsCancellationRequested)
                {
                    {{wait}}
                    await connection.ExecuteAsync("UPDATE jobs SET seen = 1");
                }
            }
        }

        {{Stubs}}
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("connection", entry));

    [Fact]
    public void Every_catalogued_call_has_a_case()
    {
        var catalogue = (ValueTuple<string, string[]>[])typeof(Analyzers.RuleIdentifiers).Assembly
            .GetType("StaleConn.Analyzers.Internal.WaitingCalls", throwOnError: true)!
            .GetField("Catalogue", BindingFlags.NonPublic | BindingFlags.Static)!
            .GetValue(null)!;
        var catalogued = catalogue
            .SelectMany(entry => entry.Item2.Select(method => TypeName(entry.Item1) + "." + method))
            .OrderBy(name => name, StringComparer.Ordinal);
        var covered = Entries.Select(row => (string)row[0]).OrderBy(name => name, StringComparer.Ordinal);

        Assert.Equal(catalogued, covered);

        // "System.Threading.Channels.ChannelReader`1" is named "ChannelReader" in SC0004's message.
        static string TypeName(string metadataName)
        {
            var name = metadataName[(metadataName.LastIndexOf('.') + 1)..];
            var arity = name.IndexOf('`', StringComparison.Ordinal);
            return arity < 0 ? name : name[..arity];
        }
    }

    /// <summary>
    /// <c>Socket.AcceptAsync(SocketAsyncEventArgs)</c> starts an accept and returns whether it is still pending: the
    /// completion arrives in an event, and the loop does not wait on the call.
    /// </summary>
    [Fact]
    public Task Socket_AcceptAsync_with_event_args_is_no_wait() => Verify.VerifyAsync(
        """
        using System.Net.Sockets;
        using Dapper;
        using MySqlConnector;

        public sealed class Acceptor
        {
            private readonly Socket socket = new(SocketType.Stream, ProtocolType.Tcp);

            public void Run(SocketAsyncEventArgs args)
            {
                using var connection = new MySqlConnection("Server=db");
                connection.Open();
                while (true)
                {
                    if (!socket.AcceptAsync(args))
                    {
                        connection.Execute("UPDATE clients SET accepted = accepted + 1");
                    }
                }
            }
        }
        """);
}
