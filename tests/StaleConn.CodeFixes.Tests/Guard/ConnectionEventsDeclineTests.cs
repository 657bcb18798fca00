using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A handler added to the held connection's own events (<c>StateChange</c>, <c>InfoMessage</c>) is bound to that one
/// object. Before, the fixes rewrote <c>_connection.StateChange += h</c> to the lease's or the per-use connection: it
/// compiled, and the handler (a status label, a log line, a reconnect) silently stopped hearing from the replacement or
/// the next unit's connection. Every fix now declines with <see cref="NoFixReason.ConnectionEventsSubscribed"/>; the
/// same holders without the subscription still get their fix, so the subscription is what declines them.
/// </summary>
public class ConnectionEventsDeclineTests
{
    private static readonly string[] ConnectionRules = { "SC0001", "SC0002", "SC0005", "SC0007" };

    private const string Subscription = "/*subscription*/";

    /// <summary>
    /// Carrak/TeaBot@f0fbce40 TeaBot/Services/DatabaseService.cs (field24): the bot opens its Npgsql connection once and
    /// subscribes <c>StateChange</c> with a handler that closes and reopens it whenever it is not open.
    /// </summary>
    private const string TeaBotDatabase = """
        using System.Data;
        using System.Threading.Tasks;
        using Npgsql;

        public static class DatabaseService
        {
            private static NpgsqlConnection Connection { get; set; }

            public static async Task InitAsync(string connectionString)
            {
                Connection = new NpgsqlConnection(connectionString);
                await Connection.OpenAsync();
                /*subscription*/Connection.StateChange += ConnectionStateChanged;
            }

            private static void ConnectionStateChanged(object sender, StateChangeEventArgs e)
            {
                System.Console.WriteLine("Database: " + e.CurrentState);
            }

            public static async Task<object> PrefixAsync(long guildId)
            {
                await using var cmd = new NpgsqlCommand("SELECT prefix FROM guilds WHERE id = @id", Connection);
                cmd.Parameters.AddWithValue("id", guildId);
                return await cmd.ExecuteScalarAsync();
            }
        }
        """;

    /// <summary>
    /// TimothyJH/HeinzBOTtle@02f6bb44 HeinzBOTtle/Program.cs and Statics/HBClients.cs (wild30): a Discord bot's static
    /// MySqlConnector connection whose <c>InfoMessage</c> and <c>StateChange</c> go to the bot's log. Also the CasparCG
    /// playout form in the public code index (file 2052129719, repository not named by the index): <c>_connection.StateChange
    /// += connectionStateChange;</c> before <c>Open()</c>, the handler colouring a "DB connected" status label.
    /// </summary>
    private const string HeinzBotClients = """
        using System.Data;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class BotDatabase
        {
            private static readonly MySqlConnection DatabaseConnection = new MySqlConnection("Server=db;Database=bot;User ID=bot;Password=pw");

            public static async Task StartAsync()
            {
                /*subscription*/DatabaseConnection.StateChange += OnStateChange;
                await DatabaseConnection.OpenAsync();
            }

            private static void OnStateChange(object sender, StateChangeEventArgs e) => System.Console.WriteLine("MySQL: " + e.CurrentState);

            public static async Task<object> MemberCountAsync()
            {
                using var command = new MySqlCommand("SELECT COUNT(*) FROM members", DatabaseConnection);
                return await command.ExecuteScalarAsync();
            }
        }
        """;

    /// <summary>
    /// The SqlExport tool's MsSql <c>CommandAdapter</c> in the public code index (file 19959176828, repository not named by
    /// the index): <c>_connection.InfoMessage += this.OnInfoMessage;</c> then <c>Open()</c> in the constructor; the
    /// server's PRINT output reaches the user only through that handler. A DAL class there (file 34150789337) subscribes
    /// <c>StateChange</c> to rebuild the connection when it breaks.
    /// </summary>
    private const string ScriptRunner = """
        using System.Data.SqlClient;

        public sealed class ScriptRunner
        {
            public static readonly ScriptRunner Shared = new ScriptRunner("Server=db;Database=app;Integrated Security=true");

            private readonly SqlConnection _connection;

            public ScriptRunner(string connectionString)
            {
                _connection = new SqlConnection(connectionString);
                /*subscription*/_connection.InfoMessage += OnInfoMessage;
                _connection.Open();
            }

            private void OnInfoMessage(object sender, SqlInfoMessageEventArgs e) => System.Console.WriteLine(e.Message);

            public int Run(string sql)
            {
                using var command = new SqlCommand(sql, _connection);
                return command.ExecuteNonQuery();
            }
        }
        """;

    public static TheoryData<string, string> Shapes() => new()
    {
        { nameof(TeaBotDatabase), "Connection" },
        { nameof(HeinzBotClients), "DatabaseConnection" },
        { nameof(ScriptRunner), "_connection" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task A_connection_whose_events_are_subscribed_gets_no_fix(string shape, string member)
    {
        var (project, symbol, document, finding) = await PlanInputsAsync(SourceOf(shape), member);
        foreach (var mode in new[] { FixMode.Guard, FixMode.ConnectionFactory })
        {
            Assert.Equal(NoFixReason.ConnectionEventsSubscribed, (await GuardPlanner.PlanAsync(project, symbol, mode, CancellationToken.None)).Reason);
        }

        var dataSource = (await GuardPlanner.PlanAsync(project, symbol, FixMode.DataSource, CancellationToken.None)).Reason;
        Assert.Contains(dataSource, new NoFixReason?[] { NoFixReason.ConnectionEventsSubscribed, NoFixReason.NoDataSourceForProvider });
        Assert.Empty(await ActionsAsync(document, finding));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task The_same_holder_without_the_subscription_gets_a_fix(string shape, string member)
    {
        var source = SourceOf(shape);
        var withoutSubscription = string.Join('\n', source.Split('\n').Where(line => !line.Contains(Subscription, StringComparison.Ordinal)));
        var (project, symbol, document, finding) = await PlanInputsAsync(withoutSubscription, member);
        var reasons = new List<NoFixReason?>();
        foreach (var mode in new[] { FixMode.Guard, FixMode.ConnectionFactory })
        {
            reasons.Add((await GuardPlanner.PlanAsync(project, symbol, mode, CancellationToken.None)).Reason);
        }

        Assert.Contains(null, reasons);
        Assert.NotEmpty(await ActionsAsync(document, finding));
    }

    private static string SourceOf(string shape) => shape switch
    {
        nameof(TeaBotDatabase) => TeaBotDatabase,
        nameof(HeinzBotClients) => HeinzBotClients,
        _ => ScriptRunner,
    };

    /// <summary>The snippet's project, the finding on <paramref name="member"/>, its document and the member it targets.</summary>
    internal static async Task<(Project Project, ISymbol Member, Document Document, Diagnostic Finding)> PlanInputsAsync(string source, string member)
    {
        var project = SnippetProject.Create(new[] { source }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var findings = (await HolderShapeCorpusTests.FindingsAsync(project, compilation))
            .Where(d => ConnectionRules.Contains(d.Id) && d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == member)
            .ToList();
        var finding = Assert.Single(findings);
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var symbol = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Single().Resolve(compilation)!;
        return (project, symbol, document, finding);
    }

    private static async Task<List<CodeAction>> ActionsAsync(Document document, Diagnostic finding)
    {
        var actions = new List<CodeAction>();
        await new GuardWithConnectionGuardCodeFixProvider().RegisterCodeFixesAsync(
            new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }
}
