using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A <c>StateChange</c> handler that only reconnects the held connection — closes, disposes, rebuilds and reopens it,
/// logging what it did — does by hand what the guard does for every lease (and a connection per use never needs).
/// Until stop 36 every fix declined such holders with <see cref="NoFixReason.ConnectionEventsSubscribed"/>; the fixes
/// now drop the subscription, the handler and the reconnect methods only it called, and keep every other statement.
/// </summary>
public class ReconnectHandlerFixTests
{
    /// <summary>
    /// Carrak/TeaBot@f0fbce40 TeaBot/Services/DatabaseService.cs (field24): the bot opens its Npgsql connection once,
    /// subscribes <c>StateChange</c> last, and its handler closes and reopens the connection whenever it is not open,
    /// then logs "Reopened connection". Written static, as the bot's one service is.
    /// </summary>
    [Fact]
    public Task A_handler_that_closes_reopens_and_logs_goes_with_its_subscription() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using System.Threading.Tasks;
        using Npgsql;

        public static class Logger
        {
            public static void Log(string source, string message) => Console.WriteLine(source + ": " + message);
        }

        public static class DatabaseService
        {
            private static NpgsqlConnection {|SC0001:Connection|} { get; set; }

            public static async Task InitAsync(string connectionString)
            {
                Connection = new NpgsqlConnection(connectionString);
                await Connection.OpenAsync();

                // Register StateChange event
                Connection.StateChange += ConnectionStateChanged;
            }

            /// <summary>Closes and reopens connection in case its state was changed.</summary>
            private static void ConnectionStateChanged(object sender, StateChangeEventArgs e)
            {
                if (e.CurrentState != ConnectionState.Open)
                {
                    Connection.Close();
                    Connection.Open();
                    Logger.Log("Database", "Reopened connection");
                }
            }

            public static async Task<object> PrefixAsync(long guildId)
            {
                await using var cmd = new NpgsqlCommand("SELECT prefix FROM guilds WHERE id = @id", Connection);
                cmd.Parameters.AddWithValue("id", guildId);
                return await cmd.ExecuteScalarAsync();
            }
        }
        """, """
        using System;
        using System.Data;
        using System.Threading.Tasks;
        using Npgsql;

        public static class Logger
        {
            public static void Log(string source, string message) => Console.WriteLine(source + ": " + message);
        }

        public static class DatabaseService
        {
            private static NpgsqlDataSource Connection { get; set; }

            public static async Task InitAsync(string connectionString)
            {
                Connection = NpgsqlDataSource.Create(connectionString);
                await using (await Connection.OpenConnectionAsync()) { }
            }

