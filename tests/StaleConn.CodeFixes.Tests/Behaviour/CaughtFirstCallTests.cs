using StaleConn.CodeFixes.Guarding.Planning;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// Query helpers over a shared connection that build the adapter or command before a <c>try</c> and run it inside, with a
/// catch that handles the failure (<c>catch (Exception e) { return null; }</c>, a report). The lease (or the per-use open)
/// connects, so it goes first in that <c>try</c> and the statements that build over the connection follow it there
/// (<see cref="CaughtFirstCalls"/>); taken before the <c>try</c>, a server that is down would throw where the helper
/// returned null. A build the move cannot carry declines with <see cref="NoFixReason.LeaseOutsideCaughtCall"/>.
/// </summary>
public class CaughtFirstCallTests
{
    // https://github.com/Jackge1979/MySQL_Watcher-windows/blob/d1fb463f8c504dd24d6a086e23b5e6693f3c46fd/MySQLWatcher/MySQLWatcher/SQLHelper.cs
    // (SQLHelper: GetConnection, OpenDB and ExcuteQuery, reduced to the shape; the ini reads become a constant).
    private const string WatcherHelper = """
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        public class SQLHelper
        {
            private static MySqlConnection {|SC0001:conn|};

            private static void GetConnection()
            {
                string connNewString = "Database='db';Data Source='host';pooling=true";
                if (conn == null)
                {
                    conn = new MySqlConnection(connNewString);
                }
            }

            public static void OpenDB()
            {
                if (conn == null)
                {
                    GetConnection();
                }
                if (conn.State == ConnectionState.Closed) conn.Open();
            }

            public static DataTable ExcuteQuery(string strSQL)
            {
                MySqlDataAdapter adp = new MySqlDataAdapter(strSQL, conn as MySqlConnection);
                DataTable dt = new DataTable();
                try
                {
                    adp.Fill(dt);
                }
                catch (Exception e)
                {
                    return null;
                }
                return dt;
            }
        }
        """;

    [Fact]
    public Task The_lease_goes_first_in_the_try_and_the_adapter_follows_it() => Verify.VerifyAsync(WatcherHelper, """
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;
        using StaleConn;

        public class SQLHelper
        {
            private static ConnectionGuard<MySqlConnection> conn;

            private static void GetConnection()
            {
                string connNewString = "Database='db';Data Source='host';pooling=true";
                if (conn == null)
                {
                    conn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connNewString));
                }
            }

            public static void OpenDB()
            {
                if (conn == null)
                {
                    GetConnection();
                }
            }

            public static DataTable ExcuteQuery(string strSQL)
            {
                DataTable dt = new DataTable();
                try
                {
                    using var lease = conn.Acquire();
                    MySqlDataAdapter adp = new MySqlDataAdapter(strSQL, lease.Connection as MySqlConnection);
                    adp.Fill(dt);
                }
                catch (Exception e)
                {
                    return null;
                }
                return dt;
            }
        }
        """);

    /// <summary>
    /// A form's insert (ahmed-1026/Hotel-Management-System, Version2/selectRoom.cs's reservation: the command and its
    /// parameters before the <c>try</c>, <c>ExecuteNonQuery</c> inside it, the catch reports). The command, its parameters
    /// from the form's fields move into the <c>try</c> after the per-use open (the first fix); the flag set before it stays.
    /// </summary>
    // https://github.com/ahmed-1026/Hotel-Management-System/blob/ab509367a948fa38cf71644c02045f1aad6762fe/Version2/selectRoom.cs
    [Fact]
    public Task A_command_and_its_parameters_move_in_after_the_lease() => Verify.VerifyAsync("""
        using System;
        using System.Data.SqlClient;

        public static class Db
        {
            public static SqlConnection {|SC0001:Conn|} = new SqlConnection("Server=.;Database=hotel");
        }

        public class SelectRoom
        {
            private int id_of_customer;
            private string occupants = "2";

            public bool Reserve()
            {
                bool check = false;
                SqlCommand cmd2 = new SqlCommand("Insert into Reservations values(@CustomerID,@NumberOfOccupants)", Db.Conn);
                cmd2.Parameters.AddWithValue("@CustomerID", id_of_customer);
                cmd2.Parameters.AddWithValue("@NumberOfOccupants", occupants);
                try
                {
                    cmd2.ExecuteNonQuery();
                    check = true;
                }
                catch (Exception c)
                {
                    Console.WriteLine(c.Message);
                }
                return check;
            }
        }
        """, """
        using System;
        using System.Data.SqlClient;

        public static class Db
        {
            public static SqlConnection OpenConn()
            {
                var connection = new SqlConnection("Server=.;Database=hotel");
                try
                {
                    connection.Open();
                    return connection;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }
        }

        public class SelectRoom
        {
            private int id_of_customer;
            private string occupants = "2";

            public bool Reserve()
            {
                bool check = false;
                try
                {
                    using (var connection = Db.OpenConn())
                    {
                        SqlCommand cmd2 = new SqlCommand("Insert into Reservations values(@CustomerID,@NumberOfOccupants)", connection);
                        cmd2.Parameters.AddWithValue("@CustomerID", id_of_customer);
                        cmd2.Parameters.AddWithValue("@NumberOfOccupants", occupants);
                        cmd2.ExecuteNonQuery();
                    }
                    check = true;
                }
                catch (Exception c)
                {
                    Console.WriteLine(c.Message);
                }
                return check;
            }
        }
        """);

