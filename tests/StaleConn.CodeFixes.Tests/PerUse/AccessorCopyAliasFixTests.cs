using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A unit keeps what the holder's accessor returned — the member itself — in a local, then reads the member: that read is
/// the local's connection. Under a factory of unopened connections it becomes the local's, so the unit opens and closes
/// its own per-use connection where it opened and closed the shared one (before: <c>OpenedBothWays</c>).
/// </summary>
public class AccessorCopyAliasFixTests
{
    /// <summary>
    /// siddyv6/Alert-PDC@HEAD, IntruderAlertSystem/dbstuff.cs: <c>DBConection()</c> hands out the lazily built static, every
    /// caller opens and closes it in <c>finally</c>; <c>getRoomsAndSensorsFromFloor</c> keeps the accessor's value in
    /// <c>connn</c> and then opens, uses and closes the field <c>con</c>.
    /// </summary>
    [Fact]
    public Task A_member_read_after_the_accessor_value_was_kept_becomes_that_local() => Verify.VerifyAsync(
        """
        using MySql.Data.MySqlClient;

        class dbstuff
        {
            private static MySqlConnection {|SC0001:con|} = null;

            public static MySqlConnection DBConection()
            {
                if (con == null)
                {
                    string connectionString = "Server=localhost;Database=alarm;Uid=sid;Pwd=Password1";
                    con = new MySqlConnection(connectionString);
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
                MySqlConnection connn = DBConection();
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
                string connectionString = "Server=localhost;Database=alarm;Uid=sid;Pwd=Password1";
                return new MySqlConnection(connectionString);
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
                using MySqlConnection connn = DBConection();
                MySqlCommand cmd = new MySqlCommand("SELECT COUNT(*) FROM sensor WHERE idrooms = @roomID", connn);
                cmd.Parameters.Add(new MySqlParameter("@roomID", roomID));
                try
                {
                    connn.Open();
                    return (int)(long)cmd.ExecuteScalar();
                }
                finally
                {
                    connn.Close();
                }
            }
        }
        """);

    /// <summary>
    /// siddyv6/Alert-PDC@HEAD, IntruderAlertSystem/dbstuff.cs, <c>getRoomsAndSensorsFromFloor</c> as written: the copy is
    /// taken inside a loop over the rooms, so the per-use connection is taken before the loop and each pass still opens
    /// and closes it, as each pass opened and closed the shared one.
    /// </summary>
    [Fact]
    public Task A_copy_taken_in_a_loop_keeps_one_open_and_close_per_pass() => Verify.VerifyAsync(
        """
        using System.Collections.Generic;
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

            public static List<long> countSensors(int[] roomIDs)
            {
                var counts = new List<long>();
                if (roomIDs != null)
                {
                    foreach (int roomID in roomIDs)
                    {
                        MySqlConnection connn = DBConection();
                        MySqlCommand cmd = new MySqlCommand("SELECT COUNT(*) FROM sensor WHERE idrooms = @roomID", con);
                        cmd.Parameters.Add(new MySqlParameter("@roomID", roomID));
                        try
                        {
                            con.Open();
                            counts.Add((long)cmd.ExecuteScalar());
                        }
                        finally
                        {
                            con.Close();
                        }
                    }
                }

                return counts;
            }
        }
        """,
        """
        using System.Collections.Generic;
        using MySql.Data.MySqlClient;

        class dbstuff
        {
            public static MySqlConnection DBConection()
            {
                return new MySqlConnection("Server=localhost;Database=alarm;Uid=sid;Pwd=Password1");
            }

            public static List<long> countSensors(int[] roomIDs)
            {
                var counts = new List<long>();
                if (roomIDs != null)
                {
                    using var connection = DBConection();
                    foreach (int roomID in roomIDs)
                    {
                        MySqlConnection connn = connection;
                        MySqlCommand cmd = new MySqlCommand("SELECT COUNT(*) FROM sensor WHERE idrooms = @roomID", connn);
                        cmd.Parameters.Add(new MySqlParameter("@roomID", roomID));
                        try
                        {
                            connn.Open();
                            counts.Add((long)cmd.ExecuteScalar());
                        }
                        finally
                        {
                            connn.Close();
                        }
                    }
                }

                return counts;
            }
        }
        """);

    /// <summary>
    /// The same holder with a method that forgets the member (<c>con = null;</c>): after the accessor's call another
    /// unit may have built a new one, so the read is not the copy's; opened directly there and left open (closed again,
    /// the member is closed at rest: <c>ClosedAtRestOpenFixTests</c>) and by a caller that opens what it gets, the
    /// member still declines as before.
    /// </summary>
    [Fact]
    public Task A_member_also_assigned_outside_the_accessor_is_not_taken_as_the_copy() =>
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

                public static void reset()
                {
                    con = null;
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

                public static long countSensors(int roomID)
                {
                    MySqlConnection connn = DBConection();
                    MySqlCommand cmd = new MySqlCommand("SELECT COUNT(*) FROM sensor WHERE idrooms = @roomID", con);
                    cmd.Parameters.Add(new MySqlParameter("@roomID", roomID));
                    con.Open();
                    return (long)cmd.ExecuteScalar();
                }
            }
            """));

    /// <summary>
    /// The same holder where another unit opens the field itself and leaves it open (<c>DBConection(); con.Open();</c>):
    /// the factory opens then, and the copy's reads would open what it handed out — the factory still declines.
    /// </summary>
    [Fact]
    public Task A_copy_read_under_a_factory_that_opens_still_declines() =>
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
                    DBConection();
                    con.Open();
                    var count = (long)new MySqlCommand("SELECT COUNT(*) FROM rooms", con).ExecuteScalar();
                    return count;
                }

                public static long countSensors(int roomID)
                {
                    MySqlConnection connn = DBConection();
                    MySqlCommand cmd = new MySqlCommand("SELECT COUNT(*) FROM sensor WHERE idrooms = @roomID", con);
                    cmd.Parameters.Add(new MySqlParameter("@roomID", roomID));
                    try
                    {
                        con.Open();
                        return (long)cmd.ExecuteScalar();
                    }
                    finally
                    {
                        con.Close();
                    }
                }
            }
            """));

    /// <summary>
    /// An accessor that also rebuilds a broken member: another unit's call may replace the connection after the copy was
    /// taken, so a later read of the member is not the copy's; the units that open both ways (one leaving it open) still
    /// decline.
    /// </summary>
    [Fact]
    public Task A_copy_of_an_accessor_that_rebuilds_is_not_taken_as_the_member() =>
        NoFixReasonTests.AssertPlannerDeclinesAsync(new ReasonCase(NoFixReason.OpenedBothWays, ReasonCheck.ConnectionFactory, """
            using System.Data;
            using MySql.Data.MySqlClient;

            class dbstuff
            {
                private static MySqlConnection con = null;

                public static MySqlConnection DBConection()
                {
                    if (con == null || con.State == ConnectionState.Broken)
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

                public static long countSensors(int roomID)
                {
                    MySqlConnection connn = DBConection();
                    MySqlCommand cmd = new MySqlCommand("SELECT COUNT(*) FROM sensor WHERE idrooms = @roomID", con);
                    cmd.Parameters.Add(new MySqlParameter("@roomID", roomID));
                    con.Open();
                    return (long)cmd.ExecuteScalar();
                }
            }
            """));
}
