using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The StackOverflow <c>DBConnection</c> singleton whose connection is an auto-property that <c>IsConnected()</c>
/// builds when it is still null (shendongnian/code: code5/872531-21618283-14.cs, the answer to question 21618015;
/// LeeCombs/FF2_Monster_Sim FF2_Monster_Sim/DBConnection.cs; thalukanyomulaudzi/Golden_Connect Design370/DBConnection.cs;
/// JayPaulinCodes/cst8333ProjectByJacobPaulin PersistenceLayer/Managers/DbManager.cs). With the guard the member is the
/// guard, built where the connection was: a caller's lease must be taken after its <c>IsConnected()</c> call, or it
/// takes it from a guard not built yet (a NullReferenceException on the first call, which compiles where nullable
/// annotations are off).
/// </summary>
public class LazyBuiltGuardFixTests
{
    private const string GuardKey = GuardWithConnectionGuardCodeFixProvider.EquivalenceKey;

    private const string Holder = """
        using System;
        using MySql.Data.MySqlClient;

        namespace FF2_Monster_Sim
        {
            public class DBConnection
            {
                private DBConnection()
                {
                }

                public string DatabaseName = String.Empty;
                public MySqlConnection {|SC0002:Connection|} { get; private set; } = null;

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
        }
        """;

    /// <summary>The caller of the answer's usage: the connection is used only inside <c>if (db.IsConnected()) { ... }</c>.</summary>
    [Fact]
    public Task The_lease_is_taken_inside_the_if_after_IsConnected_builds_the_guard() => Verify.VerifyAsync(
        new[]
        {
            Holder,
            """
            using MySql.Data.MySqlClient;

            namespace FF2_Monster_Sim
            {
                public static class MonsterManager
                {
                    public static int CountMonsters()
                    {
                        var db = DBConnection.Instance();
                        db.DatabaseName = "ff2_monsters";
                        if (db.IsConnected())
                        {
                            var cmd = new MySqlCommand("SELECT COUNT(*) FROM monsters", db.Connection);
                            return System.Convert.ToInt32(cmd.ExecuteScalar());
                        }

                        return 0;
                    }
                }
            }
            """,
        },
        new[]
        {
            """
            using System;
            using MySql.Data.MySqlClient;
            using StaleConn;

            namespace FF2_Monster_Sim
            {
                public class DBConnection
                {
                    private DBConnection()
                    {
                    }

                    public string DatabaseName = String.Empty;
                    public ConnectionGuard<MySqlConnection> Connection { get; private set; } = null;

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
                            Connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connstring));
                        }

                        return true;
                    }
                }
            }
            """,
            """
            using MySql.Data.MySqlClient;

            namespace FF2_Monster_Sim
            {
                public static class MonsterManager
                {
                    public static int CountMonsters()
                    {
                        var db = DBConnection.Instance();
                        db.DatabaseName = "ff2_monsters";
                        if (db.IsConnected())
                        {
                            using var lease = db.Connection.Acquire();
                            var cmd = new MySqlCommand("SELECT COUNT(*) FROM monsters", lease.Connection);
                            return System.Convert.ToInt32(cmd.ExecuteScalar());
                        }

                        return 0;
                    }
                }
            }
            """,
        },
        equivalenceKey: GuardKey);

    /// <summary>
    /// JayPaulinCodes/cst8333ProjectByJacobPaulin@HEAD, cst8333ApplicationByJacobPaulin/PersistenceLayer/Managers/DbManager.cs
    /// and PersistenceLayer/Daos/VegetableRecordDaoImpl.cs (its <c>ReadAll()</c>, the record written as a string, nullable annotations as there):
    /// <c>Close()</c> closes the member and sets it to null, and every DAO method calls it inside its <c>if
    /// (dbManager.IsConnected())</c>, before the <c>return results;</c> that keeps the lease open to the end. With the guard that <c>Close()</c> closes the guard inside the caller's own lease,
    /// which waits for that lease (it throws). The guard used to be offered first here and to change nothing when
    /// applied (its lease before <c>IsConnected()</c> broke the DAO file); now it declines, and whatever the lightbulb
    /// offers first changes the code.
    /// </summary>
    [Fact]
    public async Task A_close_the_unit_calls_through_the_holder_inside_its_lease_declines_the_guard()
    {
        var project = SnippetProject.Create(new[] { JayPaulinSources.Manager, JayPaulinSources.Dao });
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation), d => d.Id == "SC0002");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var target = Assert.Single(await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None));

        var guard = await GuardPlanner.PlanAsync(project, target.Resolve(compilation)!, FixMode.Guard, CancellationToken.None);
        Assert.Equal(NoFixReason.DisposedWhileLeased, guard.Reason);

        var actions = new List<CodeAction>();
        await new GuardWithConnectionGuardCodeFixProvider().RegisterCodeFixesAsync(
            new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
        Assert.DoesNotContain(actions, a => GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(a.Title) == GuardKey);
        if (actions.Count > 0)
        {
            var applied = (await actions[0].GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
            Assert.NotEmpty(applied.GetChanges(project.Solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true)));
        }
    }

    /// <summary>
    /// The same holder without the <c>Close()</c> in the unit: the guard is built in <c>IsConnected()</c> and each lease
    /// taken inside the <c>if</c>, so the first call no longer reads a guard that is still null.
    /// </summary>
    [Fact]
    public async Task Without_the_close_in_the_unit_the_guard_builds_and_each_lease_follows_IsConnected()
    {
        var project = SnippetProject.Create(new[] { JayPaulinSources.Manager, JayPaulinSources.Dao.Replace("dbManager.Close();", string.Empty, StringComparison.Ordinal) });
        var compilation = (await project.GetCompilationAsync())!;
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation), d => d.Id == "SC0002");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var target = Assert.Single(await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None));

        var guard = await GuardPlanner.PlanAsync(project, target.Resolve(compilation)!, FixMode.Guard, CancellationToken.None);
        Assert.Null(guard.Reason);
        var rewritten = await ConnectionGuardFix.ApplyAsync(project.Solution, guard.Plans!, unpolished: false, CancellationToken.None);
        var dao = (await rewritten.GetDocument(project.Documents.ElementAt(1).Id)!.GetTextAsync()).ToString();
        var check = dao.IndexOf("if (dbManager.IsConnected())", StringComparison.Ordinal);
        var lease = dao.IndexOf("dbManager.Connection.Acquire()", StringComparison.Ordinal);
        Assert.True(check >= 0 && lease > check, dao);
    }
}
