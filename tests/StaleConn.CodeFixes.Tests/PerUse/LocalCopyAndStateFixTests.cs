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
/// What a fix must do with the code around the held connection that is not a plain use: a local copy opened and closed
/// by each method (<c>SqlConnection connection = SingletonConnection.Instance.Connection; connection.Open(); ...
/// connection.Close();</c>), a helper's <c>Open</c>/<c>Close</c> called as an <c>if</c>'s or a switch section's statement,
/// and a "logged in" check that reads the connection's <c>State</c>. Every action offered must change the code.
/// </summary>
public class LocalCopyAndStateFixTests
{
    private static readonly string[] ConnectionRules = { "SC0001", "SC0002", "SC0005", "SC0007" };

    /// <summary>
    /// ljubomir-matovic/DS_Projekat@677a1ff3a2e9 MG_58_2020/SingletonConnection.cs and ResultService.cs (WinForms; the
    /// service is called from the game form's click handling): each method copies the singleton's connection into a
    /// local, opens it and closes it. The same shape: Online-Store WinForms `Config.Instance.Connection` in a click handler,
    /// InvoiceX's `DBConnection.Instance.Connection` in view models (code search, stop 26). The factory's connection is
    /// open: the copy's <c>Open()</c> goes (opening again would throw), its <c>Close()</c> stays (the unit's own connection,
    /// closed where it was). Under the guard (second), both go: closing the lease's connection is SC0006.
    /// </summary>
    [Fact]
    public async Task A_singletons_connection_copied_into_locals_gets_the_factory_first_and_the_guard_leaves_no_close_on_the_lease()
    {
        var project = SnippetProject.Create(new[] { SingletonHolder, ResultService }, LanguageVersion.CSharp7_3);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document) = await FindingAsync(project, compilation, "Connection");
        var actions = await ActionsAsync(document, finding);
        Assert.Equal(
            new[] { GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey, GuardWithConnectionGuardCodeFixProvider.EquivalenceKey },
            actions.Select(a => GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(a.Title)));

        var perUse = await ResultServiceAfterAsync(project, compilation, actions[0]);
        Assert.DoesNotContain("connection.Open()", perUse, StringComparison.Ordinal);
        Assert.Contains("using (SqlConnection connection = SingletonConnection.Instance.OpenConnection())", perUse, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(perUse, "connection.Close();"));

