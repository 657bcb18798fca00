using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// WinForms and classroom helpers keep the command (and the reader or adapter it made) in a static field beside the
/// static connection, and every method builds it again before it uses it: <c>Function.command = new
/// SqlCommand(Function.gen, Connection.con); Function.command.ExecuteNonQuery();</c>. The command never outlives the
/// method that built it — no code reads the field before the next assignment replaces it — so each method takes its own
/// connection from the pool for its statements, the command is built over that connection and kept in the field as
/// before (the same statements), and the connection is disposed where the method closed the shared one.
/// </summary>
public class RebuiltStoredCommandFixTests
{
    /// <summary>
    /// GRWolfy/E-Library@237dd9a84274: E-Library/Connections.cs (<c>DB()</c> builds and opens a new connection on every
    /// call), E-Library/Function.cs (the static <c>command</c> and <c>reader</c>), E-Library/Students/ViewBook.cs
    /// (<c>getBookInformation</c>, <c>btnReturn_Click</c>) — in minimal form. The reader kept in <c>Function.reader</c> is
    /// read inside the method's scope only.
    /// </summary>
    [Fact]
    public Task A_static_command_rebuilt_in_each_method_is_built_over_the_methods_own_connection() => Verify.VerifyAsync(
        """
        using System;
        using System.Data.SqlClient;

        public class Connection
        {
            public static SqlConnection {|SC0001:con|};
            private static string dbconnect = "Data Source=db;Initial Catalog=Library;Integrated Security=True";

            public static void DB()
            {
                try
                {
                    con = new SqlConnection(dbconnect);
                    con.Open();
                }
                catch (Exception e)
                {
                    con.Close();
                    Console.WriteLine(e.Message);
                }
            }
        }

        public class Function
        {
            public static string gen = "";
            public static SqlCommand command;
            public static SqlDataReader reader;
        }

        public class ViewBook
        {
            public string Title = "";

            public void GetBookInformation(int bookid)
            {
                Connection.DB();
                Function.gen = "SELECT * FROM books WHERE bookid = '" + bookid + "' ";
                Function.command = new SqlCommand(Function.gen, Connection.con);
                Function.reader = Function.command.ExecuteReader();

                if (Function.reader.HasRows)
                {
                    Function.reader.Read();
                    Title = Function.reader["bookname"].ToString();
                }

                Connection.con.Close();
            }

            public void Return(int bookid)
            {
                Connection.DB();
                Function.gen = "UPDATE logs SET returndatetime = 'NEED CONFIRMATION' WHERE bookid = '" + bookid + "' ";
                Function.command = new SqlCommand(Function.gen, Connection.con);
                Function.command.ExecuteNonQuery();
                Connection.con.Close();
                Console.WriteLine("Wait for the confirmation.");
            }
        }
        """,
        """
        using System;
        using System.Data.SqlClient;

        public class Connection
        {
            public static SqlConnection OpenCon()
            {
                var connection = new SqlConnection(dbconnect);
                try
                {
                    connection.Open();
                }
                catch (Exception e)
                {
                    Console.WriteLine(e.Message);
                }

                return connection;
            }
            private static string dbconnect = "Data Source=db;Initial Catalog=Library;Integrated Security=True";
        }

        public class Function
        {
            public static string gen = "";
            public static SqlCommand command;
            public static SqlDataReader reader;
        }

        public class ViewBook
        {
            public string Title = "";

            public void GetBookInformation(int bookid)
            {
                Function.gen = "SELECT * FROM books WHERE bookid = '" + bookid + "' ";
                using var connection = Connection.OpenCon();
                Function.command = new SqlCommand(Function.gen, connection);
                Function.reader = Function.command.ExecuteReader();

                if (Function.reader.HasRows)
                {
                    Function.reader.Read();
                    Title = Function.reader["bookname"].ToString();
                }
            }

            public void Return(int bookid)
            {
                Function.gen = "UPDATE logs SET returndatetime = 'NEED CONFIRMATION' WHERE bookid = '" + bookid + "' ";
                using (var connection = Connection.OpenCon())
                {
                    Function.command = new SqlCommand(Function.gen, connection);
                    Function.command.ExecuteNonQuery();
                }
                Console.WriteLine("Wait for the confirmation.");
            }
        }
        """);

