using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A form keeps its command and reader in fields and builds both again in every handler from the shared static
/// connection; a handler may first let go of the reader an earlier click left (<c>if (reader != null) {
/// reader.Close(); }</c>) or release it in the <c>finally</c> of the <c>try</c> that builds it. Once each handler has
/// its own connection, the earlier click's connection already closed that reader, and closing a closed reader asks the
/// server nothing: the per-use fixes apply. A handler that reads the old reader before building a new one, or lets go
/// of a prepared command (MySql.Data closes the statement on the server), keeps <see cref="NoFixReason.ConnectionHandedToStoredObject"/>.
/// </summary>
/// <remarks>
/// Frank-Develops/C-Appointment-Management-System-C969@4441136514d6: LogonForm.cs <c>Logon_Click</c> (the release at the
/// top), appointments.cs (the <c>finally { if (reader != null) { reader.Close(); } }</c>), Connection.cs (the static
/// <c>conn</c> opened by <c>startConnect()</c> in Program.cs's <c>Main</c>) — in minimal form. The corpus family
/// "released readers" runs the same shape through every first fix.
/// </remarks>
public class ReleasedKeptReaderTests
{
    private const string Holder = """
        using System;
        using MySql.Data.MySqlClient;

        public class Connection
        {
            public static MySqlConnection conn { get; set; }

            public static void startConnect()
            {
                conn = new MySqlConnection("server=127.0.0.1;database=client_schedule");
                conn.Open();
            }
        }
        """;

    private static string Form(string beforeBuild, string afterBuild = "") => $$"""
        using System;
        using MySql.Data.MySqlClient;

        public partial class LogonForm
        {
            MySqlDataReader reader;
            MySqlCommand sqlCommand;

            private void Logon_Click(object sender, EventArgs e)
            {
                {{beforeBuild}}
                try
                {
                    sqlCommand = new MySqlCommand("SELECT * FROM user WHERE userName = @username", Connection.conn);
                    sqlCommand.Parameters.AddWithValue("@username", "test");
                    {{afterBuild}}
                    reader = sqlCommand.ExecuteReader();
                    if (reader.Read())
                    {
                        Console.WriteLine("correct");
                    }
                    reader.Close();
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex.Message);
                }
                finally
                {
                    if (reader != null)
                    {
                        reader.Close();
                    }
                }
            }
        }
        """;

    private const string ReleaseFirst = "if (reader != null) { reader.Close(); }";

    [Fact]
    public async Task A_reader_released_before_it_is_built_again_gets_a_connection_per_handler()
    {
        Assert.Empty(await NotFixedAsync(Form(ReleaseFirst), FixMode.ConnectionFactory));
    }

    [Fact]
    public async Task A_reader_read_before_it_is_built_again_keeps_the_stored_object_reason()
    {
        var notFixed = await NotFixedAsync(Form("if (reader != null && reader.Read()) { Console.WriteLine(reader.GetString(0)); }"), FixMode.ConnectionFactory);

        Assert.Equal(NoFixReason.ConnectionHandedToStoredObject, Assert.Single(notFixed));
    }

    [Fact]
    public async Task A_prepared_command_released_first_keeps_the_stored_object_reason()
    {
        var notFixed = await NotFixedAsync(
            Form("if (sqlCommand != null) { sqlCommand.Dispose(); }", "sqlCommand.Prepare();"),
            FixMode.ConnectionFactory);

        Assert.Equal(NoFixReason.ConnectionHandedToStoredObject, Assert.Single(notFixed));
    }

    private static async Task<IReadOnlyList<NoFixReason>> NotFixedAsync(string form, FixMode mode) =>
        (await ShapeFixRuns.FixEachAsync(
            new HolderShape("released kept reader", "Frank-Develops/C-Appointment-Management-System-C969", new[] { Holder, form }, LanguageVersion.CSharp7_3),
            mode)).NotFixed;
}
