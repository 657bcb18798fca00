using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Behaviour;
using StaleConn.CodeFixes.Tests.Reasons;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// <c>using (member) { ... }</c> around one unit of work disposes the held connection at the end of the unit, and the
/// next unit opens it again (a ping, an <c>Open</c> when closed): a close spelled as a <c>using</c>. field29's
/// BotOfIdiots/BotOfIdiots (a Discord bot's singleton <c>DatabaseService</c>, four findings) declined all three fixes
/// with <see cref="NoFixReason.ConnectionDisposedByUsing"/>; the code search shows the statement around a held
/// <c>_connection</c> in many services. The statement now ends the unit as a close there does: its body takes its place
/// and the lease (or the per-use connection) ends where the member was disposed. A guard still declines a statement
/// that is not one unit of work — one that only disposes the member (at shutdown) or holds it across a waiting loop
/// (<see cref="NoFixReasonCatalogue"/>'s worker) disposed it for good, which a guard would not.
/// </summary>
public class DisposingUsingFixTests
{
    // BotOfIdiots/BotOfIdiots@8253edf86529 Database/DatabaseService.cs (ExecuteNonQuery and CheckConnection as they are,
    // the XML settings reduced to a string) and Database/DBOperations.cs (the static holder, one insert in minimal form).
    // The guard once took this holder with a lease at the top of CheckConnection, outside the try whose catch logs a failed
    // open: with the server down the constructor (a static's initializer) then threw where the bot logged and went on.
    // It declines since stop 36 (handledopen36); the `using (member)` units of work are taken in the cases below.
    [Fact]
    public async Task A_bots_singleton_whose_check_logs_a_failed_open_declines_the_guard() =>
        Assert.Equal(new[] { NoFixReason.LeaseOutsideOpenCatch }, (await BuiltAndClosedPerMessageTests.ReasonsAsync(new[] { BotOfIdiotsDatabase }, FixMode.Guard)).Distinct());

    private const string BotOfIdiotsDatabase = """
        using System;
        using MySqlConnector;

        public class DatabaseService
        {
            public readonly MySqlConnection SqlConnection;

            public DatabaseService(string connectionString)
            {
                SqlConnection = new MySqlConnection(connectionString);
                CheckConnection();
            }

            public int ExecuteNonQuery(string query, params MySqlParameter[] parameters)
            {
                CheckConnection();
                try
                {
                    using (SqlConnection)
                    {
                        using (MySqlCommand cmd = SqlConnection.CreateCommand())
                        {
                            cmd.CommandText = query;
                            cmd.Parameters.AddRange(parameters);

                            int returnVal = cmd.ExecuteNonQuery();
                            return returnVal;
                        }
                    }
                }
                catch (Exception e)
                {
                    Console.WriteLine(e);
                    SqlConnection.Close();
                    return -1;
                }
            }

            public void CheckConnection()
            {
                if (!SqlConnection.Ping())
                {
                    try
                    {
                        SqlConnection.Open();
                    }
                    catch (Exception e)
                    {
                        Console.WriteLine(e);
                    }
                }
            }
        }

        public static class DbOperations
        {
            private static readonly DatabaseService DatabaseService = new DatabaseService("Server=db;Database=bot");

            public static bool InsertUser(ulong userId)
            {
                int result = DatabaseService.ExecuteNonQuery("INSERT INTO users (Snowflake) VALUES (@Snowflake)", new MySqlParameter("@Snowflake", userId));
                return result == 1;
            }
        }
        """;

