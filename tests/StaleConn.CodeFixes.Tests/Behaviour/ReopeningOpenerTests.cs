using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// An opener that reopens a broken connection (<c>if (Closed) Open(); else if (Broken) { Close(); Open(); }</c>) leaves
/// it open. It was read as a connection test (an open followed by a close), so the factory that replaced the member did
/// not open while the opener's calls went with the fix: every command then ran on an unopened connection
/// (<c>IDU</c> always returned false, <c>S</c> threw). The last call on the member decides now: the factory opens.
/// </summary>
/// <remarks>yiyi99/bms@9815f7810083 App_Code/Database/MysqlHelper.cs and MysqlOperate.cs.</remarks>
public class ReopeningOpenerTests
{
    [Fact]
    public async Task An_opener_that_reopens_a_broken_connection_makes_the_factory_open()
    {
        var project = SnippetProject.Create(new[] { Helper, Operate }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation),
            d => d.Id == "SC0001" && d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == "connection");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        await new GuardWithConnectionGuardCodeFixProvider().RegisterCodeFixesAsync(
            new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
        var factory = Assert.Single(actions, a => GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(a.Title) == GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey);
        var changed = (await factory.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var after = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(SnippetProject.CompilerProblems(after).Except(SnippetProject.CompilerProblems(compilation)));

        var helper = (await changed.GetProject(project.Id)!.Documents.Single(d => d.Name == "File0.cs").GetTextAsync()).ToString();
        var operate = (await changed.GetProject(project.Id)!.Documents.Single(d => d.Name == "File1.cs").GetTextAsync()).ToString();
        Assert.DoesNotContain("mh.OpenConnection()", operate, StringComparison.Ordinal);
        Assert.Matches(@"public static MySqlConnection Connection\(\)\s*\{\s*var connection = new MySqlConnection\(constr\);\s*try\s*\{\s*connection\.Open\(\);", helper);
    }

    private const string Helper = """
        using MySql.Data.MySqlClient;
        using System.Data;

        public class MysqlHelper
        {
            private static string constr = "server=localhost;database=bms;uid=bms;pwd=bms";

            private static MySqlConnection connection;

            public static MySqlConnection Connection()
            {
                if (connection == null)
                {
                    connection = new MySqlConnection(constr);
                }
                return connection;
            }

            public void OpenConnection()
            {
                if (connection.State == ConnectionState.Closed)
                {
                    connection.Open();
                }
                else if (connection.State == ConnectionState.Broken)
                {
                    connection.Close();
                    connection.Open();
                }
            }

            public void CloseConnection()
            {
                if (connection.State == ConnectionState.Open || connection.State == ConnectionState.Broken)
                {
                    connection.Close();
                }
            }
        }
        """;

    private const string Operate = """
        using System;
        using MySql.Data.MySqlClient;

        public class MysqlOperate
        {
            public bool IDU(string[] sqls)
            {
                MySqlConnection con = null;
                MysqlHelper mh = null;
                string sql = null;
                try
                {
                    con = MysqlHelper.Connection();
                    mh = new MysqlHelper();
                    mh.OpenConnection();
                    foreach (string s in sqls)
                    {
                        sql += s;
                    }
                    var msc = new MySqlCommand(sql, con);
                    msc.ExecuteNonQuery();
                }
                catch (Exception)
                {
                    return false;
                }
                finally
                {
                    mh.CloseConnection();
                }
                return true;
            }
        }
        """;
}
