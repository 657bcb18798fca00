using System.Threading.Tasks;
using StaleConn.CodeFixes.Guarding.Planning;
using Xunit;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// A fix edits one project; a member it removes (a close method, an opener) that a referencing project calls would
/// leave that project uncompilable, so the fix declines with <see cref="NoFixReason.UsedFromAnotherProject"/>.
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
    /// and MainWindow.xaml.cs call <c>DBConnectionManager.GetInstance.CloseConnection()</c>): the per-use fix dropped the
    /// singleton's <c>CloseConnection()</c> and the UI project no longer compiled (CS1061).
    /// </summary>
    [Fact]
    public Task A_close_method_another_project_calls_keeps_the_per_use_fix_from_removing_it() =>
        NoFixReasonTests.AssertPlannerDeclinesAsync(new ReasonCase(NoFixReason.UsedFromAnotherProject, ReasonCheck.ConnectionFactory, Usings + """
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
            """)
        {
            Source = "Danushe4ka/Cursavaya-4sem-",
            ReferencingProject = new[]
            {
                Usings + """
                public static class LoginWindow
                {
                    public static void Exit() => DBConnectionManager.GetInstance.CloseConnection();
                }
                """,
            },
        });
}
