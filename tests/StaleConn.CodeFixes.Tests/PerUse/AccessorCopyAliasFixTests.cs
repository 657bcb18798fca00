using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

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
}
