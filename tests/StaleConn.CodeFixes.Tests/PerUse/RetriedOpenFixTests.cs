using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// Holders that wait for the server in their opener: <c>while (conn.State != ConnectionState.Open) { try { conn.Open(); }
/// catch (Exception ex) { Log(...); Thread.Sleep(10000); } }</c>. Each unit of work that opened the held connection
/// blocked there until the database came back; the per-use factory runs the same loop over its new connection, so each
/// unit still waits — unbounded as before, with the same reports and delays — instead of throwing at the first failure.
/// </summary>
public class RetriedOpenFixTests
{
    /// <summary>
    /// The retry loop of firefly2442/Arma2NETMySQLPlugin@2c4f2c5c2484 (Arma2NETMySQLPlugin/MySQL.cs, <c>OpenConnection</c>:
    /// <c>while (connection.State != ConnectionState.Open) { try { connection.Open(); } catch (Exception ex) {
    /// Logger.addMessage(...); Thread.Sleep(10000); } }</c>) in a parameterless opener, its units opening, querying and
    /// closing, as InnoDB's <c>getAuthentication</c> (public code, exact-string search "while (connection.State !=
    /// ConnectionState.Open)") does with <c>Thread.Sleep(1000)</c>.
    /// </summary>
    [Fact]
    public Task An_opener_that_retries_until_open_gives_a_factory_that_retries_the_same_way() => Verify.VerifyAsync(
        """
        using System;
        using System.Data;
        using System.Threading;
        using MySqlConnector;

        static class Logger
        {
            public static void addMessage(string message) { }
        }

        class Database
        {
            private static MySqlConnection {|SC0001:connection|} = new MySqlConnection("server=db;database=arma;uid=arma;pwd=secret");

            public static void OpenConnection()
            {
                while (connection.State != ConnectionState.Open)
                {
                    try
                    {
                        connection.Open();
                    }
                    catch (Exception ex)
                    {
                        Logger.addMessage("Unable to open connection to MySQL database, trying again in 10 seconds." + ex.ToString());
                        Thread.Sleep(10000);
                    }
                }
            }

            public static void CloseConnection()
            {
                connection.Close();
            }

            public static object Players()
            {
                OpenConnection();
                var command = new MySqlCommand("SELECT COUNT(*) FROM players", connection);
                var count = command.ExecuteScalar();
                CloseConnection();
                return count;
            }
        }
        """,
        """
        using System;
        using System.Data;
        using System.Threading;
        using MySqlConnector;

        static class Logger
        {
            public static void addMessage(string message) { }
        }

        class Database
        {
            private static MySqlConnection OpenConnection()
            {
                var connection = new MySqlConnection("server=db;database=arma;uid=arma;pwd=secret");
                while (connection.State != ConnectionState.Open)
                {
                    try
                    {
                        connection.Open();
                    }
                    catch (Exception ex)
                    {
                        Logger.addMessage("Unable to open connection to MySQL database, trying again in 10 seconds." + ex.ToString());
                        Thread.Sleep(10000);
                    }
                }

                return connection;
            }

            public static object Players()
            {
                using var connection = OpenConnection();
                var command = new MySqlCommand("SELECT COUNT(*) FROM players", connection);
                var count = command.ExecuteScalar();
                return count;
            }
        }
        """);

