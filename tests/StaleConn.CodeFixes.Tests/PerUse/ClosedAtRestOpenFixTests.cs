using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// The holder's accessor hands the member out unopened and every function that opens the member itself closes it again
/// before it ends: the member is closed whenever a unit starts. The factory then hands out unopened connections, and each
/// such open stays where it was, on the unit's per-use connection (an async unit keeps its await).
/// </summary>
public class ClosedAtRestOpenFixTests
{
    /// <summary>
    /// anastarawneh/Ja3farBot_OLD (fresh34 set, rJordanBot/Resources/MySQL/MySQL.cs): <c>Initialize()</c> builds the
    /// static, awaits <c>OpenAsync</c>, pings, awaits <c>CloseAsync</c>; every other use goes through
    /// <c>using MySqlConnection connection = MySQL.getConnection();</c> and opens it (rJordanBot/Resources/MySQL/Functions.cs).
    /// Before: <c>AsyncMethodLosesItsOnlyAwait</c>.
    /// </summary>
    [Fact]
    public Task An_async_start_up_check_keeps_its_open_and_close_on_its_own_connection() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading.Tasks;
        using MySqlConnector;

        public class MySQL
        {
            private static string server = "db";
            private static MySqlConnection {|SC0001:connection|};

            public static async Task Initialize()
            {
                connection = new MySqlConnection($"server={server};userid=bot;password=secret;database=bot;");
                await connection.OpenAsync();
                if (!connection.Ping()) Console.WriteLine("MySql setup error.");
                else Console.WriteLine("MySql setup complete.");
                await connection.CloseAsync();
            }

            public static MySqlConnection getConnection()
            {
                return connection;
            }
        }

        public static class Starboard
        {
            public static async Task<object> Exists(long id)
            {
                using MySqlConnection connection = MySQL.getConnection();
                await connection.OpenAsync();
                var command = new MySqlCommand($"SELECT COUNT(1) FROM Starboards WHERE MsgID={id}", connection);
                return await command.ExecuteScalarAsync();
            }
        }
        """,
        """
        using System;
        using System.Threading.Tasks;
        using MySqlConnector;

        public class MySQL
        {
            private static string server = "db";

            public static async Task Initialize()
            {
                using var connection = getConnection();
                await connection.OpenAsync();
                if (!connection.Ping()) Console.WriteLine("MySql setup error.");
                else Console.WriteLine("MySql setup complete.");
            }

            public static MySqlConnection getConnection()
            {
                return new MySqlConnection($"server={server};userid=bot;password=secret;database=bot;");
            }
        }

        public static class Starboard
        {
            public static async Task<object> Exists(long id)
            {
                using MySqlConnection connection = MySQL.getConnection();
                await connection.OpenAsync();
                var command = new MySqlCommand($"SELECT COUNT(1) FROM Starboards WHERE MsgID={id}", connection);
                return await command.ExecuteScalarAsync();
            }
        }
        """);

    /// <summary>
    /// siddyv6/Alert-PDC@HEAD, IntruderAlertSystem/dbstuff.cs: <c>DBConection()</c> hands out the lazily built static and
    /// every caller opens it and closes it in <c>finally</c>; <c>getRoomsAndSensorsFromFloor</c> opens and closes the field
    /// <c>con</c> itself (there after keeping the accessor's value, which <c>AccessorCopyAliasFixTests</c> covers; here
    /// without it). Before: <c>OpenedBothWays</c>.
    /// </summary>
    [Fact]
    public Task A_unit_that_opens_the_member_and_closes_it_in_finally_keeps_both_on_its_own_connection() => Verify.VerifyAsync(
        """
        using MySql.Data.MySqlClient;

        class dbstuff
        {
            private static MySqlConnection {|SC0001:con|} = null;

            public static MySqlConnection DBConection()
            {
                if (con == null)
                {
                    con = new MySqlConnection("Server=localhost;Database=alarm;Uid=sid;Pwd=Password1");
                }

                return con;
            }

            public static int getRoomId(int idhome)
            {
                MySqlConnection con = DBConection();
                MySqlCommand cmd = new MySqlCommand("SELECT idrooms FROM rooms WHERE idhome = @idhome", con);
                cmd.Parameters.AddWithValue("@idhome", idhome);
                try
                {
                    con.Open();
                    return (int)cmd.ExecuteScalar();
                }
                finally
                {
                    con.Close();
                }
            }

            public static int countSensors(int roomID)
            {
                DBConection();
                MySqlCommand cmd = new MySqlCommand("SELECT COUNT(*) FROM sensor WHERE idrooms = @roomID", con);
                cmd.Parameters.Add(new MySqlParameter("@roomID", roomID));
                try
                {
                    con.Open();
                    return (int)(long)cmd.ExecuteScalar();
                }
                finally
                {
                    con.Close();
                }
            }
        }
        """,
        """
        using MySql.Data.MySqlClient;

        class dbstuff
        {
            public static MySqlConnection DBConection()
            {
                return new MySqlConnection("Server=localhost;Database=alarm;Uid=sid;Pwd=Password1");
            }

            public static int getRoomId(int idhome)
            {
                using MySqlConnection con = DBConection();
                MySqlCommand cmd = new MySqlCommand("SELECT idrooms FROM rooms WHERE idhome = @idhome", con);
                cmd.Parameters.AddWithValue("@idhome", idhome);
                try
                {
                    con.Open();
                    return (int)cmd.ExecuteScalar();
                }
                finally
                {
                    con.Close();
                }
            }

            public static int countSensors(int roomID)
            {
                DBConection().Dispose();
                using var connection = DBConection();
                MySqlCommand cmd = new MySqlCommand("SELECT COUNT(*) FROM sensor WHERE idrooms = @roomID", connection);
                cmd.Parameters.Add(new MySqlParameter("@roomID", roomID));
                connection.Open();
                return (int)(long)cmd.ExecuteScalar();
            }
        }
        """);

    /// <summary>
    /// The same holder where the unit that opens and closes the field calls a sibling that runs its command on the field
    /// without opening it: the sibling found the member open inside the caller's window, where a per-use connection of its
    /// own would be closed. The factory still declines.
    /// </summary>
    [Fact]
    public Task A_sibling_that_uses_the_member_inside_another_units_open_still_declines() =>
        NoFixReasonTests.AssertPlannerDeclinesAsync(new ReasonCase(NoFixReason.OpenedBothWays, ReasonCheck.ConnectionFactory, """
            using MySql.Data.MySqlClient;

            class dbstuff
            {
                private static MySqlConnection con = null;

                public static MySqlConnection DBConection()
                {
                    if (con == null)
                    {
                        con = new MySqlConnection("Server=localhost;Database=alarm;Uid=sid;Pwd=Password1");
                    }

                    return con;
                }

                public static long countRooms()
                {
                    MySqlConnection c = DBConection();
                    try
                    {
                        c.Open();
                        return (long)new MySqlCommand("SELECT COUNT(*) FROM rooms", c).ExecuteScalar();
                    }
                    finally
                    {
                        c.Close();
                    }
                }

                public static long countAll()
                {
                    DBConection();
                    try
                    {
                        con.Open();
                        return countSensors() + (long)new MySqlCommand("SELECT COUNT(*) FROM rooms", con).ExecuteScalar();
                    }
                    finally
                    {
                        con.Close();
                    }
                }

                private static long countSensors() => (long)new MySqlCommand("SELECT COUNT(*) FROM sensor", con).ExecuteScalar();
            }
            """));
}
