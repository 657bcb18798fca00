using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A close behind a State test (<c>if (conn.State == ConnectionState.Open) conn.Close();</c>). Before, the test's read of
/// <c>State</c> was a use of its own: the method got a lease, the close inside it was removed, and what was left,
/// <c>using (var lease = conn.Acquire()) { if (lease.Connection.State == ConnectionState.Open) { } }</c>, connected in
/// order to close. The test now goes with the close (<see cref="Guarding.Planning.StateGates"/>): in a unit of work both
/// go (the lease hands the connection back), elsewhere the guard's own <c>Close</c> takes the <c>if</c>'s place.
/// </summary>
public class StateGatedCloseTests
{
    private const string GuardKey = "StaleConn.GuardWithConnectionGuard";

    /// <summary>Jackge1979/MySQL_Watcher-windows' <c>SQLHelper.CloseDB</c>, called when the watcher stops.</summary>
    // https://github.com/Jackge1979/MySQL_Watcher-windows/blob/d1fb463f8c504dd24d6a086e23b5e6693f3c46fd/MySQLWatcher/MySQLWatcher/SQLHelper.cs
    [Fact]
    public Task A_gated_close_outside_any_unit_becomes_the_guards_close_without_a_lease() => Verify.VerifyAsync(
        """
        using System.Data;
        using MySql.Data.MySqlClient;

        public class SQLHelper
        {
            private static MySqlConnection {|SC0001:conn|};

            public static void OpenDB(string connectionString)
            {
                if (conn == null)
                {
                    conn = new MySqlConnection(connectionString);
                }
                if (conn.State == ConnectionState.Closed) conn.Open();
            }

            public static void CloseDB()
            {
                if (conn != null)
                {
                    if (conn.State == ConnectionState.Open) conn.Close();
                    conn.Dispose();
                    conn = null;
                }
            }

            public static DataTable ExcuteQuery(string strSQL)
            {
                MySqlDataAdapter adp = new MySqlDataAdapter(strSQL, conn);
                DataTable dt = new DataTable();
                adp.Fill(dt);
                return dt;
            }
        }
        """,
        """
        using System.Data;
        using MySql.Data.MySqlClient;
        using StaleConn;

        public class SQLHelper
        {
            private static ConnectionGuard<MySqlConnection> conn;

            public static void OpenDB(string connectionString)
            {
                if (conn == null)
                {
                    conn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString));
                }
            }

            public static void CloseDB()
            {
                if (conn != null)
                {
                    conn.Close();
                    conn.Dispose();
                    conn = null;
                }
            }

            public static DataTable ExcuteQuery(string strSQL)
            {
                using var lease = conn.Acquire();
                MySqlDataAdapter adp = new MySqlDataAdapter(strSQL, lease.Connection);
                DataTable dt = new DataTable();
                adp.Fill(dt);
                return dt;
            }
        }
        """,
        LanguageVersion.Latest,
        GuardKey);

    /// <summary>In a unit of work the lease hands the connection back: the close and its test both go.</summary>
    [Fact]
    public Task A_gated_close_in_a_unit_goes_with_its_test() => Verify.VerifyAsync(
        """
        using System.Data;
        using MySql.Data.MySqlClient;

        public static class Database
        {
            private static readonly MySqlConnection {|SC0001:connection|} = new MySqlConnection("Server=db");

            public static int Count()
            {
                var command = new MySqlCommand("SELECT COUNT(*) FROM users", connection);
                var count = System.Convert.ToInt32(command.ExecuteScalar());
                if (connection.State != ConnectionState.Closed)
                {
                    connection.Close();
                }
                System.Console.WriteLine(count);
                return count;
            }
        }
        """,
        """
        using System.Data;
        using MySql.Data.MySqlClient;
        using StaleConn;

        public static class Database
        {
            private static readonly ConnectionGuard<MySqlConnection> connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public static int Count()
            {
                using var lease = connection.Acquire();
                var command = new MySqlCommand("SELECT COUNT(*) FROM users", lease.Connection);
                var count = System.Convert.ToInt32(command.ExecuteScalar());
                System.Console.WriteLine(count);
                return count;
            }
        }
        """,
        LanguageVersion.Latest,
        GuardKey);

