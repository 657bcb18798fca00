using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// Student and WinForms holders often report a failed open and carry on (<c>try { con.Open(); } catch (Exception e) {
/// MessageBox.Show(e.Message); }</c>, an opener's <c>catch { return false; }</c>, an accessor's <c>catch { return null;
/// }</c>): with the database down, the caller gets the connection unopened (or null) and fails or carries on as it
/// does. The factory keeps those catch clauses and hands out the unopened connection, rather than throwing where the
/// holder never did.
/// </summary>
public class SwallowedOpenFailureFixTests
{
    /// <summary>
    /// An opener that reports the failure in a message box after a close (GRWolfy/AppsDev@0b30e0a0a4f4:
    /// AppsDev/Connection/Connection.cs, <c>DB()</c>), with a connection kept in the holder as ashchau/MasterCode@e6b1fee3178c
    /// App_Code/test2.cs does; a form's handler calls it, then runs its command.
    /// </summary>
    [Fact]
    public Task An_opener_that_reports_a_failed_open_gives_a_factory_that_reports_it_and_hands_out_the_connection() => Verify.VerifyAsync(
        """
        using System;
        using System.Data.SqlClient;
        using System.Windows.Forms;

        namespace System.Windows.Forms
        {
            public static class MessageBox { public static void Show(string text) { } }
        }

        class Connection
        {
            public static SqlConnection {|SC0001:con|} = new SqlConnection("Data Source=WOLF;Initial Catalog=TestingDb;Integrated Security=True");

            public static void DB()
            {
                try
                {
                    con.Open();
                }
                catch (Exception e)
                {
                    con.Close();
                    MessageBox.Show(e.Message);
                }
            }
        }

        class Login
        {
            public int Count()
            {
                Connection.DB();
                var command = new SqlCommand("SELECT COUNT(*) FROM Users", Connection.con);
                var count = (int)command.ExecuteScalar();
                Connection.con.Close();
                return count;
            }
        }
        """,
        """
        using System;
        using System.Data.SqlClient;
        using System.Windows.Forms;

        namespace System.Windows.Forms
        {
            public static class MessageBox { public static void Show(string text) { } }
        }

        class Connection
        {
            public static SqlConnection OpenCon()
            {
                var connection = new SqlConnection("Data Source=WOLF;Initial Catalog=TestingDb;Integrated Security=True");
                try
                {
                    connection.Open();
                }
                catch (Exception e)
                {
                    MessageBox.Show(e.Message);
                }

                return connection;
            }
        }

        class Login
        {
            public int Count()
            {
                using var connection = Connection.OpenCon();
                var command = new SqlCommand("SELECT COUNT(*) FROM Users", connection);
                var count = (int)command.ExecuteScalar();
                return count;
            }
        }
        """);

    /// <summary>
    /// The same opener reporting through an error logger the class keeps in a field (<c>_errorLogger.ErrorLog(ex.Message,
    /// "BaseRepo - ExistsAsync")</c>, as the repositories <c>find_string "catch (Exception ex) { _errorLogger."</c> shows
    /// write it): a receiver named as a logger reports, as <c>MessageBox</c> and <c>_logger</c> do.
    /// </summary>
    [Fact]
    public Task An_opener_that_reports_through_a_named_logger_field_keeps_the_report() => Verify.VerifyAsync(
        """
        using System;
        using System.Data.SqlClient;

        class ErrorLogger { public void ErrorLog(string message, string place) { } }

        class Connection
        {
            private static readonly ErrorLogger _errorLogger = new ErrorLogger();
            public static SqlConnection {|SC0001:con|} = new SqlConnection("Data Source=WOLF;Initial Catalog=TestingDb;Integrated Security=True");

            public static void DB()
            {
                try
                {
                    con.Open();
                }
                catch (Exception e)
                {
                    con.Close();
                    _errorLogger.ErrorLog(e.Message, "Connection - DB");
                }
            }
        }

        class Login
        {
            public int Count()
            {
                Connection.DB();
                var command = new SqlCommand("SELECT COUNT(*) FROM Users", Connection.con);
                var count = (int)command.ExecuteScalar();
                Connection.con.Close();
                return count;
            }
        }
        """,
        """
        using System;
        using System.Data.SqlClient;

        class ErrorLogger { public void ErrorLog(string message, string place) { } }

        class Connection
        {
            private static readonly ErrorLogger _errorLogger = new ErrorLogger();
            public static SqlConnection OpenCon()
            {
                var connection = new SqlConnection("Data Source=WOLF;Initial Catalog=TestingDb;Integrated Security=True");
                try
                {
                    connection.Open();
                }
                catch (Exception e)
                {
                    _errorLogger.ErrorLog(e.Message, "Connection - DB");
                }

                return connection;
            }
        }

        class Login
        {
            public int Count()
            {
                using var connection = Connection.OpenCon();
                var command = new SqlCommand("SELECT COUNT(*) FROM Users", connection);
                var count = (int)command.ExecuteScalar();
                return count;
            }
        }
        """);

    /// <summary>
    /// willy2358/WebAPI@c884009da7d9: Models/Database.cs — an accessor that opens a new local, keeps it, and returns null
    /// when the open fails (<c>catch (MySqlException ex) { return null; }</c>); the factory still returns null then, having
    /// disposed the connection that failed.
    /// </summary>
    [Fact]
    public Task An_accessor_that_returns_null_when_the_open_fails_gives_a_factory_that_returns_null() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        class Database
        {
            private static MySqlConnection {|SC0001:_dbConn|} = null;
            private static string connStr = "server=localhost;user=root;database=sqltest;port=3306";

            public static MySqlConnection GetDbConnection()
            {
                if (null == Database._dbConn || Database._dbConn.State != System.Data.ConnectionState.Open)
                {
                    try
                    {
                        var conn = new MySqlConnection(Database.connStr);
                        conn.Open();
                        Database._dbConn = conn;
                    }
                    catch (MySqlException ex)
                    {
                        return null;
                    }
                }

                return Database._dbConn;
            }
        }

