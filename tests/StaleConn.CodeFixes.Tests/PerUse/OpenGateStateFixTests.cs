using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A public member that returns the connection's state (<c>IsClosed</c>, <c>IsOpen</c>, <c>IsConnected()</c>) keeps the
/// fix when every caller in the solution only gates an opener the fix empties (<c>if (x.IsClosed) x.Open();</c>): the
/// member then always says open and the opener does nothing, so no gate changes what runs. Any other caller (an early
/// <c>return</c>, an <c>else</c>, an opener that does more than open) keeps <c>ConnectionStateObserved</c>.
/// </summary>
public class OpenGateStateFixTests
{
    private static readonly string[] ConnectionRules = { "SC0001", "SC0002", "SC0005", "SC0007" };

    /// <summary>
    /// NotAloneAgain/Marine (f15 set) Marine.MySQL/API/Tables/Table.cs and API/MySqlManager.cs: each table keeps its
    /// connection; a static manager's accessors reopen it with <c>if (_levels.IsClosed) _levels.Open();</c>, and the
    /// public <c>IsClosed</c> is read nowhere else. The finding is on the static field; the fix guards the table's
    /// connection: <c>Open()</c> becomes empty, <c>IsClosed</c> reads the lease's (open) connection, the gates stay.
    /// </summary>
    [Fact]
    public async Task A_public_is_closed_read_only_as_a_gate_before_the_tables_open_gets_the_guard()
    {
        var project = SnippetProject.Create(new[] { MarineTable, MarineLevels, MarineManager }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document) = await FindingAsync(project, compilation, "_levels");
        var actions = await ActionsAsync(document, finding);
        Assert.NotEmpty(actions);
        Assert.Equal(GuardWithConnectionGuardCodeFixProvider.EquivalenceKey, GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(actions[0].Title));

        var changed = await ApplyAsync(actions[0]);
        var after = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(SnippetProject.CompilerProblems(after).Except(SnippetProject.CompilerProblems(compilation)));
        Assert.DoesNotContain(await HolderShapeCorpusTests.FindingsAsync(changed.GetProject(project.Id)!, after), d => ConnectionRules.Contains(d.Id));
        var table = await TextOfAsync(changed, project, "File0.cs");
        Assert.Matches(@"public void Open\(\)\s*\{\s*\}", table);
        Assert.Contains("lease.Connection.State is not ConnectionState.Open", table, StringComparison.Ordinal);
        Assert.Contains("if (_levels.IsClosed)", await TextOfAsync(changed, project, "File2.cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// OptimusPi/BalatroSeedOracle src/Services/DuckDB/DesktopDuckDBConnection.cs (DuckDB there; SqlClient here): a
    /// public <c>IsOpen</c> read only by the class's own <c>EnsureOpen()</c> as <c>if (!IsOpen) _connection.Open();</c>.
    /// The fix removes that <c>Open</c>, so the gate is empty whatever <c>IsOpen</c> says.
    /// </summary>
    [Fact]
    public async Task A_public_is_open_read_only_by_the_holders_ensure_open_keeps_the_fix()
    {
        var project = SnippetProject.Create(new[] { EnsureOpenHolder }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document) = await FindingAsync(project, compilation, "_connection");
        var actions = await ActionsAsync(document, finding);
        var member = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Single().Resolve(compilation)!;
        Assert.Null((await GuardPlanner.PlanAsync(project, member, FixMode.Guard, CancellationToken.None)).Reason);
        Assert.NotEmpty(actions);

        var changed = await ApplyAsync(actions[0]);
        var after = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(SnippetProject.CompilerProblems(after).Except(SnippetProject.CompilerProblems(compilation)));
        Assert.DoesNotContain(await HolderShapeCorpusTests.FindingsAsync(changed.GetProject(project.Id)!, after), d => ConnectionRules.Contains(d.Id));
        Assert.DoesNotContain("_connection.Open()", await TextOfAsync(changed, project, "File0.cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The gates that must keep the decline. NotBela/LoungeSaber LoungeSaber-Server SQL/Database.cs: <c>Start()</c> returns
    /// early <c>if (IsOpen)</c> and otherwise creates the tables — with an always-open connection it would never create
    /// them. A gate with an <c>else</c> (MadsDomino/DAJM-master's "already logged in" message) changes what runs too, and
    /// so does, under the guard, an opener that also logs (the guard keeps the log line, so the gate still decides it).
    /// The factory already drops such an opener whole with its log line, and the gated call with it.
    /// </summary>
    [Theory]
    [InlineData(EarlyReturnGate, "Scores", true)]
    [InlineData(ElseGate, "Current", true)]
    [InlineData(LoggingOpenerGate, "Current", false)]
    public async Task A_state_member_read_other_than_as_a_gate_before_an_emptied_opener_still_declines(string holder, string reported, bool factoryDeclines)
    {
        var project = SnippetProject.Create(new[] { holder }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document) = await FindingAsync(project, compilation, reported);
        var member = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Single().Resolve(compilation)!;
        Assert.Equal(NoFixReason.ConnectionStateObserved, (await GuardPlanner.PlanAsync(project, member, FixMode.Guard, CancellationToken.None)).Reason);
        var factoryReason = (await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None)).Reason;
        var actions = (await ActionsAsync(document, finding)).Select(a => GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(a.Title)).ToList();
        Assert.DoesNotContain(GuardWithConnectionGuardCodeFixProvider.EquivalenceKey, actions);
        if (factoryDeclines)
        {
            Assert.Equal(NoFixReason.ConnectionStateObserved, factoryReason);
            Assert.Empty(actions);
        }
        else
        {
            // The factory removes an opener helper with its log line (ConnectionProtocol's logging receivers), and the gated call with it.
            Assert.Null(factoryReason);
        }
    }

    /// <summary>
    /// The gate calls a virtual <c>Open()</c> (Marine's table, made virtual; the call binds to the base's): a table derived
    /// further that overrides it to do more than open (a log line) would run that whenever the gate saw the connection
    /// closed, and never once the fix says open — declined. An override that only opens is emptied like the base, so the gate changes nothing either way.
    /// </summary>
    [Theory]
    [InlineData(OverrideThatLogs, false)]
    [InlineData(OverrideThatOnlyOpens, true)]
    public async Task A_gate_before_a_virtual_opener_counts_what_every_override_does(string levelsOverride, bool fixes)
    {
        var table = MarineTable.Replace("public void Open()", "public virtual void Open()", StringComparison.Ordinal);
        var project = SnippetProject.Create(new[] { table, MarineLevels, MarineManager, levelsOverride }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document) = await FindingAsync(project, compilation, "_levels");
        var member = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Single().Resolve(compilation)!;
        var reason = (await GuardPlanner.PlanAsync(project, member, FixMode.Guard, CancellationToken.None)).Reason;
        Assert.Equal(fixes ? null : NoFixReason.ConnectionStateObserved, reason);
    }

    private const string OverrideThatLogs = """
        namespace Marine.MySQL.API.Tables
        {
            public class LoggedLevelsTable : LevelsTable
            {
                public LoggedLevelsTable(string connection) : base(connection)
                {
                }

                public override void Open()
                {
                    _connection.Open();
                    System.Console.WriteLine("levels table open");
                }
            }
        }
        """;

    private const string OverrideThatOnlyOpens = """
        namespace Marine.MySQL.API.Tables
        {
            public class LoggedLevelsTable : LevelsTable
            {
                public LoggedLevelsTable(string connection) : base(connection)
                {
                }

                public override void Open()
                {
                    _connection.Open();
                }
            }
        }
        """;

    /// <summary>
    /// The other side of the rule: a state read that no member hands out — a private method that only logs it — keeps
    /// the fix (docs/code-fixes.md "The connection's state as program state"; the log line then says open).
    /// </summary>
    [Fact]
    public async Task A_private_method_that_only_logs_the_state_keeps_the_fix()
    {
        var project = SnippetProject.Create(new[] { PrivateStateLog }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document) = await FindingAsync(project, compilation, "Current");
        var member = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Single().Resolve(compilation)!;
        Assert.Null((await GuardPlanner.PlanAsync(project, member, FixMode.Guard, CancellationToken.None)).Reason);
    }

    private const string PrivateStateLog = """
        using System;
        using System.Data.SqlClient;

        public static class Program
        {
            public static readonly Session Current = new Session();
        }

        public sealed class Session
        {
            private readonly SqlConnection _connection = new SqlConnection("Server=db");

            private void LogState()
            {
                Console.WriteLine("Connection: " + _connection.State);
            }

            public int Count()
            {
                _connection.Open();
                LogState();
                using var command = new SqlCommand("SELECT COUNT(*) FROM students", _connection);
                var count = (int)command.ExecuteScalar();
                _connection.Close();
                return count;
            }
        }
        """;

    private const string MarineTable = """
        using MySql.Data.MySqlClient;
        using System.Data;

        namespace Marine.MySQL.API.Tables
        {
            public abstract class Table<TKey, TClass> where TClass : class
            {
                private protected readonly MySqlConnection _connection;

                public Table(string conn) => _connection = new(conn);

                public abstract string Name { get; }

                public bool IsClosed => _connection.State is not ConnectionState.Open and not ConnectionState.Connecting;

                public void Open()
                {
                    _connection.Open();
                }

                public virtual void Create()
                {
                    MySqlCommand command = new()
                    {
                        Connection = _connection,
                        CommandText = $"CREATE TABLE IF NOT EXISTS {Name} (user_id VARCHAR(64) NOT NULL);"
                    };

                    _ = command.ExecuteNonQuery();
                }

                public abstract TClass Select(TKey key);
            }
        }
        """;

    private const string MarineLevels = """
        using MySql.Data.MySqlClient;

        namespace Marine.MySQL.API.Tables
        {
            public class LevelsTable : Table<string, string>
            {
                public LevelsTable(string connection) : base(connection)
                {
                }

                public override string Name { get; } = "levels";

                public override string Select(string key)
                {
                    MySqlCommand command = new()
                    {
                        Connection = _connection,
                        CommandText = $"SELECT level FROM {Name} WHERE user_id='{key}';"
                    };

                    return command.ExecuteScalar()?.ToString() ?? "";
                }
            }
        }
        """;

    private const string MarineManager = """
        using Marine.MySQL.API.Tables;

        namespace Marine.MySQL.API
        {
            public static class MySqlManager
            {
                private static LevelsTable _levels = null!;

                public static LevelsTable Levels
                {
                    get
                    {
                        if (_levels.IsClosed)
                        {
                            _levels.Open();
                        }

                        return _levels;
                    }
                }

                public static void Init(string connScp)
                {
                    _levels = new(connScp);
                    _levels.Open();
                    _levels.Create();
                }
            }
        }
        """;

    private const string EnsureOpenHolder = """
        using System.Data;
        using System.Data.SqlClient;
        using System.Threading.Tasks;

        public sealed class DesktopConnection
        {
            public static DesktopConnection Shared { get; } = new DesktopConnection("Server=db");

            private readonly SqlConnection _connection;

            private DesktopConnection(string connectionString)
            {
                _connection = new SqlConnection(connectionString);
            }

            public bool IsOpen => _connection.State == ConnectionState.Open;

            private void EnsureOpen()
            {
                if (!IsOpen)
                    _connection.Open();
            }

            public async Task ExecuteNonQueryAsync(string sql)
            {
                EnsureOpen();
                using var cmd = _connection.CreateCommand();
                cmd.CommandText = sql;
                await cmd.ExecuteNonQueryAsync();
            }
        }
        """;

    private const string EarlyReturnGate = """
        using System.Data;
        using System.Data.SqlClient;

        public static class Program
        {
            public static readonly ScoresDatabase Scores = new ScoresDatabase();
        }

        public sealed class ScoresDatabase
        {
            private readonly SqlConnection _connection = new SqlConnection("Server=db");

            public bool IsOpen => _connection.State == ConnectionState.Open;

            public void Start()
            {
                if (IsOpen) return;

                _connection.Open();
                using var command = new SqlCommand("CREATE TABLE scores (id INT)", _connection);
                command.ExecuteNonQuery();
            }
        }
        """;

    private const string ElseGate = """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        public static class Program
        {
            public static readonly Session Current = new Session();

            public static void LogIn()
            {
                if (!Current.IsOpen())
                    Current.Open();
                else
                    Console.WriteLine("Already logged in.");
            }
        }

        public sealed class Session
        {
            private readonly SqlConnection _connection = new SqlConnection("Server=db");

            public bool IsOpen() => _connection.State == ConnectionState.Open;

            public void Open()
            {
                _connection.Open();
            }

            public int Count()
            {
                using var command = new SqlCommand("SELECT COUNT(*) FROM students", _connection);
                return (int)command.ExecuteScalar();
            }
        }
        """;

    private const string LoggingOpenerGate = """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        public static class Program
        {
            public static readonly Session Current = new Session();

            public static void LogIn()
            {
                if (Current.IsClosed)
                    Current.Open();
            }
        }

        public sealed class Session
        {
            private readonly SqlConnection _connection = new SqlConnection("Server=db");

            public bool IsClosed => _connection.State != ConnectionState.Open;

            public void Open()
            {
                _connection.Open();
                Console.WriteLine("Logged in.");
            }

            public int Count()
            {
                using var command = new SqlCommand("SELECT COUNT(*) FROM students", _connection);
                return (int)command.ExecuteScalar();
            }
        }
        """;

    private static async Task<string> TextOfAsync(Solution changed, Project project, string fileName) =>
        (await changed.GetProject(project.Id)!.Documents.Single(d => d.Name == fileName).GetTextAsync()).ToString();

    private static async Task<(Diagnostic Finding, Document Document)> FindingAsync(Project project, Compilation compilation, string member)
    {
        var findings = (await HolderShapeCorpusTests.FindingsAsync(project, compilation))
            .Where(d => ConnectionRules.Contains(d.Id) && d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == member)
            .ToList();
        var finding = Assert.Single(findings);
        return (finding, project.GetDocument(finding.Location.SourceTree)!);
    }

    private static async Task<List<CodeAction>> ActionsAsync(Document document, Diagnostic finding)
    {
        var actions = new List<CodeAction>();
        await new GuardWithConnectionGuardCodeFixProvider().RegisterCodeFixesAsync(
            new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    private static async Task<Solution> ApplyAsync(CodeAction action) =>
        (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
}
