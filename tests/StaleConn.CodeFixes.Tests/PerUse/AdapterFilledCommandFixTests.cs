using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Behaviour;
using StaleConn.CodeFixes.Tests.Reasons;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// The "SMART CRUD" WinForms template (iBasskung's tutorial; <c>find_string "public static DataTable PerformCRUD("</c>
/// shows it on Npgsql, MySql.Data, SqlClient and OleDb): a static connection the solution never opens, a static command
/// each form builds over it, and <c>PerformCRUD</c>, whose data adapter's <c>Fill</c> opens the closed connection and
/// closes it again inside a <c>try</c> whose catch reports a failed open. A lease or a per-use connection would open
/// where the unit starts, past that catch (<c>OpenFailureCaughtByCallee</c>); a new, unopened connection per command
/// keeps the open where the adapter does it: the member becomes a <c>Func&lt;T&gt;</c>, each read an invocation, and a
/// connection string the initializer computed (a helper that reads a file and shows it) is read once into a static
/// field declared just before the member, so it runs when the type is initialised, as before.
/// </summary>
public class AdapterFilledCommandFixTests
{
    /// <summary>
    /// lksee/SmartFactory (rand31) CSharpTest/CSPostgreSQL_SMART_CRUD_V1/CSPostgreSQL_SMART_CRUD_V1/CRUD.cs and Form1.cs
    /// (Npgsql), in minimal form: <c>getconnectionString()</c> reads dbinfo.txt and shows it (a message box there,
    /// the console here); <c>loadData</c> and <c>execute</c> build the kept command, <c>addParameters</c> describes it.
    /// </summary>
    [Fact]
    public Task The_smart_crud_connection_becomes_an_unopened_connection_per_command() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using System.IO;
        using Npgsql;

        internal class CRUD
        {
            private static string getconnectionString()
            {
                string conString = string.Empty;
                try
                {
                    conString = File.ReadAllText("dbinfo.txt");
                    Console.WriteLine(conString);
                }
                catch (Exception e)
                {
                    Console.WriteLine("dbinfo.txt not found\r\n" + e);
                }

                return conString;
            }

            public static NpgsqlConnection {|SC0001:con|} = new NpgsqlConnection(getconnectionString());
            public static NpgsqlCommand cmd = default(NpgsqlCommand);
            public static string sql = string.Empty;

            public static DataTable PerformCRUD(NpgsqlCommand com)
            {
                NpgsqlDataAdapter da = default(NpgsqlDataAdapter);
                DataTable dt = new DataTable();

                try
                {
                    da = new NpgsqlDataAdapter();
                    da.SelectCommand = com;
                    da.Fill(dt);

                    return dt;
                }
                catch (Exception ex)
                {
                    Console.WriteLine("An error occurred: " + ex.Message);
                }

                return dt;
            }
        }

        public class Form1
        {
            private string id = "";
            public string FirstName = "";

            private void loadData(string keyword)
            {
                CRUD.sql = "SELECT autoid, firstname FROM test_data WHERE firstname LIKE @keyword::varchar";
                string strKeyword = string.Format("%{0}%", keyword);
                CRUD.cmd = new NpgsqlCommand(CRUD.sql, CRUD.con);
                CRUD.cmd.Parameters.Clear();
                CRUD.cmd.Parameters.AddWithValue("keyword", strKeyword);

                DataTable dt = CRUD.PerformCRUD(CRUD.cmd);
            }

            private void execute(string mySQL, string param)
            {
                CRUD.cmd = new NpgsqlCommand(mySQL, CRUD.con);
                addParameters(param);
                CRUD.PerformCRUD(CRUD.cmd);
            }

            private void addParameters(string str)
            {
                CRUD.cmd.Parameters.Clear();
                CRUD.cmd.Parameters.AddWithValue("firstname", FirstName.Trim());
                if (str == "Update" || str == "Delete" && !string.IsNullOrEmpty(this.id))
                {
                    CRUD.cmd.Parameters.AddWithValue("id", this.id);
                }
            }
        }
        """, """
        using System;
        using System.Data;
        using System.IO;
        using Npgsql;

        internal class CRUD
        {
            private static string getconnectionString()
            {
                string conString = string.Empty;
                try
                {
                    conString = File.ReadAllText("dbinfo.txt");
                    Console.WriteLine(conString);
                }
                catch (Exception e)
                {
                    Console.WriteLine("dbinfo.txt not found\r\n" + e);
                }

                return conString;
            }

            private static readonly string conConnectionString = getconnectionString();
            public static Func<NpgsqlConnection> con = () => new NpgsqlConnection(conConnectionString);
            public static NpgsqlCommand cmd = default(NpgsqlCommand);
            public static string sql = string.Empty;

            public static DataTable PerformCRUD(NpgsqlCommand com)
            {
                NpgsqlDataAdapter da = default(NpgsqlDataAdapter);
                DataTable dt = new DataTable();

                try
                {
                    da = new NpgsqlDataAdapter();
                    da.SelectCommand = com;
                    da.Fill(dt);

                    return dt;
                }
                catch (Exception ex)
                {
                    Console.WriteLine("An error occurred: " + ex.Message);
                }

                return dt;
            }
        }

