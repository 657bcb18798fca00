using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A DAL wrapper opened through one accessor and read through a plain getter in the same unit of work
/// (<c>db.OpenConnection(); using (var cmd = new MySqlCommand(q, db.Get_conn())) ...; db.CloseConnection();</c>): the
/// factory fix opens one connection per unit where the getter reads it, and the opener's call goes
/// (AviGoldshtein/Sensors@233eb3dce00c, Sensors/Data/DbConnection.cs, DalSensors.cs, DalManager.cs; the same wrapper in
/// the Malshinon course DALs: AviGoldshtein/Malshinon@e4e4b9e6d33f Malshinon/databases/DBconnectionMalshinon.cs with
/// Malshinon/DALs/DALperson.cs, Eclips77/Malshinon@6dd01c781 Malshinon/DataBases/DbConnectionMalshinon.cs).
/// </summary>
public class OpenerAndGetterFixTests
{
    private const string Owner = """
        public static class DalManager
        {
            public static DalSensors dalSensors = new DalSensors();
        }
        """;

    private const string Dal = """
        using System;
        using MySql.Data.MySqlClient;

        public class DalSensors
        {
            DbConnection dbConnection = new DbConnection();

            public int InsertSensor(string name)
            {
                int newId = 0;
                try
                {
                    dbConnection.OpenConnection();
                    string Query = "INSERT INTO sensors (name) VALUES (@name)";
                    using (var cmd = new MySqlCommand(Query, dbConnection.Get_conn()))
                    {
                        cmd.Parameters.AddWithValue("@name", name);
                        newId = Convert.ToInt32(cmd.ExecuteScalar());
                    }
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine($"my sql exeption {ex.Message}");
                }
                dbConnection.CloseConnection();
                return newId;
            }
        }
        """;

    private const string FixedDal = """
        using System;
        using MySql.Data.MySqlClient;

        public class DalSensors
        {
            DbConnection dbConnection = new DbConnection();

            public int InsertSensor(string name)
            {
                int newId = 0;
                try
                {
                    string Query = "INSERT INTO sensors (name) VALUES (@name)";
                    using var connection = dbConnection.Get_conn();
                    using (var cmd = new MySqlCommand(Query, connection))
                    {
                        cmd.Parameters.AddWithValue("@name", name);
                        newId = Convert.ToInt32(cmd.ExecuteScalar());
                    }
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine($"my sql exeption {ex.Message}");
                }
                return newId;
            }
        }
        """;

    private const string FixedHolder = """
        using System;
        using MySql.Data.MySqlClient;

        public class DbConnection
        {
            private string connectionStr = "server=localhost;user=root;password=;database=sensor_projectDB";

            public MySqlConnection Get_conn()
            {
                var connection = new MySqlConnection(connectionStr);
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
            public MySqlConnection OpenConnection()
            {
                var connection = new MySqlConnection(connectionStr);
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
        """;

    private static string Holder(string report) => """
        using System;
        using MySql.Data.MySqlClient;

        public class DbConnection
        {
            private string connectionStr = "server=localhost;user=root;password=;database=sensor_projectDB";
            private MySqlConnection {|SC0007:_conn|};

            public MySqlConnection Get_conn() => this._conn;
            public MySqlConnection OpenConnection()
            {
                if (_conn == null)
                {
                    _conn = new MySqlConnection(connectionStr);
                }
                if (_conn.State != System.Data.ConnectionState.Open)
                {
                    _conn.Open();
                    
        """ + report + """

                }
                return _conn;
            }
            public void CloseConnection()
            {
                if (_conn != null && _conn.State == System.Data.ConnectionState.Open)
                {
                    _conn.Close();
                    _conn = null;
                }
            }
        }
        """;

    private const string Printer = """
        using System;

        internal static class Printer
        {
            public static void LogNote(string massage)
            {
                Console.ForegroundColor = ConsoleColor.DarkYellow;
                Console.WriteLine(massage);
                Console.ResetColor();
            }
        }
        """;