    /// <summary>
    /// A command built once over the static connection, its parameters cleared before the <c>try</c> that opens and runs
    /// it, and a catch that reports (44685740-1/ejercictacionUTNLabo2's <c>ConexionDB.delete</c>, whose catch only
    /// rethrows; here it reports, as the query helpers above do). Each method binds the kept command to its own
    /// connection: the binding moves into the <c>try</c> after the open, the <c>Clear()</c> stays before it.
    /// </summary>
    // https://github.com/44685740-1/ejercictacionUTNLabo2 conexionDB/conexionConsole/ConexionDB.cs (see RethrowOnlyCatchTests)
    [Fact]
    public Task A_kept_command_is_bound_inside_the_try() => Verify.VerifyAsync("""
        using System;
        using System.Data.SqlClient;

        public static class ConexionDB
        {
            private static SqlConnection {|SC0001:_connection|};
            private static SqlCommand _command;

            static ConexionDB()
            {
                _connection = new SqlConnection("Server=.;Database=labo2;Trusted_Connection=True;");
                _command = new SqlCommand();
                _command.Connection = _connection;
                _command.CommandType = System.Data.CommandType.Text;
            }

            public static int delete(int id)
            {
                _command.Parameters.Clear();
                try
                {
                    _connection.Open();
                    _command.CommandText = "DELETE FROM usuarios WHERE id = @id";
                    _command.Parameters.AddWithValue("@id", id);
                    return _command.ExecuteNonQuery();
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex.Message);
                    return -1;
                }
                finally
                {
                    _connection.Close();
                }
            }
        }
        """, """
        using System;
        using System.Data.SqlClient;

        public static class ConexionDB
        {
            private static SqlConnection OpenConnection()
            {
                var connection = new SqlConnection("Server=.;Database=labo2;Trusted_Connection=True;");
                try
                {
                    connection.Open();
                    return connection;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }
            private static SqlCommand _command;

            static ConexionDB()
            {
                _command = new SqlCommand();
                _command.CommandType = System.Data.CommandType.Text;
            }

            public static int delete(int id)
            {
                _command.Parameters.Clear();
                try
                {
                    using var connection = OpenConnection();
                    _command.Connection = connection;
                    _command.CommandText = "DELETE FROM usuarios WHERE id = @id";
                    _command.Parameters.AddWithValue("@id", id);
                    return _command.ExecuteNonQuery();
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex.Message);
                    return -1;
                }
            }
        }
        """);

    /// <summary>
    /// The same form's room query: the command is run in the <c>try</c> and then handed to an adapter after it, so it
    /// cannot move into the <c>try</c>; the lease would be taken before it. Declines (ahmed-1026/Hotel-Management-System,
    /// Version2/selectRoom.cs's <c>selectRoom_Load</c>).
    /// </summary>
    [Fact]
    public Task A_command_read_after_the_try_declines() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Data;
        using System.Data.SqlClient;

        public static class Db
        {
            public static SqlConnection {|SC0001:Conn|} = new SqlConnection("Server=.;Database=hotel");
        }