        class Orders
        {
            public object Count()
            {
                var command = new MySqlCommand("SELECT COUNT(*) FROM orders", Database.GetDbConnection());
                return command.ExecuteScalar();
            }
        }
        """,
        """
        using MySqlConnector;

        class Database
        {
            private static string connStr = "server=localhost;user=root;database=sqltest;port=3306";

            public static MySqlConnection GetDbConnection()
            {
                var connection = new MySqlConnection(Database.connStr);
                try
                {
                    connection.Open();
                }
                catch (MySqlException)
                {
                    connection.Dispose();
                    return null;
                }

                return connection;
            }
        }

        class Orders
        {
            public object Count()
            {
                using (var connection = Database.GetDbConnection())
                {
                    var command = new MySqlCommand("SELECT COUNT(*) FROM orders", connection);
                    return command.ExecuteScalar();
                }
            }
        }
        """, Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3);

    /// <summary>
    /// NataliaLagos/AppWeb1@4c3f157ab2f6: ConexionMysql.cs, GestionDatos.cs (and the same class in YonnierUni/InquiryOnline@
    /// aa6bf34e0c3c: IO/App_Code/Conexion.cs) — a Web Forms accessor that notes why the open failed in a static field for
    /// the page to show and returns null (<c>catch (Exception e) { error = e.Message; return null; }</c>); each page's
    /// <c>GestionDatos</c> keeps what it gets. The factory's catch notes the failure the same way, disposes the
    /// connection that failed and returns null.
    /// </summary>
    [Fact]
    public Task An_accessor_that_notes_a_failed_open_in_a_field_gives_a_factory_that_notes_it_and_returns_null() => Verify.VerifyAsync(
        """
        using System;
        using System.Collections.Generic;
        using MySqlConnector;

        public class ConexionMysql
        {
            private static MySqlConnection {|SC0001:ObjetoConexion|};
            private static string error;

            public static MySqlConnection GetConexion()
            {
                if (ObjetoConexion != null)
                    return ObjetoConexion;
                ObjetoConexion = new MySqlConnection("Server=localhost; Database=sena; Uid=usersena; Pwd=sena2020;");
                try
                {
                    ObjetoConexion.Open();
                    return ObjetoConexion;
                }
                catch (Exception e)
                {
                    error = e.Message;
                    return null;
                }
            }

            public static string Error => error;
        }

        public class GestionDatos
        {
            public MySqlConnection conexion;

            public GestionDatos()
            {
                this.conexion = ConexionMysql.GetConexion();
            }

            public List<string> LeerTodos()
            {
                var codigos = new List<string>();
                var cmd = new MySqlCommand("select codigo from empleados;", conexion);
                var resultado = cmd.ExecuteReader();
                while (resultado.Read())
                {
                    codigos.Add(resultado.GetString(0));
                }

                resultado.Close();
                return codigos;
            }
        }
        """,
        """
        using System;
        using System.Collections.Generic;
        using MySqlConnector;

        public class ConexionMysql
        {
            private static string error;

            public static MySqlConnection GetConexion()
            {
                var connection = new MySqlConnection("Server=localhost; Database=sena; Uid=usersena; Pwd=sena2020;");
                try
                {
                    connection.Open();
                }
                catch (Exception e)
                {
                    error = e.Message;
                    connection.Dispose();
                    return null;
                }

                return connection;
            }

            public static string Error => error;
        }

        public class GestionDatos
        {
            public GestionDatos()
            {
            }

            public List<string> LeerTodos()
            {
                var codigos = new List<string>();
                using (var connection = ConexionMysql.GetConexion())
                {
                    var cmd = new MySqlCommand("select codigo from empleados;", connection);
                    var resultado = cmd.ExecuteReader();
                    while (resultado.Read())
                    {
                        codigos.Add(resultado.GetString(0));
                    }

                    resultado.Close();
                }
                return codigos;
            }
        }
        """);

    /// <summary>
    /// The note must read only the caught exception: a catch that also folds another class's counter into it (here
    /// <c>Contador.Intentos</c>, a variation on NataliaLagos/AppWeb1@4c3f157ab2f6: ConexionMysql.cs) does more than a log
    /// line would, so the accessor stays a use that returns the connection and no fix is offered.
    /// </summary>
    [Fact]
    public Task A_catch_whose_note_reads_more_than_the_exception_gets_no_fix() => Verify.VerifyNoFixAsync(
        """
        using System;
        using MySqlConnector;

        public static class Contador
        {
            public static int Intentos;
        }

        public class ConexionMysql
        {
            private static MySqlConnection {|SC0001:ObjetoConexion|};
            private static string error;

            public static MySqlConnection GetConexion()
            {
                if (ObjetoConexion != null)
                    return ObjetoConexion;
                ObjetoConexion = new MySqlConnection("Server=localhost; Database=sena; Uid=usersena; Pwd=sena2020;");
                try
                {
                    ObjetoConexion.Open();
                    return ObjetoConexion;
                }
                catch (Exception e)
                {
                    error = e.Message + " after " + Contador.Intentos;
                    return null;
                }
            }

            public static string Error => error;
        }

        public class Empleados
        {
            public object Contar() => new MySqlCommand("select count(*) from empleados;", ConexionMysql.GetConexion()).ExecuteScalar();
        }
        """);
}