    [Fact]
    public Task The_opener_call_goes_and_the_getter_opens_the_units_connection() => Verify.VerifyAsync(
        new[] { Holder("Console.WriteLine(\"connected..\");"), Dal, Owner },
        new[] { FixedHolder, FixedDal, Owner });

    /// <summary>The opener reports through the solution's own console helper (Sensors' <c>Printer.LogNote</c>): a report, as <c>Console.WriteLine</c> is.</summary>
    [Fact]
    public Task A_console_log_helper_in_the_opener_is_a_report() => Verify.VerifyAsync(
        new[] { Holder("Printer.LogNote(\"connected..\");"), Dal, Owner, Printer },
        new[] { FixedHolder, FixedDal, Owner, Printer });

    /// <summary>A log helper that also counts (a static field it writes) is more than a report: the opener is not understood.</summary>
    [Fact]
    public Task A_log_helper_that_also_keeps_state_is_not_a_report() => Verify.VerifyNoFixAsync(
        new[]
        {
            Holder("Printer.LogNote(\"connected..\");"), Dal, Owner,
            """
            using System;

            internal static class Printer
            {
                public static int Notes;

                public static void LogNote(string massage)
                {
                    Notes++;
                    Console.WriteLine(massage);
                }
            }
            """,
        });

    /// <summary>
    /// The opener called before the <c>try</c> whose block reads the getter: dropping the call would move the open into
    /// the catch's reach, so it stays a call made only to connect (<c>OpenConnection().Dispose()</c>).
    /// </summary>
    [Fact]
    public Task An_opener_call_outside_the_try_of_the_read_stays_a_connect_call() => Verify.VerifyAsync(
        new[] { Holder("Console.WriteLine(\"connected..\");"), OpenedBeforeTry, Owner },
        new[] { FixedHolder, FixedOpenedBeforeTry, Owner });

    private const string OpenedBeforeTry = """
        using System;
        using MySql.Data.MySqlClient;

        public class DalSensors
        {
            DbConnection dbConnection = new DbConnection();

            public int InsertSensor(string name)
            {
                int newId = 0;
                dbConnection.OpenConnection();
                try
                {
                    string Query = "INSERT INTO sensors (name) VALUES (@name)";
                    using (var cmd = new MySqlCommand(Query, dbConnection.Get_conn()))
                    {
                        cmd.Parameters.AddWithValue("@name", name);
                        newId = Convert.ToInt32(cmd.ExecuteScalar());
                    }
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine($"my sql exeption {ex.Message}");
                }
                dbConnection.CloseConnection();
                return newId;
            }
        }
        """;

    private const string FixedOpenedBeforeTry = """
        using System;
        using MySql.Data.MySqlClient;

        public class DalSensors
        {
            DbConnection dbConnection = new DbConnection();

            public int InsertSensor(string name)
            {
                int newId = 0;
                dbConnection.OpenConnection().Dispose();
                try
                {
                    string Query = "INSERT INTO sensors (name) VALUES (@name)";
                    using var connection = dbConnection.Get_conn();
                    using (var cmd = new MySqlCommand(Query, connection))
                    {
                        cmd.Parameters.AddWithValue("@name", name);
                        newId = Convert.ToInt32(cmd.ExecuteScalar());
                    }
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine($"my sql exeption {ex.Message}");
                }
                return newId;
            }
        }
        """;

