using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A start-up method that opens the held connection in a <c>try</c> whose every catch leaves the method (<c>catch
/// (MySqlException) { log; return false; }</c>) and then works on it after the <c>try</c> (<c>USE gamedatabase</c>).
/// The work after the <c>try</c> runs only once the open succeeded. Before, the open went and the lease for the work was
/// taken after the <c>try</c>, so the guard declined with <see cref="NoFixReason.LeaseOutsideOpenCatch"/> (a failed
/// connect would have escaped the catch). Now the open stays the method's check, as a short lease in the same
/// <c>try</c>, and the work after it takes its own lease; a catch that carries on past the <c>try</c> keeps the decline.
/// </summary>
/// <remarks>
/// Swaelo/mmo-server-old@HEAD Data/Database.cs (<c>InitializeDatabase</c>, field29), as it is; its callers in
/// Data/AccountsDatabase.cs reduced to one query.
/// </remarks>
public class HandledOpenBeforeWorkTests
{
    private const string GuardKey = "StaleConn.GuardWithConnectionGuard";

    [Fact]
    public Task A_handled_open_before_work_stays_a_short_lease_and_the_work_after_it_leases() => Verify.VerifyAsync(
        """
        using MySql.Data.MySqlClient;

        public static class Database
        {
            public static MySqlConnection {|SC0001:Connection|};

            private static string CreateConnectionString(string IP, string Port)
            {
                return "Server=" + IP + ";" + "Port=" + Port + ";" + "Database;User=;";
            }

            public static bool InitializeDatabase(string IP, string Port)
            {
                Connection = new MySqlConnection(CreateConnectionString(IP, Port));
                try
                {
                    Connection.Open();
                }
                catch (MySql.Data.MySqlClient.MySqlException)
                {
                    System.Console.WriteLine("failed to connect to the sql database");
                    return false;
                }

                MySqlCommand Command = new MySqlCommand("USE gamedatabase", Connection);
                MySqlDataReader Reader = Command.ExecuteReader();
                Reader.Close();
                return true;
            }

            public static void RegisterNewAccount(string AccountName)
            {
                MySqlCommand RegisterCommand = new MySqlCommand("INSERT INTO accounts(Username) VALUES('" + AccountName + "')", Connection);
                RegisterCommand.ExecuteNonQuery();
            }
        }
        """,
        """
        using MySql.Data.MySqlClient;
        using StaleConn;

        public static class Database
        {
            public static ConnectionGuard<MySqlConnection> Connection;

            private static string CreateConnectionString(string IP, string Port)
            {
                return "Server=" + IP + ";" + "Port=" + Port + ";" + "Database;User=;";
            }

            public static bool InitializeDatabase(string IP, string Port)
            {
                Connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(CreateConnectionString(IP, Port)));
                try
                {
                    Connection.Acquire().Dispose();
                }
                catch (MySql.Data.MySqlClient.MySqlException)
                {
                    System.Console.WriteLine("failed to connect to the sql database");
                    return false;
                }

                using (var lease = Connection.Acquire())
                {
                    MySqlCommand Command = new MySqlCommand("USE gamedatabase", lease.Connection);
                    MySqlDataReader Reader = Command.ExecuteReader();
                    Reader.Close();
                }
                return true;
            }

            public static void RegisterNewAccount(string AccountName)
            {
                using var lease = Connection.Acquire();
                MySqlCommand RegisterCommand = new MySqlCommand("INSERT INTO accounts(Username) VALUES('" + AccountName + "')", lease.Connection);
                RegisterCommand.ExecuteNonQuery();
            }
        }
        """,
        LanguageVersion.Latest,
        GuardKey);

    /// <summary>
    /// The same method whose catch only logs (BlyZeYT/Moby-Discord-Bot's <c>ConnectAsync</c> and BotOfIdiots'
    /// <c>CheckConnection</c> carry on the same way): the work after the <c>try</c> also runs after a failed open, so a
    /// lease there would throw where the catch handled the failure before.
    /// </summary>
    [Theory]
    [InlineData("System.Console.WriteLine(\"failed\");")]
    [InlineData("System.Console.WriteLine(\"failed\"); if (Port == \"0\") return false;")]
    public async Task A_catch_that_carries_on_past_the_try_keeps_the_decline(string handling)
    {
        var source = """
            using MySql.Data.MySqlClient;

            public static class Database
            {
                public static MySqlConnection Connection;

                public static bool InitializeDatabase(string IP, string Port)
                {
                    Connection = new MySqlConnection("Server=" + IP + ";Port=" + Port);
                    try
                    {
                        Connection.Open();
                    }
                    catch (MySqlException)
                    {
                        HANDLING
                    }

                    MySqlCommand Command = new MySqlCommand("USE gamedatabase", Connection);
                    Command.ExecuteNonQuery();
                    return true;
                }
            }
            """.Replace("HANDLING", handling, System.StringComparison.Ordinal);
        Assert.Equal(new[] { NoFixReason.LeaseOutsideOpenCatch }, (await BuiltAndClosedPerMessageTests.ReasonsAsync(source, FixMode.Guard)).Distinct());
    }

    /// <summary>
    /// Under the factory fix the open stays as one pooled connection opened and given back in the same <c>try</c>
    /// (<see cref="HandledConnectFactoryTests"/>), and the work after it opens its own.
    /// </summary>
    [Fact]
    public async Task Under_the_factory_the_handled_open_stays_and_the_work_after_it_gets_its_own_connection()
    {
        var text = await HandledConnectFactoryTests.FactoryFixedTextAsync(new[] { """
            using MySql.Data.MySqlClient;

            public static class Database
            {
                public static MySqlConnection Connection;

                public static bool InitializeDatabase(string cs)
                {
                    Connection = new MySqlConnection(cs);
                    try
                    {
                        Connection.Open();
                    }
                    catch (MySqlException)
                    {
                        System.Console.WriteLine("failed to connect to the sql database");
                        return false;
                    }

                    MySqlCommand Command = new MySqlCommand("CREATE TABLE IF NOT EXISTS accounts (Username TEXT)", Connection);
                    Command.ExecuteNonQuery();
                    return true;
                }

                public static void RegisterNewAccount(string AccountName)
                {
                    MySqlCommand RegisterCommand = new MySqlCommand("INSERT INTO accounts(Username) VALUES('" + AccountName + "')", Connection);
                    RegisterCommand.ExecuteNonQuery();
                }
            }
            """ }, "Connection", "File0.cs");
        Assert.Matches(@"try\s*\{\s*OpenConnection\(\)\.Dispose\(\);\s*\}\s*catch \(MySqlException\)", text);
        Assert.Matches(@"\}\s*using \(var connection = OpenConnection\(\)\)\s*\{\s*MySqlCommand Command = new MySqlCommand\(""CREATE TABLE[^""]*"", connection\);", text);
    }
}
