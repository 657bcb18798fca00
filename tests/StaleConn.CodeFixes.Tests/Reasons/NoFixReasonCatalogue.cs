using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding.Planning;
using static StaleConn.CodeFixes.Tests.Reasons.ReasonCheck;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// One real-code shape per <see cref="NoFixReason"/> that a planner step declines with exactly that reason (see
/// docs/code-fixes.md, "Why a finding gets no fix"). The shapes are the ones held-out code has: workers, static helpers,
/// repositories and their registrations, written small.
/// </summary>
internal static class NoFixReasonCatalogue
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        """;

    /// <summary>A store that copies the connection its constructor takes (a TShock plugin's manager).</summary>
    private const string StoreTakingAConnection = """
        public sealed class Store
        {
            private readonly IDbConnection database;

            public Store(IDbConnection database) => this.database = database;

            public int CountItems() => database.ExecuteScalar<int>("SELECT COUNT(*) FROM Items");
        }

        """;

    /// <summary>A repository that keeps the connection its constructor takes (reported through the static that keeps it).</summary>
    private const string KeptRepository = """
        using MySqlConnector;

        public sealed class OrderRepository
        {
            private readonly MySqlConnection _connection;

            public OrderRepository(MySqlConnection connection) => _connection = connection;

            public Task<int> CountAsync() => _connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");
        }

        """;

    /// <summary>A worker that takes the registered <c>IDbConnection</c>.</summary>
    private const string MailWorker = """
        public sealed class MailWorker : BackgroundService
        {
            private readonly IDbConnection _connection;

            public MailWorker(IDbConnection connection) => _connection = connection;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await _connection.ExecuteAsync("CALL send_mail()");
                    await Task.Delay(5000, stoppingToken);
                }
            }
        }


        """;

    /// <summary>A request-scoped service that takes the registered <c>IDbConnection</c>.</summary>
    private const string ReportService = """
        public sealed class ReportService
        {
            private readonly IDbConnection _connection;

            public ReportService(IDbConnection connection) => _connection = connection;

            public int Count() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM mails");
        }


        """;

    /// <summary>Another request-scoped service that takes it.</summary>
    private const string OrderService = """
        public sealed class OrderService
        {
            private readonly IDbConnection _connection;

            public OrderService(IDbConnection connection) => _connection = connection;

            public int Count() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
        }


        """;

    public static readonly ReasonCase[] All =
    {
        // A computed property is not a holder the analyzers report; asked to plan one anyway, the planner declines.
        new(NoFixReason.UnsupportedMemberKind, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Database
            {
                private static readonly MySqlConnection Shared = new MySqlConnection("Server=db");

                public static MySqlConnection Current { get { return Shared; } }
            }
            """) { Source = "Nithinvanamala/WebApi: AddressBook.Repository/Dapper/DapperDbContext.cs (a computed Connection property)", Member = "Current" },

        new(NoFixReason.RecordPositionalParameter, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed record OrderStore(MySqlConnection Connection)
            {
                public Task<int> CountAsync() => Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");
            }

            public static class Registration
            {
                public static void AddOrders(IServiceCollection services) =>
                    services.AddSingleton(new OrderStore(new MySqlConnection("Server=db")));
            }
            """),

        new(NoFixReason.GuardFieldNameTaken, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class CleanupWorker(MySqlConnection connection) : BackgroundService
            {
                private readonly string _connection = "orders database";

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        Console.WriteLine("Cleaning " + _connection);
                        await connection.ExecuteAsync("DELETE FROM sessions WHERE expires < NOW()");
                        await Task.Delay(TimeSpan.FromMinutes(5), stoppingToken);
                    }
                }
            }
            """),

        // Both projects declare an internal Log in one namespace: folded into one project, the callers could bind to the other's.
        new(NoFixReason.UsedFromAnotherProject, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Db
            {
                public static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

                public static int CountOrders() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }

            internal static class Log
            {
                public static void Write(string line) => Console.WriteLine(line);
            }
            """)
        {
            ReferencingProject = new[]
            {
                Usings + """
                public static class Reports
                {
                    public static int CountCustomers() => Db.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM customers");
                }

                internal static class Log
                {
                    public static void Write(string line) => Console.Error.WriteLine(line);
                }
                """,
            },
        },

        new(NoFixReason.CallerProjectLacksRuntime, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Db
            {
                public static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

                public static int CountOrders() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """)
        {
            ReferencingProject = new[]
            {
                Usings + """
                public static class Reports
                {
                    public static int CountCustomers() => Db.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM customers");
                }
                """,
            },
            ReferencingProjectSeesRuntime = false,
        },

        new(NoFixReason.LookedUpByReflection, ReasonCheck.Guard, Usings + """
            using System.Reflection;
            using MySqlConnector;

            public sealed class SyncWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _connection.ExecuteAsync("CALL sync_orders()");
                        await Task.Delay(30000, stoppingToken);
                    }
                }
            }

            public static class Diagnostics
            {
                public static object? ConnectionOf(SyncWorker worker) =>
                    typeof(SyncWorker).GetField("_connection", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(worker);
            }
            """),

        // Half-typed: the field pasted into the other half of a partial class as well (CS0102), so its uses bind to neither.
        new(NoFixReason.AmbiguousReference, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed partial class AuditWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _connection.ExecuteAsync("INSERT INTO heartbeat VALUES (NOW())");
                        await Task.Delay(10000, stoppingToken);
                    }
                }
            }

            public sealed partial class AuditWorker
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=audit");
            }
            """) { HalfTyped = true },

        new(NoFixReason.ReachedThroughNullConditional, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class Bot
            {
                public static Bot? Instance { get; private set; } = new Bot();

                public MySqlConnection Connection { get; } = new MySqlConnection("Server=db");

                public void Start() => Connection.Execute("UPDATE bot SET started = NOW()");
            }

            public static class Commands
            {
                public static int? Users() => Bot.Instance?.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM users");
            }
            """) { Member = "Connection" },

        new(NoFixReason.UnsupportedAssignment, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class ImportWorker(MySqlConnection connection) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        try
                        {
                            await connection.ExecuteAsync("CALL import_batch()");
                        }
                        catch (MySqlException)
                        {
                            connection = new MySqlConnection(connection.ConnectionString);
                        }

                        await Task.Delay(60000, stoppingToken);
                    }
                }
            }
            """),

        new(NoFixReason.PassedByReference, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Database
            {
                private static MySqlConnection _connection = new MySqlConnection("Server=db");

                public static int CountOrders()
                {
                    EnsureOpen(ref _connection);
                    return _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
                }

                private static void EnsureOpen(ref MySqlConnection connection)
                {
                    if (connection.State != ConnectionState.Open)
                    {
                        connection = new MySqlConnection(connection.ConnectionString);
                        connection.Open();
                    }
                }
            }
            """),

        new(NoFixReason.LazyUsedWithoutValue, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Database
            {
                private static readonly Lazy<MySqlConnection> Connection = new Lazy<MySqlConnection>(() => new MySqlConnection("Server=db"));

                public static int CountOrders() => Connection.Value.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");

                public static void Shutdown()
                {
                    if (Connection.IsValueCreated)
                    {
                        Connection.Value.Close();
                    }
                }
            }
            """) { Source = "ART4S/CQRS: WebFeatures/Infrastructure/WebFeatures.Infrastructure/DataAccess/Contexts/BaseDbContext.cs (IsValueCreated before Dispose)" },

        new(NoFixReason.LeaseOutsideOpenCatch, ReasonCheck.Guard, Usings + """
            using MySql.Data.MySqlClient;

            public static class Database
            {
                public static MySqlConnection Connection;

                public static bool InitializeDatabase(string IP, string Port)
                {
                    Connection = new MySqlConnection("Server=" + IP + ";Port=" + Port);
                    try
                    {
                        Connection.Open();
                    }
                    catch (MySqlException)
                    {
                        Console.WriteLine("failed");
                    }

                    MySqlCommand Command = new MySqlCommand("USE gamedatabase", Connection);
                    Command.ExecuteNonQuery();
                    return true;
                }
            }
            """) { Source = "Swaelo/mmo-server-old: Data/Database.cs (InitializeDatabase, its catch carrying on past the try: the lease for the work would be acquired after it)" },

        new(NoFixReason.LeaseOutsideCaughtCall, ReasonCheck.Guard, Usings + """
            using System.Data.SqlClient;

            public static class Db
            {
                public static SqlConnection Conn = new SqlConnection("Server=.;Database=hotel");
            }

            public class SelectRoom
            {
                public DataTable Rooms(int hotelid)
                {
                    SqlCommand cmd = new SqlCommand("select * from rooms where hotelid=@hotelid", Db.Conn);
                    cmd.Parameters.AddWithValue("@hotelid", hotelid);
                    try
                    {
                        cmd.ExecuteNonQuery();
                    }
                    catch (Exception c)
                    {
                        Console.WriteLine(c.Message);
                    }
                    SqlDataAdapter da = new SqlDataAdapter(cmd);
                    DataTable dt = new DataTable();
                    da.Fill(dt);
                    return dt;
                }
            }
            """) { Source = "ahmed-1026/Hotel-Management-System: Version2/selectRoom.cs (the command run in a reporting try is read after it)" },

        new(NoFixReason.OpenInsideExpression, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class Cache
            {
                public Task WarmAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }

            public sealed class PriceWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");
                private readonly Cache _cache = new Cache();

                public override async Task StartAsync(CancellationToken cancellationToken)
                {
                    await Task.WhenAll(_connection.OpenAsync(cancellationToken), _cache.WarmAsync(cancellationToken));
                    await base.StartAsync(cancellationToken);
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _connection.ExecuteAsync("CALL refresh_prices()");
                        await Task.Delay(60000, stoppingToken);
                    }
                }
            }
            """),

        new(NoFixReason.CloseInsideExpression, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class PriceWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _connection.ExecuteAsync("CALL refresh_prices()");
                        await Task.Delay(60000, stoppingToken);
                    }
                }

                public override Task StopAsync(CancellationToken cancellationToken)
                {
                    Console.WriteLine("Stopping");
                    return _connection.CloseAsync();
                }
            }
            """),

        new(NoFixReason.ConnectionReturned, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Database
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

                public static int CountOrders() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");

                public static MySqlConnection ConnectionFor(string tenant)
                {
                    Connection.Execute("USE " + tenant);
                    return Connection;
                }
            }
            """),

        new(NoFixReason.ConnectionDisposedByUsing, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class OutboxWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using (_connection)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await _connection.ExecuteAsync("CALL publish_outbox()");
                            await Task.Delay(1000, stoppingToken);
                        }
                    }
                }
            }
            """),

        new(NoFixReason.ConnectionStoredInMember, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class QueueWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");
                private readonly MySqlCommand _dequeue = new MySqlCommand("CALL dequeue()");

                public override Task StartAsync(CancellationToken cancellationToken)
                {
                    _dequeue.Connection = _connection;
                    return base.StartAsync(cancellationToken);
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _dequeue.ExecuteNonQueryAsync(stoppingToken);
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }
            """) { Member = "_connection" },

        // A command built in a method, prepared, and let go of by a cleanup: kept across units, but neither built once nor
        // run by another function (MySql.Data closes a prepared statement on the server when it is disposed).
        new(NoFixReason.ConnectionHandedToStoredObject, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class QueueWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");
                private MySqlCommand _dequeue;

                private void Cleanup()
                {
                    if (_dequeue != null) { _dequeue.Dispose(); _dequeue = null; }
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        _dequeue = _connection.CreateCommand();
                        _dequeue.CommandText = "CALL dequeue()";
                        _dequeue.Prepare();
                        await _dequeue.ExecuteNonQueryAsync(stoppingToken);
                        Cleanup();
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }
            """) { Member = "_connection" },

        // vladzvx/test@44648e509992 DataBaseWorker/DBWorker.cs (about 40 NpgsqlCommand fields built in the constructor) and
        // shendongnian/code@b7adb40b32ac code1/84698-1350039-2.cs (BetterPersonDal: command and parameters built in the
        // constructor, each method sets the values and runs it), small; the constructor also runs the command (creates
        // the table), which a binding in the methods cannot give a connection.
        new(NoFixReason.CommandBuiltOnce, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class MessageStore : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");
                private readonly MySqlCommand _addMessage;

                public MessageStore()
                {
                    _addMessage = _connection.CreateCommand();
                    _addMessage.CommandText = "CREATE TABLE IF NOT EXISTS messages (text TEXT)";
                    _addMessage.ExecuteNonQuery();
                    _addMessage.CommandText = "INSERT INTO messages (text) VALUES (@text)";
                    _addMessage.Parameters.Add(new MySqlParameter("@text", MySqlDbType.Text));
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await _connection.OpenAsync(stoppingToken);
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        _addMessage.Parameters["@text"].Value = DateTime.UtcNow.ToString("O");
                        await _addMessage.ExecuteNonQueryAsync(stoppingToken);
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }
            """) { Member = "_connection" },

        // StudioManager's MainForm (a static command over the static connection, built once; index gave no repository
        // name) with a Prepare() as vladzvx/test@44648e509992's dequeue worker has, small: bound to another connection
        // in a unit of work the prepared command would run unprepared.
        new(NoFixReason.KeptCommandPrepared, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            static class Visits
            {
                private static MySqlConnection connection = new MySqlConnection("Server=db");
                private static MySqlCommand insert;

                static Visits()
                {
                    insert = new MySqlCommand("INSERT INTO visits (name) VALUES (@name)", connection);
                    insert.Parameters.Add("@name", MySqlDbType.VarChar);
                }

                public static void Open()
                {
                    connection.Open();
                    insert.Prepare();
                }

                public static void Visit(string name)
                {
                    insert.Parameters["@name"].Value = name;
                    insert.ExecuteNonQuery();
                }
            }
            """) { Member = "connection" },

        // A static command built once over the static connection and handed to a helper that runs it (shendongnian/code
        // DAL helpers taking a DbCommand, in our words): a binding in this class's functions cannot follow it there.
        new(NoFixReason.KeptCommandHandedOut, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            static class Logins
            {
                private static MySqlConnection con = new MySqlConnection("Server=db");
                private static MySqlCommand cmd;

                static Logins()
                {
                    cmd = new MySqlCommand("SELECT name FROM Login WHERE id = @id", con);
                }

                public static string Name(int id)
                {
                    con.Open();
                    cmd.Parameters.Clear();
                    cmd.Parameters.AddWithValue("@id", id);
                    return Reader.First(cmd);
                }
            }

            static class Reader
            {
                public static string First(MySqlCommand command) => (string)command.ExecuteScalar();
            }
            """) { Member = "con" },

        // JohannaSarad/J_Sarad_C969_SchedulingApp@3d6f9cb022a4 model/DB.cs and its forms, small (the WGU C969 static DB helper).
        new(NoFixReason.CommandRunElsewhere, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class DB
            {
                static MySqlConnection con { get; set; }
                public static MySqlCommand cmd { get; set; }

                public static void OpenConnection()
                {
                    con = new MySqlConnection("Server=db");
                    con.Open();
                }

                public static void CloseConnection() => con.Close();

                public static void NonQuery(string query)
                {
                    cmd = new MySqlCommand(query, con);
                }
            }

            public static class Customers
            {
                public static void Delete(int id)
                {
                    DB.OpenConnection();
                    DB.NonQuery("DELETE FROM customer WHERE customerId = @ID");
                    DB.cmd.Parameters.AddWithValue("@ID", id);
                    DB.cmd.ExecuteNonQuery();
                    DB.CloseConnection();
                }
            }
            """) { Member = "con" },

        // nkyokoo/unittesting@1a1b38ffcad6 UserService/UserServices.cs Login, with the command in a local.
        new(NoFixReason.MemberSetInNestedBlock, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class Database
            {
                public static readonly Database Instance = new Database();
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                public MySqlConnection Connection => _connection;
            }

            public sealed class UserServices
            {
                private MySqlConnection connection;

                public bool Login(string email)
                {
                    if (email.Contains("@"))
                    {
                        connection = Database.Instance.Connection;
                        var command = connection.CreateCommand();
                        command.CommandText = "SELECT COUNT(*) FROM users";
                        return Convert.ToInt32(command.ExecuteScalar()) > 0;
                    }

                    return false;
                }
            }

            public static class Program
            {
                private static readonly UserServices Services = new UserServices();

                public static void Main() => Services.Login(Console.ReadLine());
            }
            """) { Member = "connection" },

        new(NoFixReason.StoredObjectKeepsConnection, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class OrderRepository
            {
                private readonly MySqlConnection _connection;

                public OrderRepository(MySqlConnection connection) => _connection = connection;

                public Task<int> CountAsync() => _connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");
            }

            public sealed class ReportWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");
                private readonly OrderRepository _orders;

                public ReportWorker() => _orders = new OrderRepository(_connection);

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        Console.WriteLine(await _orders.CountAsync());
                        await Task.Delay(60000, stoppingToken);
                    }
                }
            }

            // A repository also built per call elsewhere is not always long-lived: its field has no finding of its own
            // (else the reason is ReceivingFieldHasOwnFinding).
            public static class OneOffReport
            {
                public static Task<int> CountAsync(MySqlConnection connection) => new OrderRepository(connection).CountAsync();
            }
            """) { Member = "_connection" },

        // The repository's own field is reported (SC0001 through the static that keeps it): its fix is where the guard
        // goes (the guard fix hands the holder's guard to it: HandedGuardFixTests; a factory cannot).
        new(NoFixReason.ReceivingFieldHasOwnFinding, ReasonCheck.ConnectionFactory, Usings + KeptRepository + """
            public static class Db
            {
                public static readonly MySqlConnection Connection = new MySqlConnection("Server=db");
                public static readonly OrderRepository Orders = new OrderRepository(Connection);
            }
            """) { Member = "Connection" },

        // Handing the guard would change a constructor that another caller gives a plain connection.
        new(NoFixReason.ReceiverBuiltElsewhere, ReasonCheck.Guard, Usings + KeptRepository + """
            public static class Db
            {
                public static readonly MySqlConnection Connection = new MySqlConnection("Server=db");
                public static readonly OrderRepository Orders = new OrderRepository(Connection);
            }

            public static class Archive
            {
                public static Task<int> CountAsync(string connectionString) => new OrderRepository(new MySqlConnection(connectionString)).CountAsync();
            }
            """) { Member = "Connection" },

        // The receiver opens what it is given: a guard in its place opens per lease, not once here.
        new(NoFixReason.ReceiverUsesConnectionInConstructor, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class OrderRepository
            {
                private readonly MySqlConnection _connection;

                public OrderRepository(MySqlConnection connection)
                {
                    _connection = connection;
                    connection.Open();
                }

                public Task<int> CountAsync() => _connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");
            }

            public static class Db
            {
                public static readonly MySqlConnection Connection = new MySqlConnection("Server=db");
                public static readonly OrderRepository Orders = new OrderRepository(Connection);
            }
            """) { Member = "Connection" },

        // The repository hands its connection out (its own fix declines): the holder cannot hand it a guard.
        new(NoFixReason.ReceivingFieldDeclines, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class OrderRepository
            {
                private readonly MySqlConnection _connection;

                public OrderRepository(MySqlConnection connection) => _connection = connection;

                public MySqlConnection Connection => _connection;

                public Task<int> CountAsync() => _connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");
            }

            public static class Db
            {
                public static readonly MySqlConnection Connection = new MySqlConnection("Server=db");
                public static readonly OrderRepository Orders = new OrderRepository(Connection);
            }
            """) { Member = "Connection" },

        // The repository's method also reads the holder: its lease and the repository's own would wrap the same block.
        new(NoFixReason.ReceiverEditsOverlap, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class OrderRepository
            {
                private readonly MySqlConnection _connection;

                public OrderRepository(MySqlConnection connection) => _connection = connection;

                public int Count()
                {
                    var orders = _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
                    return orders + Db.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM archived_orders");
                }
            }

            public static class Db
            {
                public static readonly MySqlConnection Connection = new MySqlConnection("Server=db");
                public static readonly OrderRepository Orders = new OrderRepository(Connection);
            }
            """) { Member = "Connection" },

        // The holder builds a copy of itself over its own connection (a second constructor takes it): the copy's field
        // is the holder's, so handing it the guard would plan the holder again, and again.
        new(NoFixReason.ReceiverHandsConnectionBack, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public class Db
            {
                private static Db _instance;
                private MySqlConnection _connection;
                private Db _archive;

                private Db(string connectionString)
                {
                    _connection = new MySqlConnection(connectionString);
                    _connection.Open();
                }

                private Db(MySqlConnection connection)
                {
                    _connection = connection;
                }

                public static Db Instance
                {
                    get
                    {
                        if (_instance == null) _instance = new Db("Server=db");
                        return _instance;
                    }
                }

                public Db Archive()
                {
                    if (_archive == null) _archive = new Db(_connection);
                    return _archive;
                }

                public long Count()
                {
                    using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", _connection);
                    return (long)command.ExecuteScalar();
                }
            }
            """) { Member = "_connection" },

        new(NoFixReason.NotADbConnection, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Database
            {
                private static readonly Lazy<IDbConnection> Connection = new Lazy<IDbConnection>(() => new MySqlConnection("Server=db"));

                public static int CountOrders() => Connection.Value.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """) { Source = "ART4S/CQRS: WebFeatures/Infrastructure/WebFeatures.Infrastructure/DataAccess/Contexts/BaseDbContext.cs (Lazy<IDbConnection>)" },

        new(NoFixReason.ConnectionsKeptInCollection, ReasonCheck.Guard, Usings + """
            using System.Linq;
            using MySqlConnector;

            [AttributeUsage(AttributeTargets.Class)]
            public sealed class AddInAttribute : Attribute
            {
                public AddInAttribute(string name) { }
            }

            [AddIn("mysql")]
            public class MySqlPlugin
            {
                private Dictionary<int, MySqlConnection> _condic = new Dictionary<int, MySqlConnection>();

                public object[] Open(string connectionString)
                {
                    var tempcon = new MySqlConnection(connectionString);
                    try
                    {
                        tempcon.Open();
                    }
                    catch (Exception ex)
                    {
                        return new object[] { 0, ex.Message };
                    }

                    var newid = _condic.Count == 0 ? 1 : _condic.Keys.Max() + 1;
                    _condic.Add(newid, tempcon);
                    return new object[] { 1, newid };
                }

                public object? Query(int id, string sql) => new MySqlCommand(sql, _condic[id]).ExecuteScalar();

                public void Close(int id)
                {
                    _condic[id].Close();
                    _condic.Remove(id);
                }
            }
            """) { Member = "_condic", Source = "AlexFielder/Arma3Net-Mysql: Arma3Net-Mysql/MySqlPlugin.cs (a session per script handle; the same kind of dictionary: danielgerlag/workflow-core src/providers/WorkflowCore.LockProviders.MySQL/MySqlLockProvider.cs, OpenDental DataConnectionCancelable.cs)" },

        new(NoFixReason.ThreadStaticConnection, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class SharedConnectionScope : IDisposable
            {
                [ThreadStatic]
                private static MySqlConnection current;

                [ThreadStatic]
                private static int depth;

                public SharedConnectionScope(string connectionString)
                {
                    if (current == null)
                    {
                        current = new MySqlConnection(connectionString);
                        current.Open();
                    }

                    depth++;
                }

                public static int CountOrders() => current.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");

                public void Dispose()
                {
                    if (--depth == 0)
                    {
                        current.Dispose();
                        current = null;
                    }
                }
            }
            """) { Source = "subsonic/SubSonic-3.0@fae68b6e165f: SubSonic.Core/DataProviders/DbDataProvider.cs and Connection.cs (SharedDbConnectionScope), written as one scope type" },

        new(NoFixReason.InterfaceWithoutConstruction, ReasonCheck.Guard, Usings + """
            public static class ConnectionFactory
            {
                public static IDbConnection Create() => throw new NotSupportedException();
            }

            public static class Database
            {
                private static readonly IDbConnection Connection = ConnectionFactory.Create();

                public static int CountOrders() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """),

        new(NoFixReason.InjectedConnectionShared, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            """ + MailWorker + ReportService + """
            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"));
                    services.AddScoped<ReportService>();
                    services.AddHostedService<MailWorker>();
                }
            }
            """) { Member = "_connection" },

        new(NoFixReason.ConstructionsDisagree, ReasonCheck.Guard, Usings + """
            using MySqlConnector;
            using Npgsql;

            public static class Database
            {
                private static IDbConnection _connection;

                public static void Configure(string provider, string connectionString)
                {
                    if (provider == "postgres")
                    {
                        _connection = new NpgsqlConnection(connectionString);
                    }
                    else
                    {
                        _connection = new MySqlConnection(connectionString);
                    }

                    // Opened once and kept open (else NeverOpenedInSolution: Dapper would open it per call).
                    _connection.Open();
                }

                public static int CountOrders() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """),

        new(NoFixReason.NeverOpenedInSolution, ReasonCheck.Guard, Usings + """
            using Microsoft.Data.Sqlite;
            using MySql.Data.MySqlClient;

            public static class ChestStore
            {
                private static IDbConnection db;

                public static void Connect(string storageType, string mySqlConnectionString, string savePath)
                {
                    switch (storageType.ToLower())
                    {
                        case "mysql":
                            db = new MySqlConnection() { ConnectionString = mySqlConnectionString };
                            break;
                        case "sqlite":
                            db = new SqliteConnection($"Data Source={savePath}/chests.sqlite");
                            break;
                    }

                    db.Execute("CREATE TABLE IF NOT EXISTS chests (id INTEGER, x INTEGER, y INTEGER)");
                }

                public static int Count() => db.ExecuteScalar<int>("SELECT COUNT(*) FROM chests");
            }
            """) { Source = "Zaicon/InfiniteChestsV2@7b8ed6369361: InfChests/DB.cs (TShock's DbExt, which opens a copy per call, written as Dapper, which opens per call)" },

        new(NoFixReason.NoDataSourceForProvider, DataSource, Usings + """
            using System.Data.SqlClient;

            public static class Database
            {
                private static readonly SqlConnection Connection = new SqlConnection("Server=db");

                public static int CountOrders() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """),

        new(NoFixReason.PerUseUnsupportedMember, DataSource, Usings + """
            using MySqlConnector;

            public static class Database
            {
                private static readonly Lazy<MySqlConnection> Connection = new Lazy<MySqlConnection>(() => new MySqlConnection("Server=db"));

                public static int CountOrders() => Connection.Value.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """),

        // A field declared with others: the guard splits it; the factory cannot replace one declarator with a method.
        new(NoFixReason.SeveralDeclarations, ConnectionFactory, Usings + """
            using System.Data.SqlClient;

            public static class Database
            {
                private static readonly SqlConnection Orders = new SqlConnection("Server=db;Database=orders"), Audit = new SqlConnection("Server=db;Database=audit");

                public static int CountOrders() => Orders.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");

                public static void Log(string text) => Audit.Execute("INSERT INTO log(text) VALUES (@text)", new { text });
            }
            """) { Member = "Orders" },

        // Pensemossi/WindowsServiceVUCEImpo@cbe3d24ed7cd builds its connection empty and sets the string in Conectar().
        new(NoFixReason.ConnectionStringSetApart, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class TickWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection();

                public override Task StartAsync(CancellationToken cancellationToken)
                {
                    _connection.ConnectionString = "Server=db";
                    return base.StartAsync(cancellationToken);
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _connection.ExecuteAsync("INSERT INTO ticks VALUES (NOW())");
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }
            """),

        new(NoFixReason.ConstructionAwaits, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class TickWorker : BackgroundService
            {
                private MySqlConnection _connection = null!;

                public override async Task StartAsync(CancellationToken cancellationToken)
                {
                    _connection = await OpenAsync(cancellationToken);
                    await base.StartAsync(cancellationToken);
                }

                private static async Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken)
                {
                    var connection = new MySqlConnection("Server=db");
                    await connection.OpenAsync(cancellationToken);
                    return connection;
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _connection.ExecuteAsync("INSERT INTO ticks VALUES (NOW())");
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }
            """),

        new(NoFixReason.ConstructionNotAConnection, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class TickWorker : BackgroundService
            {
                private readonly MySqlConnection _connection;

                public TickWorker(dynamic settings) => _connection = settings.CreateConnection();

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _connection.ExecuteAsync("INSERT INTO ticks VALUES (NOW())");
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }
            """),

        // rameen-ihtasham/SchoolManagementSystem@HEAD (apps30), Forms/Attendance.cs: the form calls a `Configuration`
        // class of another namespace that it does not import.
        new(NoFixReason.ConstructionDoesNotCompile, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Attendance
            {
                public static MySqlConnection con = Configuration.getInstance().getConnection();

                public static long CountStudents()
                {
                    using var command = new MySqlCommand("SELECT COUNT(*) FROM Student", con);
                    return (long)command.ExecuteScalar()!;
                }
            }
            """) { HalfTyped = true },

        // lksee/SmartFactory (rand31) CSharpTest/CSPostgreSQL_SMART_CRUD_V1 CRUD.cs and Form1.cs (the SMART CRUD template):
        // the static connection is never opened; PerformCRUD's adapter opens it inside a try whose catch reports the failure.
        new(NoFixReason.OpenFailureCaughtByCallee, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            internal class CRUD
            {
                public static MySqlConnection con = new MySqlConnection("Server=db;Database=test");
                public static MySqlCommand cmd = default(MySqlCommand);

                public static DataTable PerformCRUD(MySqlCommand com)
                {
                    DataTable dt = new DataTable();
                    try
                    {
                        var da = new MySqlDataAdapter();
                        da.SelectCommand = com;
                        da.Fill(dt);
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine("An error occurred: " + ex.Message);
                    }

                    return dt;
                }
            }

            public class Form1
            {
                private void execute(string sql)
                {
                    CRUD.cmd = new MySqlCommand(sql, CRUD.con);
                    CRUD.cmd.Parameters.Clear();
                    CRUD.PerformCRUD(CRUD.cmd);
                }

                private void insertButton_Click(object sender, EventArgs e) => execute("INSERT INTO test_data(firstname) VALUES('a')");
            }
            """) { Member = "con" },

        // Mahen65/DreamIT.Invoicing (field27), DreamIT.Data/Connection.cs: opened without ever being given a string
        // (the string read from the configuration goes into a field nothing reads).
        new(NoFixReason.NeverGivenConnectionString, ConnectionFactory, Usings + """
            using MySqlConnector;

            public static class Connection
            {
                public static MySqlConnection conn;
                static string conStrinng;

                public static MySqlConnection Connect()
                {
                    conStrinng = "Server=db";
                    if (conn == null)
                    {
                        conn = new MySqlConnection();
                        conn.Open();
                    }
                    else
                    {
                        conn.Open();
                    }
                    return conn;
                }
            }

            public static class DataAgent
            {
                public static int Execute(string query)
                {
                    var command = new MySqlCommand(query, Connection.Connect());
                    return command.ExecuteNonQuery();
                }
            }
            """),

        new(NoFixReason.CannotRebuildConnection, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Connections
            {
                public static Lazy<MySqlConnection> For(string name) => new Lazy<MySqlConnection>(() => new MySqlConnection("Server=db;Database=" + name));
            }

            public static class Database
            {
                private static readonly Lazy<MySqlConnection> Connection = Connections.For("orders");

                public static int CountOrders() => Connection.Value.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """),

        new(NoFixReason.NoConnectionStringInView, DataSource, Usings + """
            using MySqlConnector;

            public sealed class TickWorker : BackgroundService
            {
                private readonly MySqlConnection _connection;

                public TickWorker(MySqlConnection connection) => _connection = connection;

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _connection.ExecuteAsync("INSERT INTO ticks VALUES (NOW())");
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }
            """),

        new(NoFixReason.UseOutsideUnitOfWork, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Database
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db;Database=orders");

                public static readonly string Name = Connection.Database;

                public static int CountOrders() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """),

        new(NoFixReason.UseInWaitingStatement, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class PurgeWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (await _connection.ExecuteAsync("DELETE FROM log WHERE created < NOW() - INTERVAL 7 DAY LIMIT 1000") > 0)
                    {
                        await Task.Delay(100, stoppingToken);
                    }
                }
            }
            """),

        new(NoFixReason.StoredLambdaAcrossWait, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class PurgeWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await _connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS log (created DATETIME)");
                    Func<Task> purge = () => _connection.ExecuteAsync("DELETE FROM log WHERE created < NOW() - INTERVAL 7 DAY");
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await purge();
                        await Task.Delay(TimeSpan.FromHours(1), stoppingToken);
                    }
                }
            }
            """),

        new(NoFixReason.ConnectionStateHeldAcrossWait, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class MetricsWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await _connection.OpenAsync(stoppingToken);
                    var insert = new MySqlCommand("INSERT INTO metrics VALUES (NOW())", _connection);
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await insert.ExecuteNonQueryAsync(stoppingToken);
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }
            """),

        new(NoFixReason.CallsAnotherUnitWhileLeased, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Orders
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

                public static void Ship(int id)
                {
                    Connection.Execute("UPDATE orders SET shipped = 1 WHERE id = @id", new { id });
                    System.Threading.Tasks.Task.Run(() => Audit("shipped " + id));
                    Connection.Execute("DELETE FROM pending WHERE order_id = @id", new { id });
                }

                public static void Audit(string text) => Connection.Execute("INSERT INTO audit(text) VALUES (@text)", new { text });
            }
            """),

        new(NoFixReason.DisposedWhileLeased, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public sealed class Exporter
            {
                private static Exporter Instance { get; } = new Exporter();

                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                public void Finish()
                {
                    var exported = _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM export");
                    _connection.Dispose();
                    Console.WriteLine(exported + " rows exported");
                }
            }
            """),

        new(NoFixReason.LeaseTakenBeforeBuild, ReasonCheck.Guard, Usings + """
            using MySql.Data.MySqlClient;

            public class DBConnection
            {
                private DBConnection() { }

                public string DatabaseName = String.Empty;
                public MySqlConnection Connection { get; private set; } = null;

                private static DBConnection _instance = null;

                public static DBConnection Instance()
                {
                    if (_instance == null)
                        _instance = new DBConnection();
                    return _instance;
                }

                public bool IsConnected()
                {
                    if (Connection == null)
                    {
                        if (String.IsNullOrEmpty(DatabaseName))
                            return false;
                        string connstring = string.Format("Server=localhost; database={0}; UID=root", DatabaseName);
                        Connection = new MySqlConnection(connstring);
                        Connection.Open();
                    }

                    return true;
                }
            }

            public static class MonsterManager
            {
                public static int CountMonsters(string table)
                {
                    var db = DBConnection.Instance();
                    db.DatabaseName = "ff2_monsters";
                    var count = 0;
                    if (db.IsConnected() && table.Length > 0)
                    {
                        var cmd = new MySqlCommand("SELECT COUNT(*) FROM " + table, db.Connection);
                        count = Convert.ToInt32(cmd.ExecuteScalar());
                    }

                    // A use after the if: the unit's lease must start before IsConnected() has built the guard.
                    var log = new MySqlCommand("INSERT INTO counts (n) VALUES (1)", db.Connection);
                    log.ExecuteNonQuery();
                    return count;
                }
            }
            """) { Source = "LeeCombs/FF2_Monster_Sim: FF2_Monster_Sim/DBConnection.cs (the StackOverflow DBConnection singleton with an auto-property; the caller's condition written small, a use added after the if: with every use inside the if the lease goes into it)" },

        new(NoFixReason.OpenedAgainWhileOpen, ConnectionFactory, Usings + """
            using System.Data.SqlClient;

            public class Connection
            {
                public static SqlConnection con;
                private static string dbconnect = "Data Source=db;Initial Catalog=Library;Integrated Security=True";

                public static void DB()
                {
                    con = new SqlConnection(dbconnect);
                    con.Open();
                }
            }

            public class Cart
            {
                public void Add(int bookId)
                {
                    Connection.DB();
                    var command = new SqlCommand("SELECT * FROM cart WHERE bookid = " + bookId, Connection.con);
                    var reader = command.ExecuteReader();
                    if (!reader.HasRows)
                    {
                        Connection.DB();
                        new SqlCommand("INSERT INTO cart(bookid) VALUES(" + bookId + ")", Connection.con).ExecuteNonQuery();
                        Connection.con.Close();
                    }
                }
            }
            """) { Source = "GRWolfy/E-Library@237dd9a84274: E-Library/Students/ViewBook.cs (btnAddtocart_Click), E-Library/Connections.cs" },

        new(NoFixReason.BuiltOnEveryOpen, ReasonCheck.Guard, Usings + """
            using System.Data.SqlClient;

            public class Connection
            {
                public static SqlConnection con;
                private static string dbconnect = "Data Source=db;Initial Catalog=Raffle;Integrated Security=True";

                public static void DB()
                {
                    con = new SqlConnection(dbconnect);
                    con.Open();
                }
            }

            public class Students
            {
                public void Save(int id)
                {
                    Connection.DB();
                    new SqlCommand("INSERT INTO students(idnumber) VALUES(" + id + ")", Connection.con).ExecuteNonQuery();
                    Connection.con.Close();
                }
            }
            """) { Source = "GRWolfy/Raffle@cb81882e4b9d: Raffle/Connection.cs, Raffle/Test/Test.cs (btnSaveToDatabase_Click)" },

        new(NoFixReason.ReachedThroughHelper, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Database
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

                public static MySqlConnection GetConnection()
                {
                    if (Connection.State != ConnectionState.Open)
                    {
                        Connection.Open();
                    }

                    return Connection;
                }
            }

            public static class Orders
            {
                public static int Count() => Database.GetConnection().ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """) { Source = "willy2358/WebAPI: Models/Database.cs (as in the holder-shape corpus)" },

        new(NoFixReason.HelperUsedAsValue, ConnectionFactory, Usings + """
            using System.Data.SqlClient;

            public static class Database
            {
                private static readonly SqlConnection Connection = new SqlConnection("Server=db");

                public static SqlConnection GetConnection()
                {
                    if (Connection.State != ConnectionState.Open)
                    {
                        Connection.Open();
                    }

                    return Connection;
                }
            }

            public static class Orders
            {
                public static int Count() => Database.GetConnection().ExecuteScalar<int>("SELECT COUNT(*) FROM orders");

                public static Func<SqlConnection> Factory => Database.GetConnection;
            }
            """),

        // Lazy property with a storing setter (Muratkscnn/Wissen's SQLBaglanti) that a caller does set: the factory keeps no field.
        new(NoFixReason.AccessorSetByCaller, ConnectionFactory, Usings + """
            using System.Data.SqlClient;

            public static class SQLBaglanti
            {
                private static SqlConnection baglanti;

                public static SqlConnection Baglanti
                {
                    get
                    {
                        if (baglanti == null)
                        {
                            baglanti = new SqlConnection("Server=db;Database=satis");
                        }
                        return baglanti;
                    }
                    set { baglanti = value; }
                }
            }

            public static class Login
            {
                public static void UseTenant(string tenant) => SQLBaglanti.Baglanti = new SqlConnection("Server=db;Database=" + tenant);

                public static int Count()
                {
                    using (var command = new SqlCommand("SELECT COUNT(*) FROM urunler", SQLBaglanti.Baglanti))
                    {
                        command.Connection.Open();
                        return (int)command.ExecuteScalar();
                    }
                }
            }
            """),

        new(NoFixReason.AccessorCheckedForNull, ConnectionFactory, Usings + """
            using MySql.Data.MySqlClient;

            public class DBConnection
            {
                private DBConnection() { }

                public string DatabaseName { get; set; }

                private MySqlConnection connection = null;

                public MySqlConnection Connection
                {
                    get { return connection; }
                }

                private static DBConnection _instance = null;

                public static DBConnection Instance()
                {
                    if (_instance == null)
                        _instance = new DBConnection();
                    return _instance;
                }

                public bool IsConnect()
                {
                    if (Connection == null)
                    {
                        if (string.IsNullOrEmpty(DatabaseName))
                            return false;
                        string connstring = string.Format("Server=localhost; database={0}", DatabaseName);
                        connection = new MySqlConnection(connstring);
                        connection.Open();
                    }

                    return true;
                }
            }

            public static class Orders
            {
                public static long Count()
                {
                    var dbCon = DBConnection.Instance();
                    dbCon.DatabaseName = "shop";
                    if (dbCon.Connection == null && !dbCon.IsConnect())
                    {
                        return -1;
                    }

                    var cmd = new MySqlCommand("SELECT COUNT(*) FROM orders", dbCon.Connection);
                    return (long)cmd.ExecuteScalar();
                }
            }
            """) { Source = "shendongnian/code: code5/872531-21618283-14.cs (the StackOverflow DBConnection singleton, with a caller that checks the accessor itself; copied as drowan9278/CS1530-Pitt_Occurences_Map 1530Application/1530Application/DbContext/test.cs, anonexistent/PinocchioAdventures Assets/Scripts/DataBase/DBConnection.cs, Masterikis/botlucasgassiot MelenchBot-DataBase/DataBase/DBConnection.cs)" },

        new(NoFixReason.ReaderOutlivesConnection, ConnectionFactory, Usings + """
            using MySql.Data.MySqlClient;

            public static class Db
            {
                private static readonly MySqlConnection conn = new MySqlConnection("Server=db");

                public static MySqlConnection Connection
                {
                    get
                    {
                        if (conn.State != ConnectionState.Open) conn.Open();
                        return conn;
                    }
                }
            }

            public sealed class Users
            {
                public MySqlCommand Command(string sql)
                {
                    var cmd = new MySqlCommand(sql, Db.Connection);
                    return cmd;
                }
            }
            """) { Source = "a helper that returns the command it built over the shared connection (the getCommand helpers of public DAL code; a command has no CloseConnection to hand the connection over)" },

        new(NoFixReason.ReaderNotDisposedByCaller, ConnectionFactory, Usings + """
            using MySql.Data.MySqlClient;

            public static class Db
            {
                private static readonly MySqlConnection conn = new MySqlConnection("Server=db");

                public static MySqlConnection Connection
                {
                    get
                    {
                        if (conn.State != ConnectionState.Open) conn.Open();
                        return conn;
                    }
                }
            }

            public abstract class Communication
            {
                protected MySqlDataReader ExecuteQuery(string sql)
                {
                    var cmd = new MySqlCommand(sql, Db.Connection);
                    return cmd.ExecuteReader();
                }
            }

            public sealed class Users : Communication
            {
                public int Count()
                {
                    var reader = ExecuteQuery("SELECT id FROM users");
                    var n = 0;
                    while (reader.Read()) n++;
                    reader = ExecuteQuery("SELECT id FROM admins");
                    while (reader.Read()) n++;
                    return n;
                }
            }
            """) { Source = "Masterikis/botlucasgassiot: MelenchBot/MelenchBot-DataBase/DataBase/DBCommunication.cs (executeQuery returns a reader); ChascaNeperiana/GloboQueSeInflaConRaspberry: GloboAPI/GloboAPI/Controllers/LikesController.cs (sdr = conexion.Query(query) twice, never closed)" },

        new(NoFixReason.HelperIsContract, ConnectionFactory, Usings + """
            using System.Data.SqlClient;

            public interface IDatabase
            {
                void Open();

                int CountOrders();
            }

            public sealed class Database : IDatabase
            {
                public static readonly Database Instance = new Database();

                private readonly SqlConnection _connection = new SqlConnection("Server=db");

                public void Open() => _connection.Open();

                public int CountOrders() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """),

        new(NoFixReason.OpenedBothWays, ConnectionFactory, Usings + """
            using System.Data.SqlClient;

            public sealed class Database
            {
                public static readonly Database Instance = new Database();

                private readonly SqlConnection _connection = new SqlConnection("Server=db");

                private Database() => _connection.Open();

                public SqlConnection GetConnection() => _connection;

                public int CountOrders() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }

            public static class Reports
            {
                public static int CountUsers()
                {
                    var connection = Database.Instance.GetConnection();
                    if (connection.State != ConnectionState.Open)
                    {
                        connection.Open();
                    }

                    return connection.ExecuteScalar<int>("SELECT COUNT(*) FROM users");
                }
            }
            """),

        new(NoFixReason.ConstructionsDisagreeOnConnectionString, ConnectionFactory, Usings + """
            using System.Data.SqlClient;

            public static class Database
            {
                private static SqlConnection _connection = new SqlConnection("Server=primary");

                public static void FailOver() => _connection = new SqlConnection("Server=replica");

                public static int CountOrders() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """),

        new(NoFixReason.CallsAnotherUnitInTransaction, DataSource, Usings + """
            using MySqlConnector;

            public static class Accounts
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

                public static void Transfer(int from, int to, decimal amount)
                {
                    var transaction = Connection.BeginTransaction();
                    Connection.Execute("UPDATE accounts SET balance = balance - @amount WHERE id = @from", new { amount, from }, transaction);
                    Audit("transfer " + amount);
                    Connection.Execute("UPDATE accounts SET balance = balance + @amount WHERE id = @to", new { amount, to }, transaction);
                    transaction.Commit();
                }

                public static void Audit(string text) => Connection.Execute("INSERT INTO audit(text) VALUES (@text)", new { text });
            }
            """),

        new(NoFixReason.AsyncMethodLosesItsOnlyAwait, ConnectionFactory, Usings + """
            using System.Data.SqlClient;

            public static class Database
            {
                private static readonly SqlConnection Connection = new SqlConnection("Server=db");

                public static async Task ConnectAsync()
                {
                    await Connection.OpenAsync();
                }

                public static int CountOrders() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """),

        // An opener that reports a failed open (Prof-Enildo's abrirConexao) beside a unit that opens the member itself and
        // lets the failure go up (jhonathanhenrique/Prof-Enildo@b25f128bc03e, RepositoryFuncionario): one factory cannot do both.
        new(NoFixReason.OpenFailureHandledDifferently, ConnectionFactory, Usings + """
            using System.Data.SqlClient;

            public class Conexao
            {
                public static SqlConnection conexao = new SqlConnection("Data Source=db;Initial Catalog=HeyBus;Integrated Security=True");

                public bool abrirConexao()
                {
                    try
                    {
                        if (conexao.State == ConnectionState.Closed)
                        {
                            conexao.Open();
                        }
                        return true;
                    }
                    catch (Exception)
                    {
                        return false;
                    }
                }
            }

            public class Repository
            {
                private readonly Conexao conn = new Conexao();

                public object Clientes()
                {
                    conn.abrirConexao();
                    return new SqlCommand("SELECT COUNT(*) FROM cliente", Conexao.conexao).ExecuteScalar();
                }

                public object Funcionarios()
                {
                    Conexao.conexao.Open();
                    var count = new SqlCommand("SELECT COUNT(*) FROM funcionario", Conexao.conexao).ExecuteScalar();
                    Conexao.conexao.Close();
                    return count;
                }
            }
            """),

        // An opener that waits for the server (firefly2442/Arma2NETMySQLPlugin@2c4f2c5c2484's retry loop in a parameterless
        // opener): a lease opens once and would throw while the server is down; the factory carries the loop.
        new(NoFixReason.OpenRetriedUntilOpen, ReasonCheck.Guard, Usings + """
            using System.Threading;
            using MySqlConnector;

            public static class Worker
            {
                private static readonly MySqlConnection connection = new MySqlConnection("Server=db");

                private static void OpenConnection()
                {
                    while (connection.State != ConnectionState.Open)
                    {
                        try
                        {
                            connection.Open();
                        }
                        catch (MySqlException ex)
                        {
                            Console.WriteLine("Unable to open connection, trying again in 10 seconds. " + ex.Message);
                            Thread.Sleep(10000);
                        }
                    }
                }

                public static long Count()
                {
                    OpenConnection();
                    var count = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM orders");
                    connection.Close();
                    return count;
                }
            }
            """) { Source = "firefly2442/Arma2NETMySQLPlugin@2c4f2c5c2484: Arma2NETMySQLPlugin/MySQL.cs (OpenConnection's retry loop)" },

        // An async accessor of a shared connection (Cole-Graham/WabbitBot's GetSharedConnectionAsync) whose caller blocks on
        // its task: `.Result` has no awaited form for the factory's new connection to be disposed in.
        new(NoFixReason.AsyncAccessorNotAwaited, ConnectionFactory, Usings + """
            using MySqlConnector;

            public static class Db
            {
                private static MySqlConnection shared;

                public static async Task<MySqlConnection> GetSharedConnectionAsync()
                {
                    if (shared == null || shared.State != ConnectionState.Open)
                    {
                        shared = new MySqlConnection("Server=db");
                        await shared.OpenAsync();
                    }

                    return shared;
                }

                public static long Count() => GetSharedConnectionAsync().Result.ExecuteScalar<long>("SELECT COUNT(*) FROM orders");
            }
            """) { Source = "Cole-Graham/WabbitBot (wild30): src/WabbitBot.Common/Data/DatabaseConnectionProvider.cs (GetSharedConnectionAsync), with a blocking caller" },

        new(NoFixReason.CallsAnotherUnitSharingSessionState, DataSource, Usings + """
            using MySqlConnector;

            public static class Orders
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

                public static long Add(string name)
                {
                    Connection.Execute("INSERT INTO orders(name) VALUES (@name)", new { name });
                    var id = LastId();
                    Connection.Execute("INSERT INTO audit(order_id) VALUES (@id)", new { id });
                    return id;
                }

                public static long LastId() => Connection.ExecuteScalar<long>("SELECT LAST_INSERT_ID()");
            }
            """),

        // Swaelo/mmo-server-old (field29) Data/Database.cs: `USE gamedatabase` once at start-up (the connection string names
        // no database), then every *Database class queries its tables on the same session.
        new(NoFixReason.UnitsShareSessionState, ConnectionFactory, Usings + """
            using MySql.Data.MySqlClient;

            public static class Database
            {
                public static MySqlConnection Connection;

                public static bool InitializeDatabase(string ip, string port)
                {
                    Connection = new MySqlConnection("Server=" + ip + ";Port=" + port + ";User=game;");
                    Connection.Open();
                    MySqlCommand command = new MySqlCommand("USE gamedatabase", Connection);
                    command.ExecuteNonQuery();
                    return true;
                }

                public static bool AccountExists(string name)
                {
                    MySqlCommand command = new MySqlCommand("SELECT COUNT(*) FROM accounts WHERE Username = @name", Connection);
                    command.Parameters.AddWithValue("@name", name);
                    return Convert.ToInt32(command.ExecuteScalar()) > 0;
                }
            }
            """) { Source = "Swaelo/mmo-server-old (field29): Data/Database.cs and Data/AccountsDatabase.cs" },

        // TimothyJH/HeinzBOTtle@02f6bb44 HeinzBOTtle/Program.cs (wild30): the bot's log hears the connection's StateChange.
        new(NoFixReason.ConnectionEventsSubscribed, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class BotDatabase
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db;Database=bot");

                public static void Start()
                {
                    Connection.StateChange += (sender, e) => Console.WriteLine("MySQL: " + e.CurrentState);
                    Connection.Open();
                }

                public static int CountMembers() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM members");
            }
            """) { Source = "TimothyJH/HeinzBOTtle@02f6bb44 HeinzBOTtle/Program.cs" },

        // A WinForms form in the public code index (file 44932150621): `deltaConMod_StateChange` reopens the connection
        // unless the form is closing; here it also shows the state in the status bar, which would stop with the handler.
        new(NoFixReason.ReconnectHandlerDoesMore, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Delta
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db;Database=delta");
                public static string StatusText = "";
                private static bool closing;

                public static void Start()
                {
                    Connection.StateChange += OnStateChange;
                    Connection.Open();
                }

                private static void OnStateChange(object sender, StateChangeEventArgs e)
                {
                    StatusText = "Database: " + e.CurrentState;
                    if (!closing && e.CurrentState == ConnectionState.Closed)
                        Connection.Open();
                }

                public static int CountOrders() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """) { Source = "public code index file 44932150621 (deltaConMod_StateChange)" },

        // MadsDomino/DAJM-master@4a45db176323 ConsoleApplication1/SQLConnection.cs: "logged in" is the connection's state.
        new(NoFixReason.ConnectionStateObserved, ConnectionFactory, Usings + """
            using System.Data.SqlClient;

            public static class Session
            {
                private static readonly SqlConnection Connection = new SqlConnection("Server=db");

                public static bool LoggedIn() => Connection.State == ConnectionState.Open;

                public static int CountStudents() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM students");
            }
            """) { Source = "MadsDomino/DAJM-master@4a45db176323 ConsoleApplication1/SQLConnection.cs" },

        // Dutchua/CompanyEventManager@626e9b420f09 Utility/DatabaseConnect.cs and Tests/TestDBConnect.cs (rand32): a test
        // reads the state after the holder's closer; a per-use connection would still be open there.
        new(NoFixReason.StateReadAfterClose, ConnectionFactory, Usings + """
            using Npgsql;

            public static class DatabaseConnect
            {
                public static NpgsqlConnection Connection;

                public static void Connect()
                {
                    Connection = new NpgsqlConnection("Host=db;Database=events");
                    Connection.Open();
                }

                public static void Disconnect()
                {
                    Connection.Close();
                }
            }

            public static class AttendeeQuery
            {
                public static int Count()
                {
                    using (var command = new NpgsqlCommand("SELECT COUNT(*) FROM attendee", DatabaseConnect.Connection))
                    {
                        return (int)(long)command.ExecuteScalar();
                    }
                }
            }

            public static class ConnectionChecks
            {
                public static void ReportClose()
                {
                    DatabaseConnect.Connect();
                    using (var command = new NpgsqlCommand("SELECT COUNT(*) FROM attendee", DatabaseConnect.Connection))
                    {
                        Console.WriteLine(command.ExecuteScalar());
                    }

                    DatabaseConnect.Disconnect();
                    Console.WriteLine(DatabaseConnect.Connection.State == ConnectionState.Closed ? "closed" : "still open");
                }
            }
            """) { Source = "Dutchua/CompanyEventManager@626e9b420f09 Utility/DatabaseConnect.cs, Tests/TestDBConnect.cs" },

        // RendyMod/PvpArenaV@c9d9c36 SQLHandler.cs (fresh37): the plugin's save starts its insert and drops the task; a
        // per-use connection would be disposed while the insert is still running.
        new(NoFixReason.QueryTaskNotAwaited, DataSource, Usings + """
            using MySqlConnector;

            public class SQLHandler
            {
                public static MySqlConnection _connection = new MySqlConnection("Server=db;Database=varena");

                public void Save(ulong steamId)
                {
                    _connection.Open();
                    var command = new MySqlCommand("INSERT INTO Players (SteamID) VALUES (@SteamID)", _connection);
                    command.Parameters.AddWithValue("@SteamID", steamId);
                    command.ExecuteNonQueryAsync();
                }
            }
            """) { Source = "RendyMod/PvpArenaV@c9d9c36 SQLHandler.cs" },

        new(NoFixReason.TransactionKeptInMember, ReasonCheck.Guard, Usings + """
            using System.Data.Common;
            using MySqlConnector;

            public static class SessionController
            {
                public static DataAccessUtils DAU { get; private set; } = new DataAccessUtils();
            }

            public class DataAccessUtils
            {
                private DbConnection cnn = new MySqlConnection("Server=db;Database=erp");
                private DbTransaction trs = null;

                public DbCommand CreateCommand()
                {
                    var result = cnn.CreateCommand();
                    result.Transaction = trs;
                    return result;
                }

                public void BeginTransaction()
                {
                    cnn.Open();
                    trs = cnn.BeginTransaction();
                }

                public void CommitTransaction()
                {
                    trs.Commit();
                    cnn.Close();
                }
            }
            """) { Source = "sagarpatil1211/MongoDB_DotNetCore: MongoDB_DotNetCore/Infrastructure/Main/DataAccessUtils.cs (the transaction kept in `trs` for the commands of later calls)" },

        // A local copy closed and opened again: under a lease the session would stay open throughout.
        new(NoFixReason.ReopenedAfterClose, ReasonCheck.Guard, Usings + """
            using System.Data.SqlClient;

            public sealed class Importer
            {
                private static Importer Instance { get; } = new Importer();

                private readonly SqlConnection _connection = new SqlConnection("Server=db");

                public void Import()
                {
                    var connection = _connection;
                    connection.Open();
                    connection.Execute("DELETE FROM staging");
                    connection.Close();
                    connection.Open();
                    connection.Execute("INSERT INTO staging SELECT * FROM source");
                    connection.Close();
                }
            }
            """),

        new(NoFixReason.MemberStillNeeded, ConnectionFactory, Usings + """
            using System.Data.SqlClient;

            public static class Database
            {
                private static readonly SqlConnection Connection = new SqlConnection("Server=db");

                public static bool IsConfigured => Connection != null;

                public static int CountOrders() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """),

        // SC0004 (per-use fix): the loop's connection is one of two declared together.
        new(NoFixReason.PerUseUnsupportedDeclaration, ReasonCheck.PerUse, Usings + """
            using System.Linq;
            using MySqlConnector;

            public sealed class CopyWorker : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    MySqlConnection source = new MySqlConnection("Server=a"), target = new MySqlConnection("Server=b");
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        var rows = await source.QueryAsync<int>("SELECT id FROM outbox");
                        await target.ExecuteAsync("INSERT INTO inbox (id) VALUES (@id)", rows.Select(id => new { id }));
                        await Task.Delay(5000, stoppingToken);
                    }
                }
            }
            """) { Member = "source" },

        // SC0004 on minimal-API endpoints: the start-up code sets the session's schema, which each request's own connection would not have.
        new(NoFixReason.UsedOutsidePerUseScope, ReasonCheck.PerUse, Usings + """
            using Microsoft.AspNetCore.Builder;
            using Npgsql;

            public static class OrderEndpoints
            {
                public static void MapOrders(this WebApplication app, string connectionString)
                {
                    var connection = new NpgsqlConnection(connectionString);
                    connection.Open();
                    connection.Execute("SET search_path TO shop");
                    app.MapGet("/orders", () => connection.Query<int>("SELECT id FROM orders"));
                }
            }
            """, Tests.PerUse.MinimalApiEndpointFixTests.AspNetCoreStandIn),

        // SC0004 on minimal-API endpoints: a handler hands back the query's task without awaiting it.
        new(NoFixReason.PerUseReturnsPendingWork, ReasonCheck.PerUse, Usings + """
            using Microsoft.AspNetCore.Builder;
            using MySqlConnector;

            public static class OrderEndpoints
            {
                public static void MapOrders(this WebApplication app, string connectionString)
                {
                    var connection = new MySqlConnection(connectionString);
                    connection.Open();
                    app.MapGet("/orders", () => connection.QueryAsync<int>("SELECT id FROM orders"));
                }
            }
            """, Tests.PerUse.MinimalApiEndpointFixTests.AspNetCoreStandIn),

        // SC0004 on minimal-API endpoints: the connection is closed when the process exits, while requests may still use it.
        new(NoFixReason.ClosedOutsidePerUseScope, ReasonCheck.PerUse, Usings + """
            using Microsoft.AspNetCore.Builder;
            using MySqlConnector;

            public static class OrderEndpoints
            {
                public static void MapOrders(this WebApplication app, string connectionString)
                {
                    var connection = new MySqlConnection(connectionString);
                    connection.Open();
                    AppDomain.CurrentDomain.ProcessExit += (sender, e) => connection.Close();
                    app.MapGet("/orders", () => connection.Query<int>("SELECT id FROM orders"));
                }
            }
            """, Tests.PerUse.MinimalApiEndpointFixTests.AspNetCoreStandIn),

        // SC0004 on minimal-API endpoints: one request sets a user variable that the next request's query reads.
        new(NoFixReason.CallbacksShareSessionState, ReasonCheck.PerUse, Usings + """
            using Microsoft.AspNetCore.Builder;
            using MySqlConnector;

            public static class TenantEndpoints
            {
                public static void MapTenants(this WebApplication app, string connectionString)
                {
                    var connection = new MySqlConnection(connectionString);
                    connection.Open();
                    app.MapPost("/tenant/{id}", (int id) => connection.Execute("SET @tenant = @id", new { id }));
                    app.MapGet("/orders", () => connection.Query<int>("SELECT id FROM orders WHERE tenant = @tenant"));
                }
            }
            """, Tests.PerUse.MinimalApiEndpointFixTests.AspNetCoreStandIn),

        new(NoFixReason.ResolvedFromRootProvider, ConnectionRegistration, Usings + """
            using MySqlConnector;

            public static class Program
            {
                public static void ConfigureServices(IServiceCollection services) =>
                    services.AddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"));

                public static void Migrate(IHost host)
                {
                    var connection = host.Services.GetRequiredService<IDbConnection>();
                    connection.Execute("CREATE TABLE IF NOT EXISTS orders (id INT)");
                }
            }
            """),

        new(NoFixReason.ConsumedByUnregisteredType, ConnectionRegistration, Usings + """
            using MySqlConnector;

            public sealed class ReportJob
            {
                private readonly IDbConnection _connection;

                public ReportJob(IDbConnection connection) => _connection = connection;

                public int Run() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services) =>
                    services.AddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"));

                // Built from the root provider by code the container does not see (a type nothing builds is no consumer).
                public static ReportJob Job(System.IServiceProvider root) => ActivatorUtilities.CreateInstance<ReportJob>(root);
            }
            """),

        new(NoFixReason.SingletonConsumerKeepsState, ConnectionRegistration, Usings + """
            using MySqlConnector;

            public sealed class PriceCache
            {
                private readonly IDbConnection _connection;
                private readonly Dictionary<int, decimal> _prices = new Dictionary<int, decimal>();

                public PriceCache(IDbConnection connection) => _connection = connection;

                public decimal Price(int id)
                {
                    if (!_prices.TryGetValue(id, out var price))
                    {
                        _prices[id] = price = _connection.ExecuteScalar<decimal>("SELECT price FROM items WHERE id = @id", new { id });
                    }

                    return price;
                }
            }

            """ + OrderService + """
            public sealed class ReportService
            {
                private readonly IDbConnection _connection;

                public ReportService(IDbConnection connection) => _connection = connection;

                public int Count() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM reports");
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"));
                    services.AddSingleton<PriceCache>();
                    services.AddScoped<OrderService>();
                    services.AddScoped<ReportService>();
                }
            }
            """),

        new(NoFixReason.ConsumedByHostedService, ConnectionRegistration, Usings + """
            using MySqlConnector;

            """ + MailWorker + ReportService + OrderService + """
            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"));
                    services.AddScoped<ReportService>();
                    services.AddScoped<OrderService>();
                    services.AddHostedService<MailWorker>();
                }
            }
            """),

        new(NoFixReason.RegistrationsInSeveralFiles, ConnectionRegistration, Usings + """
            using MySqlConnector;

            public static class DatabaseRegistration
            {
                public static IServiceCollection AddDatabase(this IServiceCollection services) =>
                    services.AddSingleton<IDbConnection>(_ => new MySqlConnection("Server=db"));
            }
            """, Usings + """
            public sealed class OrderRepository
            {
                private readonly IDbConnection _connection;

                public OrderRepository(IDbConnection connection) => _connection = connection;

                public int Count() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }

            public sealed class OrderService
            {
                private readonly OrderRepository _orders;

                public OrderService(OrderRepository orders) => _orders = orders;

                public int Count() => _orders.Count();
            }

            public static class OrderRegistration
            {
                public static IServiceCollection AddOrders(this IServiceCollection services) =>
                    services.AddSingleton<OrderRepository>().AddScoped<OrderService>();
            }
            """),

        new(NoFixReason.UnsupportedRegistration, ConnectionRegistration, Usings + """
            using Autofac;
            using MySqlConnector;

            """ + OrderService + """
            public sealed class DataModule : Module
            {
                protected override void Load(ContainerBuilder builder)
                {
                    builder.Register(_ => new MySqlConnection("Server=db")).As<IDbConnection>().SingleInstance();
                    builder.RegisterType<OrderService>().InstancePerLifetimeScope();
                }
            }
            """),

        new(NoFixReason.InstanceNotBuiltInPlace, ConnectionRegistration, Usings + """
            using MySqlConnector;

            """ + OrderService + """
            public static class Startup
            {
                public static IServiceCollection AddDatabase(this IServiceCollection services, MySqlConnection connection) =>
                    services.AddSingleton<IDbConnection>(connection).AddScoped<OrderService>();
            }
            """),

        new(NoFixReason.ServiceBuildsItsOwnConnection, ServiceRegistration, Usings + """
            using MySqlConnector;

            public sealed class OrderRepository
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                public int Count() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services) => services.AddSingleton<OrderRepository>();
            }
            """),

        new(NoFixReason.InjectedConnectionNotRegistered, ServiceRegistration, Usings + """
            public sealed class OrderRepository
            {
                private readonly IDbConnection _connection;

                public OrderRepository(IDbConnection connection) => _connection = connection;

                public int Count() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services) => services.AddSingleton<OrderRepository>();
            }
            """),

        new(NoFixReason.CallerPassesNoOwnerMember, OwnerSource, Usings + """
            using MySqlConnector;

            public sealed class Store
            {
                private readonly IDbConnection database;

                public Store(IDbConnection database) => this.database = database;

                public int CountPlayers() => database.ExecuteScalar<int>("SELECT COUNT(*) FROM Players");
            }

            public static class Plugin
            {
                public static Store Players = new Store(new MySqlConnection("Data Source=duels"));
            }
            """) { Source = "UnrealMultiple/TShockPlugin: src/PvPer/PvPer.cs (the caller builds the connection the store copies)", Member = "database" },

        new(NoFixReason.CallersPassDifferentConnections, OwnerSource, Usings + StoreTakingAConnection + """
            public static class Host
            {
                public static IDbConnection Live { get; set; }

                public static IDbConnection Archive { get; set; }
            }

            public static class Plugin
            {
                public static Store Current = new Store(Host.Live);

                public static int CountArchived() => new Store(Host.Archive).CountItems();
            }
            """) { Member = "database" },

        new(NoFixReason.ParameterUsedOtherwise, OwnerSource, Usings + """
            public abstract class Table
            {
                protected Table(IDbConnection connection) => Name = connection.Database;

                public string Name { get; }
            }

            public sealed class Store : Table
            {
                private readonly IDbConnection database;

                public Store(IDbConnection database) : base(database) => this.database = database;

                public int CountItems() => database.ExecuteScalar<int>("SELECT COUNT(*) FROM Items");
            }

            public static class Host
            {
                public static IDbConnection Shared { get; set; }
            }

            public static class Plugin
            {
                public static Store Items = new Store(Host.Shared);
            }
            """) { Member = "database" },

        new(NoFixReason.ConstructedOutsideView, OwnerSource, Usings + StoreTakingAConnection + """
            public static class Host
            {
                public static IDbConnection Shared { get; set; }
            }

            public static class Plugin
            {
                public static Store Items = new Store(Host.Shared);

                public static object Another(IDbConnection connection) => Activator.CreateInstance(typeof(Store), connection);
            }
            """) { Member = "database" },

        // AmateurBoy/TelegramDOGs DAO/UserDAO.cs (fresh39): a start-up connect through the holder's opener whose catch starts
        // the server and retries, here in an async method: the factory's short open there would block, so it declines.
        new(NoFixReason.HandledOpenerCall, ReasonCheck.ConnectionFactory, Usings + """
            using MySql.Data.MySqlClient;

            public static class DataBase
            {
                public static MySqlConnection Connector = new MySqlConnection("server=localhost");

                public static void OpenConnection()
                {
                    if (Connector.State == ConnectionState.Closed)
                        Connector.Open();
                }

                public static MySqlConnection GetConnection() => Connector;
            }

            public class UserDao
            {
                public async Task ConnectAsync()
                {
                    try
                    {
                        DataBase.OpenConnection();
                    }
                    catch
                    {
                        Console.WriteLine("connect failed: starting the server, retrying in 20 s");
                        await Task.Delay(20000);
                        DataBase.OpenConnection();
                    }
                }

                public object Count()
                {
                    using var command = new MySqlCommand("SELECT COUNT(*) FROM users", DataBase.GetConnection());
                    return command.ExecuteScalar();
                }
            }
            """),

        // A project pinned to C# 7.3 on .NET 8: the data source's async scope would need `await using` (C# 8).
        new(NoFixReason.AddsCompilerDiagnostics, DataSource, """
            using System.Threading.Tasks;
            using Dapper;
            using MySqlConnector;

            public static class Database
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

                public static async Task<int> CountOrdersAsync()
                {
                    return await Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");
                }
            }
            """) { LanguageVersion = LanguageVersion.CSharp7_3 },

        // The member a finding pointed at is gone by the time the fix runs (renamed in the editor, or by an earlier fix of a Fix All).
        new(NoFixReason.AnalysisFailed, ReasonCheck.Guard, Usings + """
            using MySqlConnector;

            public static class Database
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

                public static int CountOrders() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
            """),
    };
}