    /// <summary>
    /// An accessor that retries until open and hands the connection out from its <c>try</c> (Tomar_Banho's
    /// <c>MySql.ConectarBD()</c>, public code, exact-string search "while (con.State != ConnectionState.Open)": <c>try {
    /// con.Open(); return con; } catch (Exception ex) { con.Close(); Console.WriteLine(...); }</c>), its callers closing the
    /// member after each command: the factory keeps the loop, the close in the catch now closes the new connection.
    /// </summary>
    [Fact]
    public Task An_accessor_that_retries_and_returns_from_its_try_gives_a_factory_with_the_same_loop() => Verify.VerifyAsync(
        """
        using System;
        using System.Data;
        using MySqlConnector;

        public static class MySql
        {
            public static MySqlConnection {|SC0001:con|} = new MySqlConnection("server=db;user id=app;database=app;pwd=secret");

            public static MySqlConnection ConectarBD()
            {
                while (con.State != ConnectionState.Open)
                {
                    try
                    {
                        con.Open();
                        return con;
                    }
                    catch (Exception ex)
                    {
                        con.Close();
                        Console.WriteLine("Falha ao conectar ao banco de dados !!!");
                    }
                }
                return con;
            }

            public static void SetaStatus(bool valor)
            {
                using (MySqlCommand co = new MySqlCommand("UPDATE TempoChuveiro SET status = " + valor + " WHERE ID=1", ConectarBD()))
                {
                    co.ExecuteNonQuery();
                }
                con.Close();
            }
        }
        """,
        """
        using System;
        using System.Data;
        using MySqlConnector;

        public static class MySql
        {
            public static MySqlConnection ConectarBD()
            {
                var connection = new MySqlConnection("server=db;user id=app;database=app;pwd=secret");
                while (connection.State != ConnectionState.Open)
                {
                    try
                    {
                        connection.Open();
                        return connection;
                    }
                    catch (Exception ex)
                    {
                        connection.Close();
                        Console.WriteLine("Falha ao conectar ao banco de dados !!!");
                    }
                }

                return connection;
            }

            public static void SetaStatus(bool valor)
            {
                using var connection = ConectarBD();
                using (MySqlCommand co = new MySqlCommand("UPDATE TempoChuveiro SET status = " + valor + " WHERE ID=1", connection))
                {
                    co.ExecuteNonQuery();
                }
            }
        }
        """);

    /// <summary>
    /// The do-while form over a held connection: the loop of Princeksahoo/TPM-TrakReportsEngineV4's
    /// <c>ConnectionManager.GetConnection()</c> (TPM-TrakReportsEngine/ConnectionManager.cs, and the same in
    /// Princeksahoo/FocasSmartDataService_2017-HundaiWia-new) — which already builds a new connection per call, the shape
    /// this fix writes — here in a holder that keeps the connection in a static field and a caller that closes it.
    /// </summary>
    [Fact]
    public Task A_do_while_retry_in_an_accessor_is_carried_as_it_is() => Verify.VerifyAsync(
        """
        using System;
        using System.Data;
        using System.Data.SqlClient;
        using System.Threading;

        static class ConnectionManager
        {
            static SqlConnection {|SC0001:conn|} = new SqlConnection("Data Source=.;Initial Catalog=TPM;Integrated Security=True");

            public static SqlConnection GetConnection()
            {
                do
                {
                    try
                    {
                        conn.Open();
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex.ToString());
                        Thread.Sleep(1000);
                    }
                } while (conn.State != ConnectionState.Open);
                return conn;
            }
        }

        class Reports
        {
            public object Count()
            {
                var c = ConnectionManager.GetConnection();
                var count = new SqlCommand("SELECT COUNT(*) FROM reports", c).ExecuteScalar();
                c.Close();
                return count;
            }
        }
        """,
        """
        using System;
        using System.Data;
        using System.Data.SqlClient;
        using System.Threading;

        static class ConnectionManager
        {
            public static SqlConnection GetConnection()
            {
                var connection = new SqlConnection("Data Source=.;Initial Catalog=TPM;Integrated Security=True");
                do
                {
                    try
                    {
                        connection.Open();
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex.ToString());
                        Thread.Sleep(1000);
                    }
                } while (connection.State != ConnectionState.Open);
                return connection;
            }
        }

        class Reports
        {
            public object Count()
            {
                using var c = ConnectionManager.GetConnection();
                var count = new SqlCommand("SELECT COUNT(*) FROM reports", c).ExecuteScalar();
                c.Close();
                return count;
            }
        }
        """);
}
