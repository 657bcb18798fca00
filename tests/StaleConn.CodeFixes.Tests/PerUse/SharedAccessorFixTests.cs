using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// Issue 14's shape 1: a static holder behind a lazy accessor that many callers reach
/// (<c>new MySqlCommand(q, Connection.GetInstance())</c> handed to a data adapter's <c>Fill</c>). The accessor becomes a
/// factory of pooled connections and each caller's unit of work disposes the one it takes.
/// </summary>
public class SharedAccessorFixTests
{
    /// <summary>
    /// mtsluna/finalLab@HEAD, connections/Connection.cs and daos/AutorDAO.cs: the accessor's connection-string local is
    /// called <c>connection</c>, the name the factory gave its own local; the factory now names its local otherwise.
    /// </summary>
    [Fact]
    public Task An_accessor_whose_setting_local_is_called_connection_becomes_a_factory() => Verify.VerifyAsync(
        """
        using System;
        using System.Configuration;
        using System.Data;
        using MySql.Data.MySqlClient;

        class Connection
        {
            private static MySqlConnection {|SC0001:instance|};

            private Connection()
            {
            }

            public static MySqlConnection GetInstance()
            {
                if (instance == null)
                {
                    var connection = ConfigurationManager.ConnectionStrings["connect"].ConnectionString;
                    instance = new MySqlConnection(connection);
                    instance.Open();
                }
                return instance;
            }
        }

        class AutorDAO
        {
            public DataTable GetAll()
            {
                MySqlCommand mySqlCommand = new MySqlCommand("SELECT * FROM autor", Connection.GetInstance());
                MySqlDataAdapter mySqlDataAdapter = new MySqlDataAdapter();
                mySqlDataAdapter.SelectCommand = mySqlCommand;
                DataTable dataTable = new DataTable();
                mySqlDataAdapter.Fill(dataTable);
                return dataTable;
            }

            public DataTable GetAllByText(String text)
            {
                MySqlCommand mySqlCommand;
                if (text.Trim().Equals(""))
                {
                    mySqlCommand = new MySqlCommand("SELECT * FROM autor", Connection.GetInstance());
                }
                else
                {
                    mySqlCommand = new MySqlCommand("SELECT * FROM autor WHERE nombre LIKE '%" + text + "%'", Connection.GetInstance());
                }
                MySqlDataAdapter mySqlDataAdapter = new MySqlDataAdapter();
                mySqlDataAdapter.SelectCommand = mySqlCommand;
                DataTable dataTable = new DataTable();
                mySqlDataAdapter.Fill(dataTable);
                return dataTable;
            }

            public void Delete(int index)
            {
                MySqlCommand mySqlCommand = new MySqlCommand("DELETE FROM autor WHERE id = " + index, Connection.GetInstance());
                mySqlCommand.ExecuteNonQuery();
            }
        }
        """,
        """
        using System;
        using System.Configuration;
        using System.Data;
        using MySql.Data.MySqlClient;

        class Connection
        {
            private Connection()
            {
            }

            public static MySqlConnection GetInstance()
            {
                var connection = ConfigurationManager.ConnectionStrings["connect"].ConnectionString;
                var newConnection = new MySqlConnection(connection);
                try
                {
                    newConnection.Open();
                    return newConnection;
                }
                catch
                {
                    newConnection.Dispose();
                    throw;
                }
            }
        }

        class AutorDAO
        {
            public DataTable GetAll()
            {
                using (var connection = Connection.GetInstance())
                {
                    MySqlCommand mySqlCommand = new MySqlCommand("SELECT * FROM autor", connection);
                    MySqlDataAdapter mySqlDataAdapter = new MySqlDataAdapter();
                    mySqlDataAdapter.SelectCommand = mySqlCommand;
                    DataTable dataTable = new DataTable();
                    mySqlDataAdapter.Fill(dataTable);
                    return dataTable;
                }
            }

            public DataTable GetAllByText(String text)
            {
                MySqlCommand mySqlCommand;
                using (var connection = Connection.GetInstance())
                {
                    if (text.Trim().Equals(""))
                    {
                        mySqlCommand = new MySqlCommand("SELECT * FROM autor", connection);
                    }
                    else
                    {
                        mySqlCommand = new MySqlCommand("SELECT * FROM autor WHERE nombre LIKE '%" + text + "%'", connection);
                    }
                    MySqlDataAdapter mySqlDataAdapter = new MySqlDataAdapter();
                    mySqlDataAdapter.SelectCommand = mySqlCommand;
                    DataTable dataTable = new DataTable();
                    mySqlDataAdapter.Fill(dataTable);
                    return dataTable;
                }
            }

            public void Delete(int index)
            {
                using (var connection = Connection.GetInstance())
                {
                    MySqlCommand mySqlCommand = new MySqlCommand("DELETE FROM autor WHERE id = " + index, connection);
                    mySqlCommand.ExecuteNonQuery();
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3);

    /// <summary>
    /// rumosky/addressbook@HEAD, ManageDatabase.cs: the accessor calls a private builder when the member is null
    /// (<c>if (conn == null) { ConnectDb(); } return conn;</c>); the builder declares its connection string and builds the
    /// member in a <c>try</c> whose catch sets it to null. The builder's local comes first in the factory, the builder
    /// goes, and the callers (which open and close what they get, as the WinForms handlers do) dispose their own.
    /// </summary>
    [Fact]
    public Task An_accessor_that_calls_a_private_builder_becomes_a_factory() => Verify.VerifyAsync(
        """
        using System;
        using MySql.Data.MySqlClient;

        static class ManageDatabase
        {
            private static MySqlConnection {|SC0001:conn|} = null;

            public static MySqlConnection getConnection()
            {
                if (conn == null)
                {
                    ConnectDb();
                }
                return conn;
            }

            private static void ConnectDb()
            {
                String url = "server=127.0.0.1;port=3306;user=root;database=classofc;Charset=utf8;";
                try
                {
                    conn = new MySqlConnection(url);
                }
                catch (MySqlException)
                {
                    conn = null;
                }
            }
        }

        class AddressBook
        {
            public int Delete(int uid)
            {
                MySqlConnection conn = ManageDatabase.getConnection();
                conn.Open();
                MySqlCommand cmd = new MySqlCommand("delete from addressbook where uid=" + uid, conn);
                int status = cmd.ExecuteNonQuery();
                conn.Close();
                return status;
            }
        }
        """,
        """
        using System;
        using MySql.Data.MySqlClient;

        static class ManageDatabase
        {
            public static MySqlConnection getConnection()
            {
                String url = "server=127.0.0.1;port=3306;user=root;database=classofc;Charset=utf8;";
                return new MySqlConnection(url);
            }
        }

        class AddressBook
        {
            public int Delete(int uid)
            {
                using (MySqlConnection conn = ManageDatabase.getConnection())
                {
                    conn.Open();
                    MySqlCommand cmd = new MySqlCommand("delete from addressbook where uid=" + uid, conn);
                    int status = cmd.ExecuteNonQuery();
                    conn.Close();
                    return status;
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3);

    /// <summary>
    /// A builder whose catch does more than clear the member (it reports and goes on) is not read as one: what the caller
    /// gets after a failure is the holder's decision, kept as it was (no fix, <c>ConnectionReturned</c>).
    /// </summary>
    [Fact]
    public Task An_accessor_whose_builder_reports_its_failure_declines() => Verify.VerifyNoFixAsync(
        """
        using System;
        using MySql.Data.MySqlClient;

        static class ManageDatabase
        {
            private static MySqlConnection {|SC0001:conn|} = null;

            public static MySqlConnection getConnection()
            {
                if (conn == null)
                {
                    ConnectDb();
                }
                return conn;
            }

            private static void ConnectDb()
            {
                String url = "server=127.0.0.1;database=classofc";
                try
                {
                    conn = new MySqlConnection(url);
                }
                catch (MySqlException e)
                {
                    Console.WriteLine(e.Message);
                }
            }
        }

        class AddressBook
        {
            public int Delete(int uid)
            {
                MySqlCommand cmd = new MySqlCommand("delete from addressbook where uid=" + uid, ManageDatabase.getConnection());
                return cmd.ExecuteNonQuery();
            }
        }
        """,
        LanguageVersion.CSharp7_3);

    /// <summary>
    /// foroxer/campo@HEAD, Utiles/ConnectionSingleton.cs: the lazy accessor sets the member from a private creator
    /// (<c>connection = constructor();</c>) that only returns <c>new SqlConnection(...)</c>: its construction is the
    /// factory's.
    /// </summary>
    [Fact]
    public Task An_accessor_that_sets_the_member_from_a_creator_becomes_a_factory() => Verify.VerifyAsync(
        """
        using System.Data.SqlClient;

        public static class Settings
        {
            public const string ConnectionString = "Server=.;Database=campo;Integrated Security=true";
        }

        public class ConnectionSingleton
        {
            private static SqlConnection {|SC0001:connection|};

            private static SqlConnection constructor()
            {
                return new SqlConnection(Settings.ConnectionString);
            }

            public static SqlConnection getConnection()
            {
                if (connection == null)
                {
                    connection = constructor();
                }
                return connection;
            }
        }

        public class ClienteDao
        {
            public int Count()
            {
                SqlConnection conn = ConnectionSingleton.getConnection();
                conn.Open();
                SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM cliente", conn);
                int count = (int)cmd.ExecuteScalar();
                conn.Close();
                return count;
            }
        }
        """,
        """
        using System.Data.SqlClient;

        public static class Settings
        {
            public const string ConnectionString = "Server=.;Database=campo;Integrated Security=true";
        }

        public class ConnectionSingleton
        {
            private static SqlConnection constructor()
            {
                return new SqlConnection(Settings.ConnectionString);
            }

            public static SqlConnection getConnection()
            {
                return new SqlConnection(Settings.ConnectionString);
            }
        }

        public class ClienteDao
        {
            public int Count()
            {
                using (SqlConnection conn = ConnectionSingleton.getConnection())
                {
                    conn.Open();
                    SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM cliente", conn);
                    int count = (int)cmd.ExecuteScalar();
                    conn.Close();
                    return count;
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3);
}
