using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A member the fix deletes (a close method, an opener) that a referencing project calls: the fix spans both projects,
/// so the call there goes as it goes in the holder's own project — the per-use connections it would have closed are
/// already disposed at the end of each use.
/// </summary>
public class RemovedMemberUsedElsewhereTests
{
    private const string Usings = """
        using System;
        using System.Data;
        using Dapper;

        """;

    /// <summary>
    /// Danushe4ka/Cursavaya-4sem- (DBObjectsClassLibrary/Utility/DBConnectionManager.cs; TicketManagementUI/LoginWindow.xaml.cs
    /// and MainWindow.xaml.cs call <c>DBConnectionManager.GetInstance.CloseConnection()</c>), reduced to the shape: the
    /// per-use fix dropped the singleton's <c>CloseConnection()</c> and the UI project no longer compiled (CS1061), so it
    /// declined with <c>UsedFromAnotherProject</c> until stop 41; the UI's call now goes with it.
    /// </summary>
    [Fact]
    public async Task A_close_method_another_project_calls_goes_with_its_call_there()
    {
        var (project, targets) = await SnippetProject.HolderFindingAsync(Usings + """
            using MySqlConnector;

            public class DBConnectionManager
            {
                static readonly DBConnectionManager _instance = new DBConnectionManager();
                readonly MySqlConnection _connection;

                DBConnectionManager()
                {
                    _connection = new MySqlConnection("Server=db");
                    _connection.Open();
                }

                public static DBConnectionManager GetInstance { get => _instance; }

                public int CountOrders() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");

                public void CloseConnection()
                {
                    _connection.Close();
                    _connection.Dispose();
                }
            }
            """, LanguageVersion.Latest, new[]
        {
            Usings + """
            public static class LoginWindow
            {
                public static void Exit() => DBConnectionManager.GetInstance.CloseConnection();
            }
            """,
        });

        var (after, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);

        Assert.Empty(notFixed);
        var consumer = after.Projects.Single(p => p.Name == "Consumer");
        var text = (await consumer.Documents.First().GetTextAsync()).ToString();
        Assert.DoesNotContain("CloseConnection", text);
        Assert.Contains("public static void Exit()", text);
        Assert.Empty(SnippetProject.CompilerProblems((await consumer.GetCompilationAsync())!));
        var holder = (await after.GetProject(project.Id)!.Documents.First().GetTextAsync()).ToString();
        Assert.DoesNotContain("CloseConnection", holder);
        Assert.Contains("using var connection = OpenConnection();", holder);
    }
}
