using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// Stop 28's accessor variants (field28 set): an accessor whose <c>else</c> sets the member's connection string again,
/// and an accessor whose creator takes the parts of the connection string as parameters. Both become factories; the
/// variants that would change what a caller gets decline.
/// </summary>
public class AccessorVariantFixTests
{
    /// <summary>
    /// ku718/NorthWind@0ce5b7cb9ce6, MyWinformControl/DBConnection.cs: <c>else { con.ConnectionString = conStr; }</c> puts
    /// back the string a caller's <c>using</c> cleared when it disposed the member; the factory's new connection is built
    /// with that string, so the <c>else</c> goes with the member.
    /// </summary>
    [Fact]
    public Task An_accessor_that_sets_its_own_string_again_becomes_a_factory() => Verify.VerifyAsync(
        """
        using System.Data.SqlClient;

        class DBConnection
        {
            private static SqlConnection {|SC0001:con|} = null;
            private static string conStr = "Server=.;Database=NorthWind;Integrated Security=true";
            private DBConnection() { }

            public static SqlConnection Connecting()
            {
                if (con == null)
                {
                    con = new SqlConnection(conStr);
                }
                else
                {
                    con.ConnectionString = conStr;
                }
                return con;
            }
        }

        class FrmDatabaseXML
        {
            public object Load()
            {
                using (SqlConnection con = DBConnection.Connecting())
                {
                    con.Open();
                    SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM Friends", con);
                    return cmd.ExecuteScalar();
                }
            }
        }
        """,
        """
        using System.Data.SqlClient;

        class DBConnection
        {
            private static string conStr = "Server=.;Database=NorthWind;Integrated Security=true";
            private DBConnection() { }

            public static SqlConnection Connecting()
            {
                return new SqlConnection(conStr);
            }
        }

        class FrmDatabaseXML
        {
            public object Load()
            {
                using (SqlConnection con = DBConnection.Connecting())
                {
                    con.Open();
                    SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM Friends", con);
                    return cmd.ExecuteScalar();
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3);

    /// <summary>
    /// An <c>else</c> that sets another string than the member was built with changes the database a caller reaches:
    /// not read as the factory's construction (no fix, <c>ConnectionReturned</c>).
    /// </summary>
    [Fact]
    public Task An_accessor_that_sets_another_string_declines() => Verify.VerifyNoFixAsync(
        """
        using System.Data.SqlClient;

        class DBConnection
        {
            private static SqlConnection {|SC0001:con|} = null;
            private static string conStr = "Server=.;Database=NorthWind;Integrated Security=true";
            private static string reportStr = "Server=.;Database=Reports;Integrated Security=true";

            public static SqlConnection Connecting()
            {
                if (con == null)
                {
                    con = new SqlConnection(conStr);
                }
                else
                {
                    con.ConnectionString = reportStr;
                }
                return con;
            }
        }

        class FrmDatabaseXML
        {
            public object Load()
            {
                using (SqlConnection con = DBConnection.Connecting())
                {
                    con.Open();
                    return new SqlCommand("SELECT COUNT(*) FROM Friends", con).ExecuteScalar();
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3);

    /// <summary>
    /// thienhuong320/SOA_B1@9f4f9bf3c9b8, DB_WS/DB_WS/DB/ConnectDB.cs: <c>connection = connect("localhost", "world",
    /// "root", "123456");</c> where the creator interpolates its parameters into the string, sets the member and returns
    /// it. The arguments become locals named after the parameters, then the creator's string, then the construction; the
    /// creator goes with the member.
    /// </summary>
    [Fact]
    public Task An_accessor_calling_a_creator_with_constant_arguments_becomes_a_factory() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public class ConnectDB
        {
            private static MySqlConnection {|SC0001:connection|};
            private static MySqlConnection connect(string server, string dbName, string userName, string password)
            {
                string connectionString = $"Server={server};Database={dbName};User={userName};Password={password};";
                connection = new MySqlConnection(connectionString);
                //connection.Open();
                return connection;
            }
            private ConnectDB()
            {
            }

            public static MySqlConnection getInstance()
            {
                if (connection == null)
                    connection = connect("localhost", "world", "root", "123456");
                return connection;
            }
        }

        public class CityRepository
        {
            public int Count()
            {
                MySqlConnection connection = ConnectDB.getInstance();
                connection.Open();
                MySqlCommand cmd = new MySqlCommand("select count(*) from city", connection);
                int count = (int)(long)cmd.ExecuteScalar();
                connection.Close();
                return count;
            }
        }
        """,
        """
        using MySqlConnector;

        public class ConnectDB
        {
            private ConnectDB()
            {
            }

            public static MySqlConnection getInstance()
            {
                string server = "localhost";
                string dbName = "world";
                string userName = "root";
                string password = "123456";
                string connectionString = $"Server={server};Database={dbName};User={userName};Password={password};";
                return new MySqlConnection(connectionString);
            }
        }

        public class CityRepository
        {
            public int Count()
            {
                using (MySqlConnection connection = ConnectDB.getInstance())
                {
                    connection.Open();
                    MySqlCommand cmd = new MySqlCommand("select count(*) from city", connection);
                    int count = (int)(long)cmd.ExecuteScalar();
                    connection.Close();
                    return count;
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3);

    /// <summary>
    /// The same creator called with a field the program may change (not readonly): the factory would read the new value
    /// on every call where the accessor read it once, so the call is not read as the construction (no fix).
    /// </summary>
    [Fact]
    public Task An_accessor_calling_a_creator_with_a_mutable_argument_declines() => Verify.VerifyNoFixAsync(
        """
        using MySqlConnector;

        public class ConnectDB
        {
            public static string Host = "localhost";
            private static MySqlConnection {|SC0001:connection|};
            private static MySqlConnection connect(string server, string dbName)
            {
                string connectionString = $"Server={server};Database={dbName};";
                connection = new MySqlConnection(connectionString);
                return connection;
            }

            public static MySqlConnection getInstance()
            {
                if (connection == null)
                    connection = connect(Host, "world");
                return connection;
            }
        }

        public class CityRepository
        {
            public object Count()
            {
                MySqlConnection connection = ConnectDB.getInstance();
                connection.Open();
                object count = new MySqlCommand("select count(*) from city", connection).ExecuteScalar();
                connection.Close();
                return count;
            }
        }
        """,
        LanguageVersion.CSharp7_3);

    /// <summary>
    /// A creator that returns a new connection built from its parameters (it sets no member), called with a constant and
    /// a readonly field: the creator stays (nothing else changed in it), the factory binds the arguments and builds.
    /// </summary>
    [Fact]
    public Task An_accessor_calling_a_returning_creator_with_readonly_arguments_becomes_a_factory() => Verify.VerifyAsync(
        """
        using System.Data.SqlClient;

        public static class Db
        {
            private static readonly string Server = "(local)";
            private static SqlConnection {|SC0001:instance|};

            private static SqlConnection Create(string server, string database)
            {
                string cs = "Data Source=" + server + ";Initial Catalog=" + database + ";Integrated Security=true";
                return new SqlConnection(cs);
            }

            public static SqlConnection GetInstance()
            {
                if (instance == null)
                {
                    instance = Create(Server, "Shop");
                }
                return instance;
            }
        }

        public class OrderDao
        {
            public object Count()
            {
                SqlConnection conn = Db.GetInstance();
                conn.Open();
                object count = new SqlCommand("SELECT COUNT(*) FROM Orders", conn).ExecuteScalar();
                conn.Close();
                return count;
            }
        }
        """,
        """
        using System.Data.SqlClient;

        public static class Db
        {
            private static readonly string Server = "(local)";

            private static SqlConnection Create(string server, string database)
            {
                string cs = "Data Source=" + server + ";Initial Catalog=" + database + ";Integrated Security=true";
                return new SqlConnection(cs);
            }

            public static SqlConnection GetInstance()
            {
                string server = Server;
                string database = "Shop";
                string cs = "Data Source=" + server + ";Initial Catalog=" + database + ";Integrated Security=true";
                return new SqlConnection(cs);
            }
        }

        public class OrderDao
        {
            public object Count()
            {
                using (SqlConnection conn = Db.GetInstance())
                {
                    conn.Open();
                    object count = new SqlCommand("SELECT COUNT(*) FROM Orders", conn).ExecuteScalar();
                    conn.Close();
                    return count;
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3);
}
