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
/// A unit of work (here: a count, then a check) that closes the held connection and then reads its <c>State</c>. A
/// function that only reads the state declines earlier (<see cref="NoFixReason.ConnectionStateObserved"/>, behave32's
/// RAHUL1115 shape), so each test's function also runs its own command, as a unit of work does. Every fix drops the close (the
/// lease or the per-use connection is given back where the unit ends), so the read would say Open where the old code
/// said Closed: such a unit declines with <see cref="NoFixReason.StateReadAfterClose"/>. A read before the close, or
/// after the unit opened it again, reads what it read before, and the fix stays.
/// </summary>
public class StateReadAfterCloseFixTests
{
    private static readonly string[] ConnectionRules = { "SC0001", "SC0002", "SC0005", "SC0007" };

    /// <summary>
    /// Dutchua/CompanyEventManager@626e9b420f09 (rand32, found by the code search "private static NpgsqlConnection
    /// connection; public static void Connect()"): an ASP.NET Core API whose static <c>DatabaseConnect.Connection</c> is
    /// opened before <c>app.Run()</c> and used by every query class; Tests/TestDBConnect.cs's <c>ClosedConnectionTest</c>
    /// calls <c>Disconnect()</c> and asserts the state is Closed. On main the per-use fix removed the <c>Disconnect()</c>
    /// and left the assertion on the unit's own connection, still open: the test that passed would fail.
    /// </summary>
    [Fact]
    public async Task A_state_read_after_the_holders_closer_declines_the_per_use_fix_and_says_why()
    {
        var project = SnippetProject.Create(new[] { Holder, Queries, ClosedConnectionTest }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document) = await FindingAsync(project, compilation);
        Assert.Empty(await ActionsAsync(document, finding));

        var member = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Single().Resolve(compilation)!;
        Assert.Equal(NoFixReason.StateReadAfterClose, (await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None)).Reason);

        // The guard and the data source decline before, as on main: `Connect()` builds a new connection on every call.
        Assert.Equal(NoFixReason.BuiltOnEveryOpen, (await GuardPlanner.PlanAsync(project, member, FixMode.Guard, CancellationToken.None)).Reason);
    }

    /// <summary>
    /// The same repository's other test, <c>OpenConnectionTest</c>: it reads the state while the connection is open, then
    /// closes it. An open connection per use reads the same, so the per-use fix applies as on main.
    /// </summary>
    [Fact]
    public async Task A_state_read_before_the_close_keeps_the_per_use_fix()
    {
        var project = SnippetProject.Create(new[] { Holder, Queries, OpenConnectionTest }, LanguageVersion.Latest);
        await AssertFixedAsync(project);
    }

    /// <summary>The unit opens the connection again after closing it: the read sees an open connection, as the fix's is.</summary>
    [Fact]
    public async Task A_state_read_after_the_unit_opened_again_keeps_the_per_use_fix()
    {
        var project = SnippetProject.Create(new[] { Holder, Queries, ReopenedTest }, LanguageVersion.Latest);
        await AssertFixedAsync(project);
    }

    private static async Task AssertFixedAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document) = await FindingAsync(project, compilation);
        var actions = await ActionsAsync(document, finding);
        Assert.Equal(GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey, GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(actions[0].Title));

        var changed = (await actions[0].GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var after = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(SnippetProject.CompilerProblems(after).Except(SnippetProject.CompilerProblems(compilation)));
        Assert.DoesNotContain(await HolderShapeCorpusTests.FindingsAsync(changed.GetProject(project.Id)!, after), d => ConnectionRules.Contains(d.Id));
    }

    private static async Task<(Diagnostic Finding, Document Document)> FindingAsync(Project project, Compilation compilation)
    {
        var findings = (await HolderShapeCorpusTests.FindingsAsync(project, compilation))
            .Where(d => ConnectionRules.Contains(d.Id) && d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == "Connection")
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

    private const string Holder = """
        using System;
        using Npgsql;

        namespace CompanyEventManager.Utility
        {
            public static class DatabaseConnect
            {
                public static NpgsqlConnection Connection;

                public static void Connect()
                {
                    try
                    {
                        Connection = new NpgsqlConnection("Host=db;Database=events;Username=app");
                        Connection.Open();
                    }
                    catch (Exception e)
                    {
                        Console.WriteLine(e);
                    }
                }

                public static void Disconnect()
                {
                    try
                    {
                        Connection.Close();
                    }
                    catch (Exception e)
                    {
                        Console.WriteLine(e);
                    }
                }
            }
        }
        """;

    private const string Queries = """
        using Npgsql;
        using CompanyEventManager.Utility;

        namespace CompanyEventManager.Querys
        {
            public static class BucksQuery
            {
                public static int Insert(int attendeeId, int amount)
                {
                    using (NpgsqlCommand command = new NpgsqlCommand("INSERT INTO bucks (attendeeid, amount) VALUES (@a, @b)", DatabaseConnect.Connection))
                    {
                        command.Parameters.AddWithValue("a", attendeeId);
                        command.Parameters.AddWithValue("b", amount);
                        return command.ExecuteNonQuery();
                    }
                }
            }
        }
        """;

    private const string ClosedConnectionTest = """
        using System;
        using Npgsql;
        using CompanyEventManager.Utility;

        namespace CompanyEventManager.Tests
        {
            public class TestDBConnect
            {
                public void ClosedConnectionTest()
                {
                    DatabaseConnect.Connect();
                    using (var command = new NpgsqlCommand("SELECT COUNT(*) FROM bucks", DatabaseConnect.Connection))
                    {
                        command.ExecuteScalar();
                    }
                    Check(DatabaseConnect.Connection.State == System.Data.ConnectionState.Open, "Connection should be open.");
                    DatabaseConnect.Disconnect();
                    Check(DatabaseConnect.Connection.State == System.Data.ConnectionState.Closed, "Connection should be closed.");
                }

                private static void Check(bool condition, string message)
                {
                    if (!condition) throw new InvalidOperationException(message);
                }
            }
        }
        """;

    private const string OpenConnectionTest = """
        using System;
        using Npgsql;
        using CompanyEventManager.Utility;

        namespace CompanyEventManager.Tests
        {
            public class TestDBConnect
            {
                public void OpenConnectionTest()
                {
                    DatabaseConnect.Connect();
                    using (var command = new NpgsqlCommand("SELECT COUNT(*) FROM bucks", DatabaseConnect.Connection))
                    {
                        command.ExecuteScalar();
                    }
                    Check(DatabaseConnect.Connection.State == System.Data.ConnectionState.Open, "Connection should be open.");
                    DatabaseConnect.Disconnect();
                }

                private static void Check(bool condition, string message)
                {
                    if (!condition) throw new InvalidOperationException(message);
                }
            }
        }
        """;

    private const string ReopenedTest = """
        using System;
        using Npgsql;
        using CompanyEventManager.Utility;

        namespace CompanyEventManager.Tests
        {
            public class TestDBConnect
            {
                public void ReconnectTest()
                {
                    DatabaseConnect.Connect();
                    using (var command = new NpgsqlCommand("SELECT COUNT(*) FROM bucks", DatabaseConnect.Connection))
                    {
                        command.ExecuteScalar();
                    }
                    DatabaseConnect.Disconnect();
                    DatabaseConnect.Connect();
                    Check(DatabaseConnect.Connection.State == System.Data.ConnectionState.Open, "Connection should be open again.");
                    DatabaseConnect.Disconnect();
                }

                private static void Check(bool condition, string message)
                {
                    if (!condition) throw new InvalidOperationException(message);
                }
            }
        }
        """;
}
