using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// An async unit of work whose only awaits are the member's own <c>OpenAsync</c>/<c>CloseAsync</c>: the factory opens
/// synchronously and each unit disposes its connection, so nothing would be left to await (CS1998). The planner must
/// name that (<c>AsyncMethodLosesItsOnlyAwait</c>) instead of building a fix the compile check then rejects.
/// </summary>
public class AsyncUnitOpenFactoryTests
{
    /// <summary>
    /// anastarawneh/Ja3farBot_OLD (fresh34 set, rJordanBot/Resources/MySQL/MySQL.cs) without its last line: <c>Initialize()</c>
    /// builds the static, awaits <c>OpenAsync</c> and pings, and leaves it open for the callers of
    /// <c>MySQL.getConnection()</c>. The member is open between units, so the factory opens and the await goes (as written,
    /// with <c>await connection.CloseAsync();</c>, it is fixed: <c>ClosedAtRestOpenFixTests</c>).
    /// </summary>
    [Fact]
    public async Task An_async_start_up_that_leaves_the_member_open_names_the_lost_await()
    {
        var source = """
            using System;
            using System.Threading.Tasks;
            using Dapper;
            using MySqlConnector;

            public class MySQL
            {
                private static string server = "db";
                private static MySqlConnection connection;

                public static async Task Initialize()
                {
                    connection = new MySqlConnection($"server={server};userid=bot;password=secret;database=bot;");
                    await connection.OpenAsync();
                    if (!connection.Ping()) Console.WriteLine("MySql setup error.");
                    else Console.WriteLine("MySql setup complete.");
                }

                public static MySqlConnection getConnection()
                {
                    return connection;
                }
            }

            public static class Starboard
            {
                public static bool Exists(long id)
                {
                    using MySqlConnection connection = MySQL.getConnection();
                    if (connection.State != System.Data.ConnectionState.Open) connection.Open();
                    return connection.ExecuteScalar<bool>($"SELECT COUNT(1) FROM Starboards WHERE MsgID={id}");
                }
            }
            """;
        Assert.Equal(NoFixReason.AsyncMethodLosesItsOnlyAwait, Assert.Single(await NotFixedAsync(source)));
    }

    private static async Task<IReadOnlyList<NoFixReason>> NotFixedAsync(string source)
    {
        var (project, targets) = await SnippetProject.HolderFindingAsync(source);
        var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);
        return notFixed.Select(n => n.Reason).ToList();
    }
}