    /// <summary>
    /// Moby's <c>ConnectAsync</c> as it is: its catch logs and closes behind a State test. Both tests belong to their
    /// calls, so the open is a handled connect (a short lease in the <c>try</c>) and the close the guard's own. Before,
    /// the catch's test was a use, whose lease would have been acquired outside the <c>try</c>
    /// (<see cref="NoFixReason.LeaseOutsideOpenCatch"/>).
    /// </summary>
    // https://github.com/BlyZeYT/Moby-Discord-Bot/blob/0ef51cb38d8f8ff83ba2cd15f9e57cf6326c3f78/Services/Database.cs
    [Fact]
    public Task A_handled_connect_whose_catch_closes_behind_a_state_test_keeps_its_probe() => Verify.VerifyAsync(
        """
        using System;
        using System.Data;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class Database
        {
            private static readonly MySqlConnection {|SC0001:_connection|} = new MySqlConnection("Server=db");

            public static async Task<long> CountUsersAsync()
            {
                await ConnectAsync();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM users", _connection);
                return (long)(await command.ExecuteScalarAsync())!;
            }

            private static async Task ConnectAsync()
            {
                await Console.Out.WriteLineAsync("Started attempt to connect to database");
                try
                {
                    if (_connection.State is ConnectionState.Closed)
                        await _connection.OpenAsync();
                    await Console.Out.WriteLineAsync("Connected to database successfully");
                }
                catch (Exception ex)
                {
                    await Console.Error.WriteLineAsync("Failed to connect to database: " + ex.Message);
                    if (_connection.State is not ConnectionState.Closed) await _connection.CloseAsync();
                }
            }
        }
        """,
        """
        using System;
        using System.Data;
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public static class Database
        {
            private static readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public static async Task<long> CountUsersAsync()
            {
                await ConnectAsync();
                using var lease = await _connection.AcquireAsync();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM users", lease.Connection);
                return (long)(await command.ExecuteScalarAsync())!;
            }

            private static async Task ConnectAsync()
            {
                await Console.Out.WriteLineAsync("Started attempt to connect to database");
                try
                {
                    (await _connection.AcquireAsync()).Dispose();
                    await Console.Out.WriteLineAsync("Connected to database successfully");
                }
                catch (Exception ex)
                {
                    await Console.Error.WriteLineAsync("Failed to connect to database: " + ex.Message);
                    await _connection.CloseAsync();
                }
            }
        }
        """,
        LanguageVersion.Latest,
        GuardKey);

    /// <summary>
    /// A null test is no State test: <c>if (Conn != null) { Conn.Close(); }</c> tests the member itself, which stays the
    /// guard's (a guard never built is still null), so the <c>if</c> stays around the guard's close.
    /// </summary>
    // https://github.com/SWilli93/C969FinalProject-SchedulingApp/blob/315ff647283c6793811515a4782f901e99d500e1/Database/DBConnection.cs
    [Fact]
    public Task A_null_tested_close_keeps_its_test() => Verify.VerifyAsync(
        """
        using MySql.Data.MySqlClient;

        public class DBConnection
        {
            public static MySqlConnection {|SC0001:Conn|};

            public static void StartConnection(string connectionString)
            {
                Conn = new MySqlConnection(connectionString);
                Conn.Open();
            }

            public static void CloseConnection()
            {
                if (Conn != null)
                {
                    Conn.Close();
                }
                Conn = null;
            }

            public static int Count()
            {
                var command = new MySqlCommand("SELECT COUNT(*) FROM customer", Conn);
                return System.Convert.ToInt32(command.ExecuteScalar());
            }
        }
        """,
        """
        using MySql.Data.MySqlClient;
        using StaleConn;

        public class DBConnection
        {
            public static ConnectionGuard<MySqlConnection> Conn;

            public static void StartConnection(string connectionString)
            {
                Conn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString));
            }

            public static void CloseConnection()
            {
                if (Conn != null)
                {
                    Conn.Close();
                }
                Conn = null;
            }

            public static int Count()
            {
                using var lease = Conn.Acquire();
                var command = new MySqlCommand("SELECT COUNT(*) FROM customer", lease.Connection);
                return System.Convert.ToInt32(command.ExecuteScalar());
            }
        }
        """,
        LanguageVersion.Latest,
        GuardKey);
}
