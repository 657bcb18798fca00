using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

/// <summary>
/// SC0007 on a database class created before a server's or consumer's endless loop and used on every turn, where the
/// loop waits for the next request (<c>HttpListener.GetContext</c>, <c>GetContextAsync</c>), client (<c>Socket.Accept()</c>)
/// or work item (<c>BlockingCollection.Take()</c>). A <c>Take</c> or <c>Accept</c> with arguments (LINQ's, a visitor's) is no wait.
/// </summary>
public class SC0007ServerLoopTests
{
    private const string Database = """
        using System;
        using System.Collections.Concurrent;
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;
        using MySql.Data.MySqlClient;

        public class Database
        {
            private readonly MySqlConnection {|#0:_connection|};

            public Database(string connectionString)
            {
                _connection = new MySqlConnection(connectionString);
                _connection.Open();
            }

            public void Log(string line)
            {
                using var command = new MySqlCommand("INSERT INTO log VALUES (@line)", _connection);
                command.Parameters.AddWithValue("@line", line);
                command.ExecuteNonQuery();
            }
        }

        """;

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult LoopDiagnostic(string method, string wait) =>
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "_connection", "Database",
            $"the loop in '{method}' ('Database' is created before the loop and used on every turn); the loop waits ({wait})");

    /// <summary>Real: cindymxcai/HelloWorldWebApp, HelloWorldWebApp/Server.cs (the request loop); the log written per request is this test's.</summary>
    [Fact]
    public Task Database_used_by_every_turn_of_a_GetContext_loop_is_reported() => Verify.VerifyAsync(
        Database + """
        public static class Server
        {
            private static readonly HttpListener Listener = new HttpListener();

            public static void Start()
            {
                var database = new Database("Server=localhost;Database=web");
                Listener.Prefixes.Add("http://localhost:8080/");
                Listener.Start();
                {|#1:while|} (true)
                {
                    var context = Listener.GetContext();
                    database.Log($"{context.Request.HttpMethod} {context.Request.Url}");
                    context.Response.Close();
                }
            }
        }
        """,
        LoopDiagnostic("Start", "Listener.GetContext"));

    /// <summary>Real: seemeest/HttpListenerExample, HttpListenerExample/Program.cs (<c>while (runServer)</c> awaiting <c>GetContextAsync</c>).</summary>
    [Fact]
    public Task Database_used_by_every_turn_of_a_GetContextAsync_loop_is_reported() => Verify.VerifyAsync(
        Database + """
        class HttpServer
        {
            private static HttpListener listener = new HttpListener();

            public static async Task HandleIncomingConnections()
            {
                var database = new Database("Server=localhost;Database=http");
                bool runServer = true;
                {|#1:while|} (runServer)
                {
                    HttpListenerContext context = await listener.GetContextAsync();
                    database.Log(context.Request.Url.ToString());
                    runServer = context.Request.Url.AbsolutePath != "/shutdown";
                }
            }
        }
        """,
        LoopDiagnostic("HandleIncomingConnections", "GetContextAsync"));

    /// <summary>
    /// Real: maxx2223/auth_mysql, ServerAuth/ServerAuthorize.cs (<c>Socket handler = sListener.Accept();</c> in
    /// <c>while (true)</c>, which stores each login); here the handler's reading goes to a thread, as
    /// IliaPavluchkov/server's SQL/ServerConfig.cs does, so the loop waits only in <c>Accept()</c>.
    /// </summary>
    [Fact]
    public Task Database_used_by_every_turn_of_a_socket_Accept_loop_is_reported() => Verify.VerifyAsync(
        Database + """
        class Program
        {
            static void Main(string[] args)
            {
                var database = new Database("Server=localhost;Database=auth");
                Socket sListener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sListener.Bind(new IPEndPoint(IPAddress.Loopback, 11000));
                sListener.Listen(10);
                {|#1:while|} (true)
                {
                    Socket handler = sListener.Accept();
                    database.Log(handler.RemoteEndPoint.ToString());
                    Task.Run(() => handler.Close());
                }
            }
        }
        """,
        LoopDiagnostic("Main", "Accept"));

    /// <summary>Real: nrawat207/ParallelProgramming-CSharp, TaskProducerComsumerPattern/Program.cs (the consumer's <c>Take()</c> loop).</summary>
    [Fact]
    public Task Database_used_by_every_turn_of_a_queue_Take_loop_is_reported() => Verify.VerifyAsync(
        Database + """
        class Consumer
        {
            static void Consume(BlockingCollection<int> blockingCollection)
            {
                var database = new Database("Server=localhost;Database=images");
                {|#1:while|} (!blockingCollection.IsCompleted)
                {
                    int imageID = blockingCollection.Take();
                    database.Log("processed " + imageID);
                }
            }
        }
        """,
        LoopDiagnostic("Consume", "Take"));

    /// <summary>LINQ's <c>Take(5)</c> and a visitor's <c>Accept(visitor)</c> return at once: the loop only spins over work at hand.</summary>
    [Fact]
    public Task Loop_calling_Take_or_Accept_with_arguments_is_not_reported() => Verify.VerifyAsync(
        Database.Replace("{|#0:_connection|}", "_connection") + """
        public interface IVisitor { }

        public class Node
        {
            public bool Accept(IVisitor visitor) => false;
        }

        class Batch
        {
            static void Run(int[] pending, Node node, IVisitor visitor)
            {
                var database = new Database("Server=localhost;Database=batch");
                bool more = true;
                while (more)
                {
                    foreach (var id in pending.Take(5))
                    {
                        database.Log("id " + id);
                    }

                    more = node.Accept(visitor);
                }
            }
        }
        """);

    /// <summary>
    /// A <c>Take()</c> or <c>Accept()</c> without arguments on a receiver declared with another type hands out or answers
    /// at once. Real: Swaelo/mmo-server, BepuPhysics/Bodies.cs and Statics.cs (<c>var handle = HandlePool.Take();</c> on an
    /// <c>IdPool</c> field), Sadikk/Dofus2-Emulator-Nehra, Stump.Server.WorldServer/Handlers/Context/ContextHandler.cs
    /// (<c>client.Character.RequestBox.Accept()</c> on a request box) and zhuxb711/RX-Explorer,
    /// RX_Explorer/Class/BluetoothDeivceData.cs (<c>args.Accept()</c> on pairing event args); the loops are this test's.
    /// </summary>
    [Fact]
    public Task Loop_calling_Take_or_Accept_on_a_pool_or_a_request_is_not_reported() => Verify.VerifyAsync(
        Database.Replace("{|#0:_connection|}", "_connection") + """
        public class IdPool
        {
            public int Take() => 0;
        }

        public class RequestBox
        {
            public void Accept() { }
        }

        public class DevicePairingRequestedEventArgs
        {
            public void Accept() { }
        }

        class Bodies
        {
            private IdPool HandlePool = new IdPool();

            void Fill(Func<bool> more)
            {
                var database = new Database("Server=localhost;Database=bodies");
                while (more())
                {
                    var handle = HandlePool.Take();
                    database.Log("body " + handle);
                }
            }

            void Answer(RequestBox box, Func<bool> more)
            {
                var database = new Database("Server=localhost;Database=requests");
                while (more())
                {
                    box.Accept();
                    database.Log("accepted");
                }
            }

            // LINQ's Take on a receiver the syntax cannot type: only its argument says it is no wait.
            void Batch(Func<int[]> pending, Func<bool> more)
            {
                var database = new Database("Server=localhost;Database=batch");
                while (more())
                {
                    foreach (var id in pending().Take(5))
                    {
                        database.Log("id " + id);
                    }
                }
            }

            void Pair(DevicePairingRequestedEventArgs args, Func<bool> more)
            {
                var database = new Database("Server=localhost;Database=pairing");
                while (more())
                {
                    args.Accept();
                    database.Log("paired");
                }
            }
        }
        """);

    /// <summary>
    /// Real: Koroshiya71/Slay-the-Touhou-RE, Server/Game/Game/script/net/NetManager.cs (<c>public static Socket listenfd</c>,
    /// accepted in the server's loop) and zhuxb711/RX-Explorer, RX_Explorer/Class/QueueTaskController.cs (a static
    /// <c>BlockingCollection</c> field taken from in the worker's loop): declared as a socket or a queue, the call waits.
    /// </summary>
    [Fact]
    public Task Database_used_by_every_turn_of_a_loop_taking_from_a_declared_queue_field_is_reported() => Verify.VerifyAsync(
        Database + """
        class QueueTaskController
        {
            private static readonly BlockingCollection<string> OpeartionQueue = new BlockingCollection<string>();

            static void Worker()
            {
                var database = new Database("Server=localhost;Database=operations");
                {|#1:while|} (true)
                {
                    var operation = OpeartionQueue.Take();
                    database.Log(operation);
                }
            }
        }
        """,
        LoopDiagnostic("Worker", "OpeartionQueue.Take"));
}