    // Code-search file id 17010797638 (an Npgsql `PersonService`: `using (_connection) { await _connection.OpenAsync();
    // ... ExecuteReaderAsync ... }`) and file id 39651010258 (bagoloot's `ListHelper`: `using (_connection) {
    // _connection.Open(); ... }`), written small on MySqlConnector and kept in a static class as a bot keeps it.
    [Fact]
    public Task A_static_connection_disposed_around_each_query_gets_a_pooled_connection_per_query() => Verify.VerifyAsync(
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class PersonStore
        {
            private static readonly MySqlConnection {|SC0001:_connection|} = new MySqlConnection("Server=db;Database=people");

            public static async Task<List<string>> GetPersonNamesAsync()
            {
                var names = new List<string>();
                using (_connection)
                {
                    await _connection.OpenAsync();
                    var command = new MySqlCommand("SELECT name FROM persons", _connection);
                    using (var reader = await command.ExecuteReaderAsync())
                    {
                        while (await reader.ReadAsync())
                        {
                            names.Add(reader.GetString(0));
                        }
                    }
                }

                return names;
            }

            public static void AddChild(string child)
            {
                using (_connection)
                {
                    _connection.Open();
                    var command = _connection.CreateCommand();
                    command.CommandText = "INSERT INTO child VALUES (null, @name, 0)";
                    command.Parameters.AddWithValue("@name", child);
                    command.ExecuteNonQuery();
                }
            }
        }
        """,
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class PersonStore
        {
            private static readonly MySqlDataSource _connection = new MySqlDataSource("Server=db;Database=people");

            public static async Task<List<string>> GetPersonNamesAsync()
            {
                var names = new List<string>();
                await using (var connection = await _connection.OpenConnectionAsync())
                {
                    var command = new MySqlCommand("SELECT name FROM persons", connection);
                    using (var reader = await command.ExecuteReaderAsync())
                    {
                        while (await reader.ReadAsync())
                        {
                            names.Add(reader.GetString(0));
                        }
                    }
                }

                return names;
            }

            public static void AddChild(string child)
            {
                using var connection = _connection.OpenConnection();
                var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO child VALUES (null, @name, 0)";
                command.Parameters.AddWithValue("@name", child);
                command.ExecuteNonQuery();
            }
        }
        """);

    /// <summary>A statement that only disposes the member (a shutdown) is not a unit of work: the guard would keep open what it disposed.</summary>
    [Fact]
    public async Task A_using_that_only_disposes_at_shutdown_is_declined_by_the_guard_and_planned_per_use()
    {
        var (project, targets) = await SnippetProject.HolderFindingAsync("""
            using MySqlConnector;

            public static class Tracker
            {
                private static readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                public static int CountOrders()
                {
                    using (_connection)
                    {
                        _connection.Open();
                        using (var command = new MySqlCommand("SELECT COUNT(*) FROM orders", _connection))
                        {
                            return System.Convert.ToInt32(command.ExecuteScalar());
                        }
                    }
                }

                public static void Shutdown()
                {
                    using (_connection)
                    {
                    }
                }
            }
            """);

        var (_, guardNotFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.Guard, CancellationToken.None);
        Assert.Equal(new[] { NoFixReason.ConnectionDisposedByUsing }, guardNotFixed.Select(n => n.Reason).Distinct());

        var (_, factoryNotFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);
        Assert.Empty(factoryNotFixed);
    }

    /// <summary>A statement that is not one of a block's statements has no place for its body: every fix declines as before.</summary>
    [Fact]
    public async Task A_using_that_is_not_a_statement_of_a_block_is_declined()
    {
        var (project, targets) = await SnippetProject.HolderFindingAsync("""
            using MySqlConnector;

            public static class Tracker
            {
                private static readonly MySqlConnection _connection = new MySqlConnection("Server=db");

                public static int CountOrders(bool ready)
                {
                    if (ready)
                        using (_connection)
                        {
                            _connection.Open();
                            using (var command = new MySqlCommand("SELECT COUNT(*) FROM orders", _connection))
                            {
                                return System.Convert.ToInt32(command.ExecuteScalar());
                            }
                        }

                    return 0;
                }
            }
            """);

        foreach (var mode in new[] { FixMode.Guard, FixMode.ConnectionFactory })
        {
            var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, mode, CancellationToken.None);
            Assert.True(notFixed.Select(n => n.Reason).SequenceEqual(new[] { NoFixReason.ConnectionDisposedByUsing }), $"{mode}: {string.Join(", ", notFixed.Select(n => n.Reason))}");
        }
    }
}