        public class Form1
        {
            private string id = "";
            public string FirstName = "";

            private void loadData(string keyword)
            {
                CRUD.sql = "SELECT autoid, firstname FROM test_data WHERE firstname LIKE @keyword::varchar";
                string strKeyword = string.Format("%{0}%", keyword);
                CRUD.cmd = new NpgsqlCommand(CRUD.sql, CRUD.con());
                CRUD.cmd.Parameters.Clear();
                CRUD.cmd.Parameters.AddWithValue("keyword", strKeyword);

                DataTable dt = CRUD.PerformCRUD(CRUD.cmd);
            }

            private void execute(string mySQL, string param)
            {
                CRUD.cmd = new NpgsqlCommand(mySQL, CRUD.con());
                addParameters(param);
                CRUD.PerformCRUD(CRUD.cmd);
            }

            private void addParameters(string str)
            {
                CRUD.cmd.Parameters.Clear();
                CRUD.cmd.Parameters.AddWithValue("firstname", FirstName.Trim());
                if (str == "Update" || str == "Delete" && !string.IsNullOrEmpty(this.id))
                {
                    CRUD.cmd.Parameters.AddWithValue("id", this.id);
                }
            }
        }
        """);

    /// <summary>
    /// The MySql.Data copy of code-search file id 27306151973 (namespace CSMySQL_SMART_CRUD_V: the string built from
    /// constants by <c>string.Format</c>, the catch setting <c>dt = null</c>) with the forms of file id 26166513881
    /// (<c>Executar(CRUD.sql, "Insert")</c>, then <c>SELECT LAST_INSERT_ID()</c> through a second <c>PerformCRUD</c>) and
    /// of lksee/SmartFactory PracForm/WinFormApplication/PracForm/LoginForm.cs (a command kept in a local, then handed on).
    /// Each fill closed the shared connection again, so the second query read whichever pooled session the pool gave it
    /// before as after: a connection object holds no session while closed.
    /// </summary>
    [Fact]
    public Task A_template_copy_on_MySql_with_a_local_command_gets_the_same_fix() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        class CRUD
        {
            private static string getConnectionString()
            {
                string host = "server=192.168.0.38;";
                string db = "Database=jjc;";
                string conString = string.Format("{0}{1}", host, db);
                return conString;
            }
            public static MySqlConnection {|SC0001:con|} = new MySqlConnection(getConnectionString());
            public static MySqlCommand cmd = default(MySqlCommand);
            public static string sql = string.Empty;

            public static DataTable PerformCRUD(MySqlCommand com)
            {
                MySqlDataAdapter da = default(MySqlDataAdapter);
                DataTable dt = new DataTable();

                try
                {
                    da = new MySqlDataAdapter();
                    da.SelectCommand = com;
                    da.Fill(dt);
                }
                catch (Exception ex)
                {
                    Console.WriteLine("An error occured: " + ex.Message);
                    dt = null;
                }
                return dt;
            }
        }

        public class FormCadastro
        {
            private void Executar(string mySQL, string param)
            {
                CRUD.cmd = new MySqlCommand(mySQL, CRUD.con);
                CRUD.cmd.Parameters.Clear();
                CRUD.cmd.Parameters.AddWithValue("nome", param);
                CRUD.PerformCRUD(CRUD.cmd);
            }

            public string Registrar()
            {
                CRUD.sql = "INSERT INTO clientes(nome) VALUES(@nome);";
                Executar(CRUD.sql, "Insert");

                CRUD.sql = "SELECT LAST_INSERT_ID()";
                CRUD.cmd = new MySqlCommand(CRUD.sql, CRUD.con);
                DataTable dt = CRUD.PerformCRUD(CRUD.cmd);
                return Convert.ToString(dt.Rows[0][0]);
            }

            public int Procurar(string keyword)
            {
                MySqlCommand command = new MySqlCommand("SELECT nome FROM clientes WHERE nome = @keyword", CRUD.con);
                command.Parameters.AddWithValue("keyword", keyword);
                return CRUD.PerformCRUD(command).Rows.Count;
            }
        }
        """, """
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        class CRUD
        {
            private static string getConnectionString()
            {
                string host = "server=192.168.0.38;";
                string db = "Database=jjc;";
                string conString = string.Format("{0}{1}", host, db);
                return conString;
            }
            private static readonly string conConnectionString = getConnectionString();
            public static Func<MySqlConnection> con = () => new MySqlConnection(conConnectionString);
            public static MySqlCommand cmd = default(MySqlCommand);
            public static string sql = string.Empty;

            public static DataTable PerformCRUD(MySqlCommand com)
            {
                MySqlDataAdapter da = default(MySqlDataAdapter);
                DataTable dt = new DataTable();

                try
                {
                    da = new MySqlDataAdapter();
                    da.SelectCommand = com;
                    da.Fill(dt);
                }
                catch (Exception ex)
                {
                    Console.WriteLine("An error occured: " + ex.Message);
                    dt = null;
                }
                return dt;
            }
        }

        public class FormCadastro
        {
            private void Executar(string mySQL, string param)
            {
                CRUD.cmd = new MySqlCommand(mySQL, CRUD.con());
                CRUD.cmd.Parameters.Clear();
                CRUD.cmd.Parameters.AddWithValue("nome", param);
                CRUD.PerformCRUD(CRUD.cmd);
            }

            public string Registrar()
            {
                CRUD.sql = "INSERT INTO clientes(nome) VALUES(@nome);";
                Executar(CRUD.sql, "Insert");

                CRUD.sql = "SELECT LAST_INSERT_ID()";
                CRUD.cmd = new MySqlCommand(CRUD.sql, CRUD.con());
                DataTable dt = CRUD.PerformCRUD(CRUD.cmd);
                return Convert.ToString(dt.Rows[0][0]);
            }

            public int Procurar(string keyword)
            {
                MySqlCommand command = new MySqlCommand("SELECT nome FROM clientes WHERE nome = @keyword", CRUD.con());
                command.Parameters.AddWithValue("keyword", keyword);
                return CRUD.PerformCRUD(command).Rows.Count;
            }
        }
        """);

    /// <summary>
    /// The same template where something else than an adapter's fill reaches the command or its connection: the kept
    /// command run directly, its connection read, a command handed to an adapter the class keeps (which may run it
    /// later, or hand out its connection). Not of the shape: the library factory is not planned, the reason stays.
    /// </summary>
    [Theory]
    [InlineData("CRUD.cmd.ExecuteNonQuery();")]
    [InlineData("Console.WriteLine(CRUD.cmd.Connection.State);")]
    [InlineData("CRUD.Kept.SelectCommand = CRUD.cmd;")]
    public async Task A_command_reached_otherwise_than_by_a_fill_keeps_the_decline(string otherUse)
    {
        var (project, targets) = await LibraryOpenedConnectionTests.FindingAsync("""
            using System;
            using System.Data;
            using MySql.Data.MySqlClient;

            internal class CRUD
            {
                public static MySqlConnection con = new MySqlConnection("Server=db;Database=test");
                public static MySqlCommand cmd = default(MySqlCommand);
                public static MySqlDataAdapter Kept = new MySqlDataAdapter();

                public static DataTable PerformCRUD(MySqlCommand com)
                {
                    DataTable dt = new DataTable();
                    try
                    {
                        var da = new MySqlDataAdapter();
                        da.SelectCommand = com;
                        da.Fill(dt);
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine("An error occurred: " + ex.Message);
                    }

                    return dt;
                }
            }

            public class Form1
            {
                private void execute(string sql)
                {
                    CRUD.cmd = new MySqlCommand(sql, CRUD.con);
                    CRUD.PerformCRUD(CRUD.cmd);
                    OTHER
                }
            }
            """.Replace("OTHER", otherUse, StringComparison.Ordinal));
        Assert.Null(await LibraryFactoryFix.PlanAsync(project.Solution, Assert.Single(targets), CancellationToken.None));
    }

    /// <summary>
    /// The template's <c>PerformCRUD</c> with a catch that only rethrows: a failed open passes through it to the caller
    /// either way, so opening where the unit starts keeps it and the guard is not declined for the callee's catch. A catch
    /// that reports the failure keeps the reason.
    /// </summary>
    [Theory]
    [InlineData("throw;", false)]
    [InlineData("throw ex;", false)]
    [InlineData("Console.WriteLine(\"An error occurred: \" + ex.Message);", true)]
    [InlineData("Console.WriteLine(ex.Message); throw;", true)]
    public async Task Only_a_catch_that_does_more_than_rethrow_keeps_the_open_inside_the_callee(string handling, bool declined)
    {
        var reasons = await BuiltAndClosedPerMessageTests.ReasonsAsync(new[] { """
            using System;
            using System.Data;
            using MySqlConnector;

            internal class CRUD
            {
                public static MySqlConnection con = new MySqlConnection("Server=db;Database=test");
                public static MySqlCommand cmd = default(MySqlCommand);

                public static DataTable PerformCRUD(MySqlCommand com)
                {
                    DataTable dt = new DataTable();
                    try
                    {
                        var da = new MySqlDataAdapter();
                        da.SelectCommand = com;
                        da.Fill(dt);
                    }
                    catch (Exception ex)
                    {
                        HANDLING
                    }

                    return dt;
                }
            }

            public class Form1
            {
                private void execute(string sql)
                {
                    CRUD.cmd = new MySqlCommand(sql, CRUD.con);
                    CRUD.PerformCRUD(CRUD.cmd);
                }
            }
            """.Replace("HANDLING", handling, StringComparison.Ordinal) }, FixMode.Guard);
        Assert.Equal(declined, reasons.Contains(NoFixReason.OpenFailureCaughtByCallee));
    }
}
