using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// The "SMART CRUD" WinForms template (iBasskung's tutorial, copied into many repositories): a static connection, a
/// static command that starts as <c>default(SqlCommand)</c>, and forms whose <c>execute</c> builds the command over the
/// connection, calls a private <c>addParameters</c> that clears and adds its parameters, and hands it to
/// <c>CRUD.PerformCRUD</c> (a data adapter's <c>Fill</c>, which opens and closes the connection itself). The helper reads
/// the command without building it, but only ever at a call that follows the build in a unit that mentions the command
/// again after it — the unit's own command — so the command is rebuilt before every read, as in
/// <see cref="RebuiltStoredCommandFixTests"/>. The template as written declines the guard and per-use fixes, since its
/// <c>PerformCRUD</c> catches the failed open of the adapter (<c>OpenFailureCaughtByCallee</c>, NoFixReasonCatalogue),
/// and gets an unopened connection per command instead (<see cref="AdapterFilledCommandFixTests"/>).
/// </summary>
public class HelperDescribedCommandFixTests
{
    /// <summary>
    /// lksee/SmartFactory (rand31) CSharpTest/CSPostgreSQL_SMART_CRUD_V1/CSPostgreSQL_SMART_CRUD_V1/CRUD.cs and Form1.cs
    /// (Npgsql), in minimal form, with <c>PerformCRUD</c>'s try/catch taken out (a failed open goes up from the unit, as
    /// from the adapter before).
    /// </summary>
    [Fact]
    public Task A_private_helper_describing_the_command_its_caller_just_built_is_read_in_that_unit() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using Npgsql;

        internal class CRUD
        {
            private static string getconnectionString() => "Host=localhost;Port=5432;Database=test;Username=postgres;";

            public static NpgsqlConnection {|SC0001:con|} = new NpgsqlConnection(getconnectionString());
            public static NpgsqlCommand cmd = default(NpgsqlCommand);
            public static string sql = string.Empty;

            public static DataTable PerformCRUD(NpgsqlCommand com)
            {
                DataTable dt = new DataTable();
                var da = new NpgsqlDataAdapter();
                da.SelectCommand = com;
                da.Fill(dt);
                return dt;
            }
        }

        public class Form1
        {
            private string id = "";
            public string FirstName = "";

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

            private void insertButton_Click(object sender, EventArgs e)
            {
                CRUD.sql = "INSERT INTO test_data(firstname) VALUES(@firstname)";
                execute(CRUD.sql, "Insert");
            }

            private void loadData(string keyword)
            {
                CRUD.sql = "SELECT autoid, firstname FROM test_data WHERE firstname LIKE @keyword";
                CRUD.cmd = new NpgsqlCommand(CRUD.sql, CRUD.con);
                CRUD.cmd.Parameters.Clear();
                CRUD.cmd.Parameters.AddWithValue("keyword", keyword);
                DataTable dt = CRUD.PerformCRUD(CRUD.cmd);
                Console.WriteLine(dt.Rows.Count);
            }
        }
        """, """
        using System;
        using System.Data;
        using Npgsql;

        internal class CRUD
        {
            private static string getconnectionString() => "Host=localhost;Port=5432;Database=test;Username=postgres;";

            public static NpgsqlDataSource con = NpgsqlDataSource.Create(getconnectionString());
            public static NpgsqlCommand cmd = default(NpgsqlCommand);
            public static string sql = string.Empty;

            public static DataTable PerformCRUD(NpgsqlCommand com)
            {
                DataTable dt = new DataTable();
                var da = new NpgsqlDataAdapter();
                da.SelectCommand = com;
                da.Fill(dt);
                return dt;
            }
        }

        public class Form1
        {
            private string id = "";
            public string FirstName = "";

            private void execute(string mySQL, string param)
            {
                using var connection = CRUD.con.OpenConnection();
                CRUD.cmd = new NpgsqlCommand(mySQL, connection);
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

            private void insertButton_Click(object sender, EventArgs e)
            {
                CRUD.sql = "INSERT INTO test_data(firstname) VALUES(@firstname)";
                execute(CRUD.sql, "Insert");
            }

            private void loadData(string keyword)
            {
                CRUD.sql = "SELECT autoid, firstname FROM test_data WHERE firstname LIKE @keyword";
                using var connection = CRUD.con.OpenConnection();
                CRUD.cmd = new NpgsqlCommand(CRUD.sql, connection);
                CRUD.cmd.Parameters.Clear();
                CRUD.cmd.Parameters.AddWithValue("keyword", keyword);
                DataTable dt = CRUD.PerformCRUD(CRUD.cmd);
                Console.WriteLine(dt.Rows.Count);
            }
        }
        """);

    /// <summary>
    /// The same helper called as the unit's last mention of the command (here it runs it): the unit's connection ends at
    /// the build's last mention in the caller, before the helper would run the command — no fix.
    /// </summary>
    [Fact]
    public Task A_helper_called_after_the_units_last_mention_of_the_command_declines() => Verify.VerifyNoFixAsync("""
        using System;
        using Npgsql;

        internal class CRUD
        {
            public static NpgsqlConnection {|SC0001:con|} = new NpgsqlConnection("Host=localhost;Database=test");
            public static NpgsqlCommand cmd = default(NpgsqlCommand);
        }

        public class Form1
        {
            private void execute(string mySQL)
            {
                CRUD.con.Open();
                CRUD.cmd = new NpgsqlCommand(mySQL, CRUD.con);
                run();
                CRUD.con.Close();
            }

            private void run()
            {
                CRUD.cmd.ExecuteNonQuery();
            }

            private void insertButton_Click(object sender, EventArgs e) => execute("INSERT INTO test_data(firstname) VALUES('a')");
        }
        """);
}