    /// <summary>
    /// GRWolfy/AppsDev@2de0358708cf: AppsDev/Connection/Connection.cs, AppsDev/Functions/Function.cs,
    /// AppsDev/Admin/AddCollection.cs (<c>cmbEvents_SelectedIndexChanged</c>) — a .NET Framework project (C# 7.3)
    /// reaching the statics through their namespaces (<c>Functions.Function.reader</c>). The C# 7.3 <c>using</c> block
    /// must reach every statement that reads the reader kept in the field, not only the one that built the command.
    /// </summary>
    [Fact]
    public Task A_csharp_7_3_scope_covers_the_reader_kept_in_a_static_field() => Verify.VerifyAsync(
        """
        using System;
        using System.Data.SqlClient;

        namespace AppsDev.Connection
        {
            class Connection
            {
                public static SqlConnection {|SC0001:con|};
                private static string dbconnect = "Data Source=db;Initial Catalog=TestingDb;Integrated Security=True";

                public static void DB()
                {
                    try
                    {
                        con = new SqlConnection(dbconnect);
                        con.Open();
                    }
                    catch (Exception e)
                    {
                        con.Close();
                        Console.WriteLine(e.Message);
                    }
                }
            }
        }

        namespace AppsDev.Functions
        {
            class Function
            {
                public static string gen = "";
                public static SqlCommand command;
                public static SqlDataReader reader;
            }
        }

        namespace AppsDev
        {
            class AddCollection
            {
                public string EventId = "";

                public void EventChanged(string name)
                {
                    try
                    {
                        Connection.Connection.DB();
                        Functions.Function.gen = "SELECT * FROM Events WHERE EventName = '" + name + "' ";
                        Functions.Function.command = new SqlCommand(Functions.Function.gen, Connection.Connection.con);
                        Functions.Function.reader = Functions.Function.command.ExecuteReader();

                        if (Functions.Function.reader.Read())
                        {
                            EventId = Functions.Function.reader[0].ToString();
                            Functions.Function.reader.Close();
                        }
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }
            }
        }
        """,
        """
        using System;
        using System.Data.SqlClient;

        namespace AppsDev.Connection
        {
            class Connection
            {
                public static SqlConnection OpenCon()
                {
                    var connection = new SqlConnection(dbconnect);
                    try
                    {
                        connection.Open();
                    }
                    catch (Exception e)
                    {
                        Console.WriteLine(e.Message);
                    }

                    return connection;
                }
                private static string dbconnect = "Data Source=db;Initial Catalog=TestingDb;Integrated Security=True";
            }
        }

        namespace AppsDev.Functions
        {
            class Function
            {
                public static string gen = "";
                public static SqlCommand command;
                public static SqlDataReader reader;
            }
        }

        namespace AppsDev
        {
            class AddCollection
            {
                public string EventId = "";

                public void EventChanged(string name)
                {
                    try
                    {
                        Functions.Function.gen = "SELECT * FROM Events WHERE EventName = '" + name + "' ";
                        using (var connection = Connection.Connection.OpenCon())
                        {
                            Functions.Function.command = new SqlCommand(Functions.Function.gen, connection);
                            Functions.Function.reader = Functions.Function.command.ExecuteReader();

                            if (Functions.Function.reader.Read())
                            {
                                EventId = Functions.Function.reader[0].ToString();
                                Functions.Function.reader.Close();
                            }
                        }
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3);

    /// <summary>
    /// Patutya/MarketDatabaseProgram@3a838d73b0f0: SuperMarketTHEREALONE/SQLProcedures.cs — the connection built once in
    /// the initializer, the command and the adapter made from it kept in static fields, rebuilt by every method.
    /// </summary>
    [Fact]
    public Task A_static_command_and_adapter_over_a_connection_built_once_are_built_per_call() => Verify.VerifyAsync(
        """
        using System.Data;
        using System.Data.SqlClient;

        internal class SQLProcedures
        {
            public static string connstr = "Data Source=db;Initial Catalog=SuperMarket;Integrated Security=True";
            public static SqlConnection {|SC0001:conn|} = new SqlConnection(connstr);
            public static SqlCommand cmd;
            public static SqlDataAdapter dataAdapter;

            public static void InsertUsers(string name, int age)
            {
                cmd = new SqlCommand("InsertUsers", conn);
                cmd.CommandType = CommandType.StoredProcedure;
                cmd.Parameters.AddWithValue("@UserName", name);
                cmd.Parameters.AddWithValue("@UserAge", age);
                conn.Open();
                cmd.ExecuteNonQuery();
                conn.Close();
            }

            public static DataTable SelectUsers()
            {
                cmd = new SqlCommand("SelectUsers", conn);
                dataAdapter = new SqlDataAdapter(cmd);
                DataTable dt = new DataTable();
                dataAdapter.Fill(dt);
                return dt;
            }
        }
        """,
        """
        using System.Data;
        using System.Data.SqlClient;

        internal class SQLProcedures
        {
            public static string connstr = "Data Source=db;Initial Catalog=SuperMarket;Integrated Security=True";
            public static SqlConnection OpenConn()
            {
                var connection = new SqlConnection(connstr);
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
            public static SqlCommand cmd;
            public static SqlDataAdapter dataAdapter;

            public static void InsertUsers(string name, int age)
            {
                using var connection = OpenConn();
                cmd = new SqlCommand("InsertUsers", connection);
                cmd.CommandType = CommandType.StoredProcedure;
                cmd.Parameters.AddWithValue("@UserName", name);
                cmd.Parameters.AddWithValue("@UserAge", age);
                cmd.ExecuteNonQuery();
            }

            public static DataTable SelectUsers()
            {
                using var connection = OpenConn();
                cmd = new SqlCommand("SelectUsers", connection);
                dataAdapter = new SqlDataAdapter(cmd);
                DataTable dt = new DataTable();
                dataAdapter.Fill(dt);
                return dt;
            }
        }
        """);

    /// <summary>
    /// tienhieuD/export-sql-data-to-excel@2d452c941bbd: SQLServerData2Excel/Connecting.cs — <c>openCon()</c> opens the
    /// shared connection if closed, and the static command is rebuilt by every helper method (one returns its scalar).
    /// </summary>
    [Fact]
    public Task A_static_command_rebuilt_after_the_opener_is_built_over_a_connection_per_call() => Verify.VerifyAsync(
        """
        using System.Data;
        using System.Data.SqlClient;

        class Connecting
        {
            public static string conStr = "Data Source=db;Initial Catalog=EMIS;Integrated Security=True";
            public static SqlCommand cmd;
            private static SqlConnection {|SC0001:cnn|} = new SqlConnection(conStr);

            public static void DisConnection()
            {
                cnn.Close();
            }

            public static void openCon()
            {
                if (cnn.State == ConnectionState.Closed)
                {
                    cnn.Open();
                }
            }

            public static void ExcuteSQL(string sql)
            {
                openCon();
                cmd = new SqlCommand(sql, cnn);
                cmd.ExecuteNonQuery();
            }

            public static int AExcuteSQL(string sql)
            {
                openCon();
                cmd = new SqlCommand(sql, cnn);
                return (int)cmd.ExecuteScalar();
            }
        }
        """,
        """
        using System.Data;
        using System.Data.SqlClient;

        class Connecting
        {
            public static string conStr = "Data Source=db;Initial Catalog=EMIS;Integrated Security=True";
            public static SqlCommand cmd;
            private static SqlConnection OpenCnn()
            {
                var connection = new SqlConnection(conStr);
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

            public static void ExcuteSQL(string sql)
            {
                using var connection = OpenCnn();
                cmd = new SqlCommand(sql, connection);
                cmd.ExecuteNonQuery();
            }

            public static int AExcuteSQL(string sql)
            {
                using var connection = OpenCnn();
                cmd = new SqlCommand(sql, connection);
                return (int)cmd.ExecuteScalar();
            }
        }
        """);

    /// <summary>
    /// The same helper as tienhieuD/export-sql-data-to-excel@2d452c941bbd (SQLServerData2Excel/Connecting.cs) with the
    /// reader kept in a static field too (<c>dr = cmd.ExecuteReader(); while (dr.Read())</c>, the <c>KetNoi</c> classroom
    /// helpers' <c>read(sql)</c>), in a C# 7.3 project: the <c>using</c> block reaches the loop over the kept reader.
    /// </summary>
    [Fact]
    public Task A_csharp_7_3_scope_covers_a_reader_kept_in_a_field_of_the_holder() => Verify.VerifyAsync(
        """
        using System.Data;
        using System.Data.SqlClient;

        class Connecting
        {
            public static string conStr = "Data Source=db;Initial Catalog=EMIS;Integrated Security=True";
            public static SqlCommand cmd;
            public static SqlDataReader dr;
            private static SqlConnection {|SC0001:cnn|} = new SqlConnection(conStr);

            public static void openCon()
            {
                if (cnn.State == ConnectionState.Closed)
                {
                    cnn.Open();
                }
            }

            public static string Read(string sql)
            {
                string kq = "";
                openCon();
                cmd = new SqlCommand(sql, cnn);
                dr = cmd.ExecuteReader();
                while (dr.Read())
                {
                    kq = (string)dr["ID"];
                }
                return kq;
            }
        }
        """,
        """
        using System.Data;
        using System.Data.SqlClient;

        class Connecting
        {
            public static string conStr = "Data Source=db;Initial Catalog=EMIS;Integrated Security=True";
            public static SqlCommand cmd;
            public static SqlDataReader dr;
            private static SqlConnection OpenCnn()
            {
                var connection = new SqlConnection(conStr);
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

            public static string Read(string sql)
            {
                string kq = "";
                using (var connection = OpenCnn())
                {
                    cmd = new SqlCommand(sql, connection);
                    dr = cmd.ExecuteReader();
                    while (dr.Read())
                    {
                        kq = (string)dr["ID"];
                    }
                }
                return kq;
            }
        }
        """,
        LanguageVersion.CSharp7_3);

    /// <summary>
    /// A method that builds the static command only in one branch and runs it after the branch: when the branch is not
    /// taken it runs the command an earlier call built, over that call's connection — the field is read where it was
    /// not just built, so no fix is offered. The helper is tienhieuD/export-sql-data-to-excel@2d452c941bbd's
    /// (SQLServerData2Excel/Connecting.cs); the branch is written small.
    /// </summary>
    [Fact]
    public Task A_static_command_built_in_one_branch_and_run_after_it_gets_no_fix() => Verify.VerifyNoFixAsync(
        """
        using System.Data;
        using System.Data.SqlClient;

        class Connecting
        {
            public static SqlCommand cmd;
            private static SqlConnection {|SC0001:cnn|} = new SqlConnection("Data Source=db;Initial Catalog=EMIS;Integrated Security=True");

            public static void ExcuteSQL(string sql, bool rebuild)
            {
                if (cnn.State == ConnectionState.Closed)
                {
                    cnn.Open();
                }

                if (rebuild)
                {
                    cmd = new SqlCommand(sql, cnn);
                }

                cmd.ExecuteNonQuery();
            }
        }
        """);

    /// <summary>
    /// A helper that builds the static command for its callers (<c>instanciar_cmd("sp_...")</c>, then the caller adds
    /// parameters and runs it): the callers read a command they did not build, so the command is kept across units of
    /// work and no fix is offered (<c>ConnectionHandedToStoredObject</c>). Shape of the <c>Datos/DEmpleado.cs</c>
    /// classroom template (Conexion.Conexion_Instanciar().con), written small.
    /// </summary>
    [Fact]
    public Task A_static_command_built_by_a_helper_and_read_by_its_callers_gets_no_fix() => Verify.VerifyNoFixAsync(
        """
        using System.Data;
        using System.Data.SqlClient;

        public class Conexion
        {
            public static SqlConnection {|SC0001:con|} = new SqlConnection("Data Source=db;Initial Catalog=Empresa;Integrated Security=True");
        }

        public static class DEmpleado
        {
            public static SqlCommand cmd;

            private static void instanciar_cmd(string nombre_procedimiento)
            {
                cmd = new SqlCommand(nombre_procedimiento, Conexion.con);
                cmd.CommandType = CommandType.StoredProcedure;
            }

            public static int Empleado_Grabar(int id, string nombre)
            {
                instanciar_cmd("sp_empleado_grabar");
                cmd.Parameters.AddWithValue("@id", id);
                cmd.Parameters.AddWithValue("@nombre", nombre);
                Conexion.con.Open();
                int filas = cmd.ExecuteNonQuery();
                Conexion.con.Close();
                return filas;
            }
        }
        """);
}
