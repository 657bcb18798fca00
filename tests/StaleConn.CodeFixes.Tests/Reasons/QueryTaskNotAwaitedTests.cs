using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// A unit of work that starts a query and drops its task runs the query in the background on the kept connection. A
/// lease would end, or a pooled connection per use be disposed, at the end of the unit while the query is still in
/// flight (the insert lost, or the session handed back mid-command), so every fix declines with
/// <see cref="NoFixReason.QueryTaskNotAwaited"/>. Before, the data source fix was accepted and disposed the connection
/// under RendyMod/PvpArenaV's fire-and-forget insert.
/// </summary>
public class QueryTaskNotAwaitedTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        """;

    public static TheoryData<string, string> DiscardedQueryShapes() => new()
    {
        {
            // Real: RendyMod/PvpArenaV c9d9c36, SQLHandler.cs (a V Rising plugin: the static is opened once, each
            // matchmaking save starts its insert with ExecuteNonQueryAsync and does not await it).
            "PvpArenaV SQLHandler", Usings + """
            public class SQLHandler
            {
                public static MySqlConnection _connection;

                public void InitializeAsync()
                {
                    try
                    {
                        _connection = new MySqlConnection("Server=db;Port=3307;Database=varena");
                        _connection.Open();
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex);
                    }
                }

                public void InsertOrUpdateMatchmakingData(ulong steamId, int wins)
                {
                    try
                    {
                        var command = new MySqlCommand("INSERT INTO PlayerMatchmaking1v1Data (SteamID, Wins) VALUES (@SteamID, @Wins) ON DUPLICATE KEY UPDATE Wins = VALUES(Wins);", _connection);
                        command.Parameters.AddWithValue("@SteamID", steamId);
                        command.Parameters.AddWithValue("@Wins", wins);
                        command.ExecuteNonQueryAsync();
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex);
                    }
                }
            }
            """
        },
        {
            // The same shape through Dapper and an explicit discard: a bot's service logs each command without awaiting.
            "Dapper discard", Usings + """
            public sealed class CommandLog
            {
                private static readonly CommandLog Instance = new CommandLog();

                private readonly MySqlConnection _db = new MySqlConnection("Server=db;Database=bot");

                public static void Record(string user, string command)
                {
                    Instance._db.Open();
                    _ = Instance._db.ExecuteAsync("INSERT INTO command_log (user, command) VALUES (@user, @command)", new { user, command });
                }
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(DiscardedQueryShapes))]
    public Task A_unit_that_drops_a_query_task_gets_no_fix_with_that_reason(string shape, string source) =>
        SnippetProject.AssertEveryFixDeclinesAsync(shape, source, NoFixReason.QueryTaskNotAwaited);

    /// <summary>The same insert awaited ends inside the unit: the per-use connection is planned as before.</summary>
    [Fact]
    public async Task The_same_query_awaited_is_planned()
    {
        var (project, targets) = await SnippetProject.HolderFindingAsync(Usings + """
            public class SQLHandler
            {
                public static MySqlConnection _connection = new MySqlConnection("Server=db;Database=varena");

                public async Task InsertAsync(ulong steamId)
                {
                    await _connection.OpenAsync();
                    var command = new MySqlCommand("INSERT INTO Players (SteamID) VALUES (@SteamID)", _connection);
                    command.Parameters.AddWithValue("@SteamID", steamId);
                    await command.ExecuteNonQueryAsync();
                }
            }
            """);
        var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);
        Assert.Empty(notFixed);
    }
}