    /// <summary>
    /// Eclips77/Malshinon@6dd01c781: Malshinon/DataBases/DbConnectionMalshinon.cs (its constructor opens and closes once
    /// to check the server, its getter is <c>GetConn()</c>) and Malshinon/Dals/PersonDal.cs (the close in a
    /// <c>finally</c>), with a static owner: the constructor's check stays a connect call, each DAL method opens once.
    /// </summary>
    [Fact]
    public Task A_constructor_check_stays_and_each_finally_close_goes() => Verify.VerifyAsync(
        new[]
        {
            """
            using System;
            using MySql.Data.MySqlClient;

            internal class DbConnectionMalshinon
            {
                private string connStr = "server=localhost;user=root;password=;database=malshinondb";
                private MySqlConnection {|SC0007:_conn|};
                public DbConnectionMalshinon()
                {
                    try
                    {
                        OpenConnection();
                        CloseConnection();
                    }
                    catch (MySqlException ex)
                    {
                        Console.WriteLine($"MySQL Error: {ex.Message}");
                    }
                }
                public MySqlConnection OpenConnection()
                {
                    if (this._conn == null)
                    {
                        this._conn = new MySqlConnection(connStr);
                    }
                    if (this._conn.State != System.Data.ConnectionState.Open)
                    {
                        this._conn.Open();
                        Console.WriteLine("Connection successful.");
                    }
                    return this._conn;
                }
                public void CloseConnection()
                {
                    if (this._conn != null && this._conn.State == System.Data.ConnectionState.Open)
                    {
                        this._conn.Close();
                        this._conn = null;
                    }
                }
                public MySqlConnection GetConn() => this._conn;
            }
            """,
            """
            using System;
            using MySql.Data.MySqlClient;

            internal class PersonDal
            {
                private readonly DbConnectionMalshinon dbConnection = new DbConnectionMalshinon();

                public void UpdateStatus(string fname, string status)
                {
                    string query = @"UPDATE people SET type = @type WHERE first_name = @fname";
                    try
                    {
                        dbConnection.OpenConnection();
                        using (var cmd = new MySqlCommand(query, dbConnection.GetConn()))
                        {
                            cmd.Parameters.AddWithValue("@fname", fname);
                            cmd.Parameters.AddWithValue("@type", status);
                            cmd.ExecuteNonQuery();
                        }
                    }
                    catch (MySqlException ex)
                    {
                        Console.WriteLine($"sql error method update status: {ex.Message}");
                    }
                    finally
                    {
                        dbConnection.CloseConnection();
                        Console.WriteLine("update secssesfull");
                    }
                }
            }

            internal static class Program
            {
                private static readonly PersonDal People = new PersonDal();
            }
            """,
        },
        new[]
        {
            """
            using System;
            using MySql.Data.MySqlClient;

            internal class DbConnectionMalshinon
            {
                private string connStr = "server=localhost;user=root;password=;database=malshinondb";
                public DbConnectionMalshinon()
                {
                    try
                    {
                        OpenConnection().Dispose();
                    }
                    catch (MySqlException ex)
                    {
                        Console.WriteLine($"MySQL Error: {ex.Message}");
                    }
                }
                public MySqlConnection OpenConnection()
                {
                    var connection = new MySqlConnection(connStr);
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
                public MySqlConnection GetConn()
                {
                    var connection = new MySqlConnection(connStr);
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
            """,
            """
            using System;
            using MySql.Data.MySqlClient;

            internal class PersonDal
            {
                private readonly DbConnectionMalshinon dbConnection = new DbConnectionMalshinon();

                public void UpdateStatus(string fname, string status)
                {
                    string query = @"UPDATE people SET type = @type WHERE first_name = @fname";
                    try
                    {
                        using var connection = dbConnection.GetConn();
                        using (var cmd = new MySqlCommand(query, connection))
                        {
                            cmd.Parameters.AddWithValue("@fname", fname);
                            cmd.Parameters.AddWithValue("@type", status);
                            cmd.ExecuteNonQuery();
                        }
                    }
                    catch (MySqlException ex)
                    {
                        Console.WriteLine($"sql error method update status: {ex.Message}");
                    }
                    finally
                    {
                        Console.WriteLine("update secssesfull");
                    }
                }
            }

            internal static class Program
            {
                private static readonly PersonDal People = new PersonDal();
            }
            """,
        });
}