        public class SelectRoom
        {
            public DataTable Rooms(int hotelid)
            {
                SqlCommand cmd = new SqlCommand("select * from rooms where hotelid=@hotelid", Db.Conn);
                cmd.Parameters.AddWithValue("@hotelid", hotelid);
                try
                {
                    cmd.ExecuteNonQuery();
                }
                catch (Exception c)
                {
                    Console.WriteLine(c.Message);
                }
                SqlDataAdapter da = new SqlDataAdapter(cmd);
                DataTable dt = new DataTable();
                da.Fill(dt);
                return dt;
            }
        }
        """);

    /// <summary>
    /// A C969 form that copies the holder's connection into a local, builds the command before the <c>try</c> and reads
    /// inside it, the catch reporting (LeeMclafferty/ClientManagementSystem, ApptByConsultant.cs's <c>SetupConsultants</c>):
    /// the per-use open takes the local's place first in the <c>try</c>, and the command follows it.
    /// </summary>
    // https://github.com/LeeMclafferty/ClientManagementSystem/blob/509e2d910c1beb74e30d6b205d235e25b5d503e3/ApptByConsultant.cs
    [Fact]
    public Task A_copied_connection_and_its_command_move_in_after_the_open() => Verify.VerifyAsync("""
        using System;
        using MySql.Data.MySqlClient;

        public static class DbConnection
        {
            public static MySqlConnection {|SC0001:conn|} { get; set; }

            public static void StartConnection()
            {
                conn = new MySqlConnection("server=localhost;database=client_schedule");
                conn.Open();
            }
        }

        public class ApptByConsultant
        {
            public void SetupConsultants()
            {
                MySqlConnection conn = DbConnection.conn;

                string query = "SELECT userName FROM user ORDER BY userName ASC";

                MySqlCommand cmd = new MySqlCommand(query, conn);

                try
                {
                    MySqlDataReader reader = cmd.ExecuteReader();
                    while (reader.Read())
                    {
                        Console.WriteLine(reader["userName"].ToString());
                    }

                    reader.Close();
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine($"An error occurred: {ex.Message}");
                }
            }
        }
        """, """
        using System;
        using MySql.Data.MySqlClient;

        public static class DbConnection
        {
            public static MySqlConnection OpenConn()
            {
                var connection = new MySqlConnection("server=localhost;database=client_schedule");
                try
                {
                    connection.Open();
                    return connection;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }
        }

        public class ApptByConsultant
        {
            public void SetupConsultants()
            {

                string query = "SELECT userName FROM user ORDER BY userName ASC";

                try
                {
                    using MySqlConnection conn = DbConnection.OpenConn();
                    MySqlCommand cmd = new MySqlCommand(query, conn);
                    MySqlDataReader reader = cmd.ExecuteReader();
                    while (reader.Read())
                    {
                        Console.WriteLine(reader["userName"].ToString());
                    }

                    reader.Close();
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine($"An error occurred: {ex.Message}");
                }
            }
        }
        """);

    /// <summary>
    /// A command built in a <c>using</c> whose block runs it inside a reporting <c>try</c> (SWilli93/C969FinalProject-
    /// SchedulingApp, Database/DBInsert.cs): the catching <c>try</c> sits inside the <c>using</c>, the command cannot move
    /// into it, and a lease before the <c>using</c> would connect past the report. Declines.
    /// </summary>
    // https://github.com/SWilli93/C969FinalProject-SchedulingApp/blob/315ff647283c6793811515a4782f901e99d500e1/Database/DBInsert.cs
    [Fact]
    public Task A_catching_try_inside_the_commands_using_declines() => Verify.VerifyNoFixAsync("""
        using System;
        using MySql.Data.MySqlClient;

        public class DBConnection
        {
            public static MySqlConnection {|SC0001:Conn|} { get; set; }

            public static void startConnection()
            {
                try
                {
                    Conn = new MySqlConnection("server=localhost;database=client_schedule");
                    Conn.Open();
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine(ex.Message);
                }
            }
        }

        public static class DBInsert
        {
            public static void InsertCountry(string name)
            {
                string query = "INSERT INTO country (country) VALUES (@country)";
                using (MySqlCommand command = new MySqlCommand(query, DBConnection.Conn))
                {
                    command.Parameters.AddWithValue("@country", name);
                    try
                    {
                        command.ExecuteNonQuery();
                    }
                    catch (MySqlException ex)
                    {
                        Console.WriteLine($"Error saving Country: {ex.Message}");
                    }
                }
            }
        }
        """);
}
