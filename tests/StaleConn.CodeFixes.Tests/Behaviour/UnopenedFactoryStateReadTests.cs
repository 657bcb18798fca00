using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A public member that reports the connection's state, where the factory hands out a new <em>unopened</em> connection
/// (the callers use Dapper, which opens for the call). The old code opened the member once and left it open, so the
/// member said "connected"; the fixed one read a brand-new connection and always said closed (stop 31's behave31
/// review: B1Q's "Connected to Database!" never logged again). Such a read now declines with
/// <c>ConnectionStateObserved</c>, as it does for factories that open; where every open of the member is closed in the
/// same method (the callers open and close around each use), the state read said closed at rest before as well, and the
/// factory is kept.
/// </summary>
/// <remarks>B1Q/CodesDiscordBot@712f993d53ae (field29 set) Database/MySQL.cs, Bot/DiscordServers.cs.</remarks>
public class UnopenedFactoryStateReadTests
{
    private static readonly string[] ConnectionRules = { "SC0001", "SC0002", "SC0005", "SC0007" };

    [Fact]
    public async Task A_connected_property_over_a_member_left_open_declines_the_unopened_factory()
    {
        var (project, member, _, _) = await PlanInputsAsync(LeftOpenHolder);
        Assert.Equal(NoFixReason.ConnectionStateObserved, (await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None)).Reason);
        Assert.NotNull((await GuardPlanner.PlanAsync(project, member, FixMode.Guard, CancellationToken.None)).Reason);
    }

    [Fact]
    public async Task A_connected_property_over_a_member_opened_and_closed_per_use_keeps_the_unopened_factory()
    {
        var (project, member, finding, document) = await PlanInputsAsync(ClosedPerUseHolder);
        Assert.Null((await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None)).Reason);
        var actions = new List<CodeAction>();
        await new GuardWithConnectionGuardCodeFixProvider().RegisterCodeFixesAsync(
            new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
        Assert.Contains(actions, a => GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(a.Title) == GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey);
    }

    /// <summary>
    /// The same per-use holder with a reconnect that closes and then opens again (<c>Close(); ... Open();</c>): the member is
    /// left open at rest after it, so <c>Connected</c> said open where the unopened factory's connection says closed. The
    /// last open or close in the order written decides, as the protocol scan's <c>EndsClosed</c> does; before, any close in
    /// the function counted and the factory was kept.
    /// </summary>
    [Theory]
    [InlineData("Connection.Close();\n            Console.WriteLine(\"Reconnecting\");\n            Connection.Open();", true)]
    [InlineData("Connection.Open();\n            Console.WriteLine(\"Reconnecting\");\n            Connection.Close();", false)]
    public async Task A_reconnect_that_ends_open_declines_the_unopened_factory(string reconnect, bool declines)
    {
        var source = ClosedPerUseHolder.Replace("    public static void Connect()", "    public static void Reconnect()\n        {\n            " + reconnect + "\n        }\n\n    public static void Connect()", StringComparison.Ordinal);
        Assert.Contains("Reconnect()", source, StringComparison.Ordinal);
        var (project, member, _, _) = await PlanInputsAsync(source);
        Assert.Equal(declines ? NoFixReason.ConnectionStateObserved : null, (await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None)).Reason);
    }

    /// <summary>
    /// anhvu2001ct/Excel-to-Form (field28) E2F-Server2/Program.cs: start-up opens the static and logs its state
    /// (<c>Sql.Open(); Console.WriteLine(Sql.State);</c>), then the controllers query it with Dapper. The function that reads
    /// the state opened the connection itself, so a per-use connection opens where the old code did: the factory is kept.
    /// </summary>
    [Fact]
    public async Task A_state_logged_right_after_the_functions_own_open_keeps_the_opening_factory()
    {
        var (project, member, _, _) = await PlanInputsAsync("""
            using System;
            using System.Data.SqlClient;

            public static class Program
            {
                public static SqlConnection Sql { get; private set; } = null!;

                public static void Main()
                {
                    Sql = new SqlConnection("Server=db;Database=e2f");
                    Sql.Open();
                    Console.WriteLine(Sql.State);
                }
            }

            public class ExportController
            {
                public int Count()
                {
                    using var command = new SqlCommand("SELECT COUNT(*) FROM Workbook", Program.Sql);
                    return (int)command.ExecuteScalar();
                }
            }
            """, "Sql");
        Assert.Null((await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None)).Reason);
    }

    /// <summary>
    /// RAHUL1115/hotlmangementhinduja@bb14d4562654 WindowsFormsApplication1/app/login.cs: the form's constructor only reads
    /// <c>Program.con.State</c> to hide its "loading" label, while a background thread connects. Per use, the constructor
    /// opened a connection on the UI thread only to see it open (and threw with the server down): declined. Without that
    /// constructor (every other handler opens on demand and runs its commands) the opening factory is kept.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_constructor_that_only_reads_the_state_declines_the_opening_factory(bool withStateOnlyConstructor)
    {
        var source = withStateOnlyConstructor ? LoginWindow : LoginWindow.Replace(StateOnlyConstructor, string.Empty, StringComparison.Ordinal);
        Assert.Equal(withStateOnlyConstructor, source.Contains("public loginwindow()", StringComparison.Ordinal));
        var (project, member, _, _) = await PlanInputsAsync(source, "con");
        var reason = (await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None)).Reason;
        if (withStateOnlyConstructor)
        {
            Assert.Equal(NoFixReason.ConnectionStateObserved, reason);
        }
        else
        {
            Assert.Null(reason);
        }
    }

    private const string StateOnlyConstructor = """
                public loginwindow()
                {
                    if (Program.con.State == ConnectionState.Open) { Console.WriteLine("loaded"); }
                }

        """;

    private const string LoginWindow = """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        namespace WindowsFormsApplication1
        {
            static class Program
            {
                public static SqlConnection con = new SqlConnection("Data Source=.;Initial Catalog=hotel;Integrated Security=True");
            }

            public class loginwindow
            {
                public loginwindow()
                {
                    if (Program.con.State == ConnectionState.Open) { Console.WriteLine("loaded"); }
                }

                public bool Login(string id, string password)
                {
                    if (Program.con.State == ConnectionState.Closed)
                        Program.con.Open();
                    SqlCommand cmd = new SqlCommand("select password from login where id=@id", Program.con);
                    cmd.Parameters.AddWithValue("@id", id);
                    return (string)cmd.ExecuteScalar() == password;
                }
            }
        }
        """;

    private static async Task<(Project Project, ISymbol Member, Diagnostic Finding, Document Document)> PlanInputsAsync(string source, string reported = "_connection")
    {
        var project = SnippetProject.Create(new[] { source }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation),
            d => ConnectionRules.Contains(d.Id) && d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == reported);
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var member = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Single().Resolve(compilation)!;
        return (project, member, finding, document);
    }

    /// <summary>B1Q/CodesDiscordBot Database/MySQL.cs and Bot/DiscordServers.cs, in one file.</summary>
    private const string LeftOpenHolder = """
        using System;
        using System.Data;
        using System.Linq;
        using Dapper;
        using MySql.Data.MySqlClient;

        public class MySQL
        {
            public static bool Connected => Connection != null && Connection.State == ConnectionState.Open;

            public static MySqlConnection Connection => _connection;

            private static MySqlConnection _connection;

            public static async void Connect()
            {
                if (Connected) return;

                var builder = new MySqlConnectionStringBuilder
                {
                    Server = "localhost",
                    UserID = "bot",
                    Password = "secret",
                    Database = "bot",
                };

                _connection = new MySqlConnection(builder.ConnectionString);
                await Connection.OpenAsync();

                if (Connected)
                    Console.WriteLine("Connected to Database!");
            }
        }

        public static class DiscordServers
        {
            public static int Count() => MySQL.Connection.Query<int>("select count(*) from servers").Single();
        }
        """;

    /// <summary>The same holder whose only opener closes the member again (a check at start-up): at rest it said closed before too.</summary>
    private const string ClosedPerUseHolder = """
        using System;
        using System.Data;
        using System.Linq;
        using Dapper;
        using MySql.Data.MySqlClient;

        public class MySQL
        {
            public static bool Connected => Connection.State == ConnectionState.Open;

            public static MySqlConnection Connection => _connection;

            private static MySqlConnection _connection;

            public static void Connect()
            {
                _connection = new MySqlConnection("Server=localhost;Database=bot;User ID=bot;Password=secret");
                Connection.Open();
                Console.WriteLine(Connected ? "Connected to Database!" : "No database");
                Connection.Close();
            }
        }

        public static class DiscordServers
        {
            public static int Count() => MySQL.Connection.Query<int>("select count(*) from servers").Single();
        }
        """;
}