            public static async Task<object> PrefixAsync(long guildId)
            {
                await using var connection = await Connection.OpenConnectionAsync();
                await using var cmd = new NpgsqlCommand("SELECT prefix FROM guilds WHERE id = @id", connection);
                cmd.Parameters.AddWithValue("id", guildId);
                return await cmd.ExecuteScalarAsync();
            }
        }
        """);

    /// <summary>
    /// GuyInGrey/Forseti ForsetiFramework/Modules/Database.cs (the public code index's copy; fresh35 has the later one
    /// with <c>ForceReconnect()</c>): a Discord bot's static MySQL connection built in the static constructor, whose
    /// handler disposes it, builds a new one and opens it in a <c>try</c> that prints a failure.
    /// </summary>
    [Fact]
    public Task A_handler_that_rebuilds_the_static_in_a_try_goes_with_its_subscription() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        public static class Database
        {
            public static MySqlConnection {|SC0001:Connection|};

            static Database()
            {
                Connection = new MySqlConnection(Environment.GetEnvironmentVariable("FORSETI_DB"));
                Connection.StateChange += Connection_StateChange;
                try { Connection.Open(); }
                catch (Exception e) { Console.WriteLine(e); return; }
            }

            private static void Connection_StateChange(object sender, StateChangeEventArgs e)
            {
                if (e.CurrentState == ConnectionState.Closed || e.CurrentState == ConnectionState.Broken)
                {
                    Connection.Dispose();
                    Connection = new MySqlConnection(Environment.GetEnvironmentVariable("FORSETI_DB"));
                    try { Connection.Open(); }
                    catch (Exception ex) { Console.WriteLine(ex); return; }
                }
            }

            public static int NonQuery(string sql)
            {
                var cmd = new MySqlCommand(sql, Connection);
                return cmd.ExecuteNonQuery();
            }
        }
        """, """
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        public static class Database
        {
            public static MySqlConnection OpenConnection()
            {
                var connection = new MySqlConnection(Environment.GetEnvironmentVariable("FORSETI_DB"));
                try
                {
                    connection.Open();
                    return connection;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }

            static Database()
            {
                try { OpenConnection().Dispose(); }
                catch (Exception e) { Console.WriteLine(e); return; }
            }

            public static int NonQuery(string sql)
            {
                using var connection = OpenConnection();
                var cmd = new MySqlCommand(sql, connection);
                return cmd.ExecuteNonQuery();
            }
        }
        """);

    /// <summary>
    /// A hotel admin panel in the public code index (file 32325537308, Admin_Panel_Hotel/Functions.cs): a public static
    /// MySQL connection and a public static handler that reopens it whenever it closes ("if the connection became closed,
    /// open it"), subscribed by the start-up code; queries fill tables through adapters.
    /// </summary>
    private const string HotelFunctions = """
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        internal class Functions
        {
            private static string ConnectionString = "Data Source=db; Database=hotel; CharSet=utf8";

            public static MySqlConnection Connection = new MySqlConnection(ConnectionString);

            public static void MySQLConnectionStateChange(object sender, StateChangeEventArgs e)
            {
                // If the connection became closed, open it.
                if (e.CurrentState == ConnectionState.Closed)
                    Connection.Open();
            }

            public static DataTable ExecuteSql(string query)
            {
                DataTable table = new DataTable();
                MySqlDataAdapter adapter = new MySqlDataAdapter(query, Connection);
                adapter.Fill(table);
                return table;
            }
        }

        internal static class Program
        {
            private static void Main()
            {
                Functions.Connection.StateChange += Functions.MySQLConnectionStateChange;
                Functions.Connection.Open();
                Console.WriteLine(Functions.ExecuteSql("SELECT * FROM rooms").Rows.Count);
            }
        }
        """;

    /// <summary>
    /// DanilaKalugin/VKR_Test VKR.DAL/DAO.cs (also PersonsSqlDAO, MainEntitiesDAO, MatchDAO and SubscriprionsSQL in the
    /// public code index, files 14852945973, 27913948157, 12202327079, 34389860037): <c>InitConnection()</c> builds,
    /// opens and subscribes; the handler calls <c>InitConnection()</c> again when the connection is broken. The
    /// constructor still calls it, so it stays, without its subscription.
    /// </summary>
    private const string KaluginDao = """
        using System.Data;
        using System.Data.SqlClient;

        public class DAO
        {
            public static readonly DAO Shared = new DAO();

            protected SqlConnection _connection;

            public DAO()
            {
                InitConnection();
            }

            protected void InitConnection()
            {
                _connection = new SqlConnection("Server=db;Database=vkr;Integrated Security=true");
                _connection.Open();
                _connection.StateChange += ConnectionStateChange;
            }

            public void ConnectionStateChange(object sender, StateChangeEventArgs e)
            {
                if (e.CurrentState == ConnectionState.Broken)
                {
                    InitConnection();
                }
            }

            public int CountTeams()
            {
                using (SqlCommand command = new SqlCommand("SELECT COUNT(*) FROM Teams", _connection))
                {
                    return (int)command.ExecuteScalar();
                }
            }
        }
        """;

    /// <summary>
    /// A static <c>SQL</c> helper library in the public code index (file 19087887711, SQLLibrary/SQL.cs): the handler
    /// reopens through <c>checkConnection()</c>, which also raises the helper's own <c>ConnectionBroken</c> event when the
    /// open fails, so the application can ask the user. Dropping the handler would drop that event.
    /// </summary>
    private const string SqlHelperRaisingBroken = """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        public static class SQL
        {
            private static bool isDisposing;
            private static SqlConnection conn = new SqlConnection("Server=db;Database=app;Integrated Security=true");

            public static event Action<SqlException> ConnectionBroken;

            static SQL()
            {
                conn.StateChange += conn_StateChange;
            }

            private static void conn_StateChange(object sender, StateChangeEventArgs e)
            {
                if (!isDisposing && e.CurrentState == ConnectionState.Closed)
                    checkConnection();
            }

            private static void checkConnection()
            {
                if (conn.State != ConnectionState.Open)
                {
                    try
                    {
                        conn.Open();
                    }
                    catch (SqlException ex)
                    {
                        OnConnectionBroken(ex);
                    }
                }
            }

            private static void OnConnectionBroken(SqlException ex) => ConnectionBroken?.Invoke(ex);

            public static int Execute(string sql)
            {
                using var command = new SqlCommand(sql, conn);
                return command.ExecuteNonQuery();
            }
        }
        """;

    public static TheoryData<string, string> FixedShapes() => new()
    {
        { nameof(HotelFunctions), "Connection" },
        { nameof(KaluginDao), "_connection" },
    };

    [Theory]
    [MemberData(nameof(FixedShapes))]
    public async Task A_holder_whose_handler_only_reconnects_gets_a_fix_without_the_handler(string shape, string member)
    {
        var (project, symbol) = await PlanInputsAsync(SourceOf(shape), member);
        var outcome = await GuardPlanner.PlanAsync(project, symbol, FixMode.Guard, CancellationToken.None);
        Assert.Null(outcome.Reason);

        var fixedSolution = await ConnectionGuardFix.ApplyAsync(project.Solution, outcome.Plans!, unpolished: false, CancellationToken.None);
        var fixedCompilation = (await fixedSolution.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(fixedCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var text = string.Concat(fixedCompilation.SyntaxTrees.Select(t => t.ToString()));
        Assert.DoesNotContain("StateChange", text, StringComparison.Ordinal);
        Assert.Contains("ConnectionGuard<", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_that_also_raises_an_event_keeps_the_decline_and_says_so()
    {
        var (project, symbol) = await PlanInputsAsync(SqlHelperRaisingBroken, "conn");
        foreach (var mode in new[] { FixMode.Guard, FixMode.ConnectionFactory })
        {
            Assert.Equal(NoFixReason.ReconnectHandlerDoesMore, (await GuardPlanner.PlanAsync(project, symbol, mode, CancellationToken.None)).Reason);
        }
    }

    private static string SourceOf(string shape) => shape switch
    {
        nameof(HotelFunctions) => HotelFunctions,
        _ => KaluginDao,
    };

    private static async Task<(Project Project, ISymbol Member)> PlanInputsAsync(string source, string member)
    {
        var (project, symbol, _, _) = await ConnectionEventsDeclineTests.PlanInputsAsync(source, member);
        return (project, symbol);
    }
}