        var guarded = await ResultServiceAfterAsync(project, compilation, actions[1]);
        Assert.DoesNotContain("connection.Open()", guarded, StringComparison.Ordinal);
        Assert.DoesNotContain("connection.Close()", guarded, StringComparison.Ordinal);
        Assert.Contains("SqlConnection connection = lease.Connection;", guarded, StringComparison.Ordinal);
    }

    /// <summary>
    /// MadsDomino/DAJM-master@4a45db176323 ConsoleApplication1/SQLConnection.cs (LogInd/LogUd/LoggedInd), CommandObject.cs
    /// and ConsoleCommands.cs (minimal form): "logged in" is the held connection's <c>State</c>. A lease's or a per-use
    /// connection is always open, so <c>LoggedInd()</c> would say yes before anyone logged in: no fix is offered (the
    /// per-use action used to be offered and then change nothing), and both planners say why. The same check as a
    /// property: ivan-draga/rAPB@5d5ce417c279 Emulator/MyDB/Database.cs (`Connected =&gt; m_connection.State ==
    /// ConnectionState.Open`).
    /// </summary>
    [Fact]
    public async Task A_logged_in_check_on_the_connections_state_gets_no_fix_and_says_why()
    {
        var project = SnippetProject.Create(new[] { LoginHolder, LoginCommands }, LanguageVersion.CSharp7_3);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document) = await FindingAsync(project, compilation, "SqlCon");
        Assert.Empty(await ActionsAsync(document, finding));

        var member = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Single().Resolve(compilation)!;
        foreach (var mode in new[] { FixMode.Guard, FixMode.ConnectionFactory })
        {
            Assert.Equal(NoFixReason.ConnectionStateObserved, (await GuardPlanner.PlanAsync(project, member, mode, CancellationToken.None)).Reason);
        }
    }

    /// <summary>
    /// The DAJM commands' shape without the state check: the holder's opener and closer are called as an <c>if</c>'s
    /// statement and in a switch section (MadsDomino/DAJM-master@4a45db176323 ConsoleApplication1/ConsoleCommands.cs).
    /// The call cannot simply go from there: it becomes an empty block, and the fix applies (it used to change nothing).
    /// </summary>
    [Fact]
    public async Task An_opener_called_as_an_ifs_statement_or_in_a_switch_section_becomes_an_empty_block()
    {
        var project = SnippetProject.Create(new[] { BracelessCallers }, LanguageVersion.CSharp7_3);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document) = await FindingAsync(project, compilation, "Connection");
        var actions = await ActionsAsync(document, finding);
        Assert.Equal(GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey, GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(actions[0].Title));

        var changed = await ApplyAsync(actions[0]);
        var after = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(SnippetProject.CompilerProblems(after).Except(SnippetProject.CompilerProblems(compilation)));
        var text = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Matches(@"if \(command == ""login""\)\s*\{\s*\}", text);
        Assert.Matches(@"case ""logout"":\s*\{\s*\}\s*break;", text);
        Assert.DoesNotContain("Db.Connect()", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Db.Disconnect()", text, StringComparison.Ordinal);
        Assert.DoesNotContain(await HolderShapeCorpusTests.FindingsAsync(changed.GetProject(project.Id)!, after), d => ConnectionRules.Contains(d.Id));
    }

    /// <summary>
    /// ivan-draga/rAPB@5d5ce417c279 Emulator/MyDB/Database.cs: a private <c>Connected</c> property reads the state only to
    /// gate the holder's own <c>Connect()</c> (<c>if (!Connected) Connect();</c>). With a connection that is always open the
    /// gate simply never opens again: the state leaves no member other code calls, so the fix applies (a public
    /// "logged in" check, above, still declines).
    /// </summary>
    [Fact]
    public async Task A_private_gate_on_the_state_before_the_holders_own_open_keeps_the_fix()
    {
        var project = SnippetProject.Create(new[] { PrivateGateHolder }, LanguageVersion.CSharp7_3);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document) = await FindingAsync(project, compilation, "m_connection");
        var actions = await ActionsAsync(document, finding);
        Assert.NotEmpty(actions);

        var changed = await ApplyAsync(actions[0]);
        var after = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(SnippetProject.CompilerProblems(after).Except(SnippetProject.CompilerProblems(compilation)));
        Assert.DoesNotContain(await HolderShapeCorpusTests.FindingsAsync(changed.GetProject(project.Id)!, after), d => ConnectionRules.Contains(d.Id));
    }

    private const string PrivateGateHolder = """
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace MyDB
        {
            public class Database
            {
                public static readonly Database Instance = new Database("db", "rapb");

                private bool Connected
                {
                    get
                    {
                        return m_connection.State == ConnectionState.Open;
                    }
                }

                private MySqlConnection m_connection;

                public Database(string host, string database)
                {
                    m_connection = new MySqlConnection();
                    m_connection.ConnectionString = String.Format("server={0};database={1};", host, database);
                }

                public void Connect()
                {
                    m_connection.Open();
                }

                public int Count(string table)
                {
                    if (!Connected)
                        Connect();

                    using (var command = new MySqlCommand("SELECT COUNT(*) FROM " + table, m_connection))
                    {
                        return Convert.ToInt32(command.ExecuteScalar());
                    }
                }
            }

        }
        """;

    private const string SingletonHolder = """
        using System.Data.SqlClient;

        namespace MG_58_2020
        {
            public class SingletonConnection
            {
                public SqlConnection Connection { get; private set; }
                private static object _obj = new object();
                private SingletonConnection()
                {
                    Connection = new SqlConnection(@"Data Source=(localdb)\mg;Initial Catalog=mg;Integrated Security=true");
                }

                private static SingletonConnection _instance = null;
                public static SingletonConnection Instance
                {
                    get
                    {
                        lock (_obj)
                        {
                            if (_instance == null)
                                _instance = new SingletonConnection();
                            return _instance;
                        }
                    }
                }
            }
        }
        """;

    private const string ResultService = """
        using System.Collections.Generic;
        using System.Data.SqlClient;

        namespace MG_58_2020
        {
            public class ResultService
            {
                public List<string> GetResults(string podela)
                {
                    SqlConnection connection = SingletonConnection.Instance.Connection;
                    List<string> list = new List<string>();
                    connection.Open();
                    SqlCommand command = new SqlCommand("SELECT ime FROM [dbo].[GET_SCORES](@podela,NULL)", connection);
                    command.Parameters.AddWithValue("@podela", podela);
                    SqlDataReader reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        list.Add(reader["ime"].ToString());
                    }
                    connection.Close();
                    return list;
                }

                public void InsertNewResult(string ime, int brojPoteza)
                {
                    SqlConnection connection = SingletonConnection.Instance.Connection;
                    connection.Open();
                    SqlCommand command = new SqlCommand("INSERT INTO rezlutati(ime,broj_poteza) VALUES(@ime,@brojPoteza)", connection);
                    command.Parameters.AddWithValue("@ime", ime);
                    command.Parameters.AddWithValue("@brojPoteza", brojPoteza);
                    command.ExecuteNonQuery();
                    connection.Close();
                }
            }
        }
        """;

    private const string LoginHolder = """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        namespace ConsoleApplication1
        {
            public class SQLConnection
            {
                private static string connectionstring = "server=db; Database=school; User Id=app; Password=secret;";
                SqlConnection SqlCon = new SqlConnection(connectionstring);

                public void LogInd()
                {
                    try
                    {
                        SqlCon.Open();
                    }
                    catch (SqlException errormessage)
                    {
                        Console.WriteLine("Fejl ved log ind: " + errormessage);
                    }
                }

                public void LogUd()
                {
                    SqlCon.Close();
                }

                public bool LoggedInd()
                {
                    if (SqlCon.State == ConnectionState.Open)
                    {
                        return true;
                    }
                    else
                    {
                        return false;
                    }
                }

                public void TilføjElev(string efternavn)
                {
                    SqlCommand cmd1 = new SqlCommand("TilføjElev", SqlCon);
                    cmd1.CommandType = CommandType.StoredProcedure;
                    cmd1.Parameters.Add(new SqlParameter("ElevEfternavn", efternavn));
                    cmd1.ExecuteNonQuery();
                }
            }
        }
        """;

    private const string LoginCommands = """
        using System;

        namespace ConsoleApplication1
        {
            class Program
            {
                SQLConnection SQLCon = new SQLConnection();

                static void Main(string[] args)
                {
                    new Program().Run();
                }

                private void Run()
                {
                    while (true)
                    {
                        string userInput = Console.ReadLine();
                        if (userInput == "quit")
                        {
                            break;
                        }

                        if (userInput == "logind" && !SQLCon.LoggedInd())
                            SQLCon.LogInd();
                        else if (userInput == "logud" && SQLCon.LoggedInd())
                            SQLCon.LogUd();
                        else if (SQLCon.LoggedInd())
                            SQLCon.TilføjElev(userInput);
                        else
                            Console.WriteLine("Du skal være logged ind");
                    }
                }
            }
        }
        """;

    private const string BracelessCallers = """
        using System;
        using System.Data.SqlClient;

        public static class Db
        {
            private static readonly SqlConnection Connection = new SqlConnection("Server=db;Database=school");

            public static void Connect()
            {
                Connection.Open();
            }

            public static void Disconnect()
            {
                Connection.Close();
            }

            public static int CountStudents()
            {
                using (var command = new SqlCommand("SELECT COUNT(*) FROM students", Connection))
                {
                    return (int)command.ExecuteScalar();
                }
            }
        }

        public class ConsoleCommands
        {
            public void InputReader(string command)
            {
                if (command == "login")
                    Db.Connect();
                switch (command)
                {
                    case "logout":
                        Db.Disconnect();
                        break;
                    case "count":
                        Console.WriteLine(Db.CountStudents());
                        break;
                }
            }
        }
        """;

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static async Task<string> ResultServiceAfterAsync(Project project, Compilation before, CodeAction action)
    {
        var changed = await ApplyAsync(action);
        var after = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(SnippetProject.CompilerProblems(after).Except(SnippetProject.CompilerProblems(before)));
        var left = await HolderShapeCorpusTests.FindingsAsync(changed.GetProject(project.Id)!, after);
        Assert.DoesNotContain(left, d => ConnectionRules.Contains(d.Id) || d.Id == "SC0006");
        var service = changed.GetProject(project.Id)!.Documents.Single(d => d.GetTextAsync().Result.ToString().Contains("class ResultService", StringComparison.Ordinal));
        return (await service.GetTextAsync()).ToString();
    }

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
