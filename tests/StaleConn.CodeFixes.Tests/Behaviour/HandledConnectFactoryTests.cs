using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A start-up connect that opens the held connection in a <c>try</c> whose catch reports the failure
/// (<c>try { connection = new MySqlConnection(constr); connection.Open(); } catch { MessageBox.Show("not connected"); }</c>),
/// under the factory fix. Before, the open went with the member: "not connected" was never shown at start-up and the
/// first query failed instead (stop 31's behave31 review: bowlingkn, Frank-Develops, GT-MP's "Fatal" log). Now the open
/// stays where it was as one pooled connection opened and given back at once (<c>OpenConnection().Dispose();</c>), in
/// the same <c>try</c>, so the same catch meets the same failure at the same point. A close of the member just before
/// the open (a reconnect on Load) keeps it so under both fixes.
/// </summary>
public class HandledConnectFactoryTests
{
    private static readonly string[] ConnectionRules = { "SC0001", "SC0002", "SC0005", "SC0007" };

    /// <summary>
    /// bowlingkn/Scheduler-with-mySql@44f89fbf8671 C969/DBConnection.cs, Program.cs (<c>DBConnection.startConnection()</c>
    /// before <c>Application.Run</c>) and DeleteMethod.cs; Frank-Develops/C-Appointment-Management-System-C969@4441136514d6
    /// Connection.cs has the same <c>startConnect</c> with <c>catch (MySqlException ex) { MessageBox.Show(ex.Message); }</c>.
    /// </summary>
    [Theory]
    [InlineData("catch", "MessageBox.Show(\"not connected\");")]
    [InlineData("catch (MySqlException ex)", "MessageBox.Show(ex.Message);")]
    public async Task A_start_up_connect_whose_catch_reports_keeps_one_short_open_in_its_try(string catchClause, string report)
    {
        var holder = StartConnection.Replace("CATCH", catchClause, StringComparison.Ordinal).Replace("REPORT", report, StringComparison.Ordinal);
        var text = await FactoryFixedTextAsync(new[] { holder, Callers }, "connection", "File0.cs");
        Assert.Matches(@"try\s*\{\s*string constr = ""Server=db;Database=c969;Uid=u;Pwd=p"";\s*DBConnection\.connectionString = constr;\s*OpenConnection\(\)\.Dispose\(\);\s*\}\s*" + System.Text.RegularExpressions.Regex.Escape(catchClause), text);
        Assert.Contains(report, text, StringComparison.Ordinal);
    }

    /// <summary>
    /// MypowerHD/GT-MP-Reallife-RPG-Script@ae86fef80e8d resources/TerraTex-RL-RPG/Lib/Data/Database.cs: the constructor
    /// opens in a <c>try</c> whose catch logs "Fatal"; the accessor <c>Conn</c> becomes the factory.
    /// </summary>
    [Fact]
    public async Task A_constructor_that_opens_in_a_try_keeps_one_short_open_through_the_accessor()
    {
        var text = await FactoryFixedTextAsync(new[] { GtMpDatabase }, "Mysql", "File0.cs");
        Assert.Matches(@"this\._connectionString = myConnectionString;\s*Conn\.Dispose\(\);\s*Console\.WriteLine\(""Database Connection created\.""\);", text);
    }

    /// <summary>
    /// TarekV1/System-Design-ScienceCrafts@2e8901667080 WinFormsApp1123/Home.cs (<c>Home_Load</c>: <c>Program.Connection.Close();
    /// Program.Connection.Open();</c> in a <c>try</c> whose catch offers Retry/Cancel), Program.cs and Register.cs. The close
    /// before the open resets the member and uses nothing; before, it made the method look like a use, the open went, and the
    /// form said "Connected" with the server down (fresh35, <c>--show-fixes</c>).
    /// </summary>
    [Theory]
    [InlineData(GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey, @"Program\.OpenConnection\(\)\.Dispose\(\);")]
    [InlineData(GuardWithConnectionGuardCodeFixProvider.EquivalenceKey, @"Program\.Connection\.Close\(\);\s*Program\.Connection\.Acquire\(\)\.Dispose\(\);")]
    public async Task A_handled_reconnect_that_closes_before_it_opens_keeps_one_short_open_in_its_try(string fixKey, string shortOpen)
    {
        var text = await FixedTextAsync(new[] { ScienceCraftsHome, ScienceCraftsProgram }, "Connection", "File0.cs", fixKey);
        Assert.Matches(@"try\s*\{\s*" + shortOpen + @"\s*MessageBox\.Show\(""Connected""\);", text);
    }

    /// <summary>
    /// The "SQLClass" WinForms template: <c>Main</c> opens the static in a <c>try</c> with more start-up work, reports a
    /// failure from its catch (a log line and <c>MessageBox.Show("Ошибка")</c>), runs the main form and closes the static
    /// after <c>Application.Run</c>. Before, that close counted as other work on the member and the open was dropped:
    /// with the server down the start-up report was never made and the start-up work ran against a dead server.
    /// DarkCat09/Testimonials@609d59d729d4 Program.cs and SQLClass.cs; the same Main in IngenerkaSamara/Booking3@804fb57c66bc
    /// and mabramovsd/Booking@3d616442866c (fresh38).
    /// </summary>
    [Theory]
    [InlineData(GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey, @"SQLClass\.OpenCONN\(\)\.Dispose\(\);")]
    [InlineData(GuardWithConnectionGuardCodeFixProvider.EquivalenceKey, @"SQLClass\.CONN = new ConnectionGuard<MySqlConnection>\(.*\);\s*SQLClass\.CONN\.Acquire\(\)\.Dispose\(\);")]
    public async Task A_start_up_connect_closed_after_the_main_form_keeps_one_short_open_in_its_try(string fixKey, string shortOpen)
    {
        var text = await FixedTextAsync(new[] { SqlClassProgram, SqlClassHolder }, "CONN", "File0.cs", fixKey);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, @"try\s*\{\s*" + shortOpen + @"\s*StartUp\.ReadDefaultDesign\(\);\s*\}\s*catch \(Exception ex\)"), text);
    }

    /// <param name="bindsEverything">False where the sources name types of a reference the build lacks, as real code does.</param>
    internal static Task<string> FactoryFixedTextAsync(string[] sources, string reported, string fileName, bool bindsEverything = true) =>
        FixedTextAsync(sources, reported, fileName, GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey, bindsEverything);

    internal static async Task<string> FixedTextAsync(string[] sources, string reported, string fileName, string fixKey, bool bindsEverything = true)
    {
        var project = SnippetProject.Create(sources, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => bindsEverything && d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation),
            d => ConnectionRules.Contains(d.Id) && d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == reported);
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        await new GuardWithConnectionGuardCodeFixProvider().RegisterCodeFixesAsync(
            new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
        var fix = Assert.Single(actions, a => GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(a.Title) == fixKey);
        var changed = (await fix.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var after = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(SnippetProject.CompilerProblems(after).Except(SnippetProject.CompilerProblems(compilation)));
        Assert.DoesNotContain(await HolderShapeCorpusTests.FindingsAsync(changed.GetProject(project.Id)!, after), d => ConnectionRules.Contains(d.Id));
        return (await changed.GetProject(project.Id)!.Documents.Single(d => d.Name == fileName).GetTextAsync()).ToString();
    }

    private const string SqlClassProgram = """
        using System;
        using System.IO;
        using System.Windows.Forms;
        using MySql.Data.MySqlClient;

        namespace Booking3
        {
            static class Program
            {
                [STAThread]
                static void Main()
                {
                    try
                    {
                        SQLClass.CONN = new MySqlConnection(SQLClass.CONNECTION_STRING);
                        SQLClass.CONN.Open();
                        StartUp.ReadDefaultDesign();
                    }
                    catch (Exception ex)
                    {
                        File.AppendAllText(Path.GetTempPath() + "/booking.txt", "Ошибка" + Environment.NewLine + ex.Message);
                        MessageBox.Show("Ошибка");
                    }

                    Application.Run(new Form());

                    SQLClass.CONN.Close();
                }
            }

            static class StartUp
            {
                public static string Font;

                public static void ReadDefaultDesign()
                {
                    try
                    {
                        Font = SQLClass.Select("SELECT value FROM defaultdesign WHERE parameter='FONT'")[0];
                    }
                    catch (Exception) { }
                }
            }
        }
        """;

    private const string SqlClassHolder = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.Windows.Forms;
        using MySql.Data.MySqlClient;

        namespace Booking3
        {
            public static class SQLClass
            {
                public const string CONNECTION_STRING = "SslMode=none;Server=db;Database=booking;port=3306;User Id=u;Pwd=p";

                public static MySqlConnection CONN;

                public static List<string> Select(string cmdText)
                {
                    List<string> list = new List<string>();
                    MySqlCommand cmd = null;
                    DbDataReader reader = null;
                    try
                    {
                        cmd = new MySqlCommand(cmdText, CONN);
                        reader = cmd.ExecuteReader();
                        while (reader.Read())
                        {
                            for (int i = 0; i < reader.FieldCount; i++)
                                list.Add(reader.GetValue(i).ToString());
                        }
                    }
                    catch (Exception ex)
                    {
                        MessageBox.Show("Ошибка " + ex.Message);
                    }
                    finally
                    {
                        if (reader != null)
                            reader.Close();
                        if (cmd != null)
                            cmd.Dispose();
                    }

                    return list;
                }
            }
        }
        """;

    private const string ScienceCraftsProgram = """
        using System.Data.SqlClient;

        namespace WinFormsApp1123
        {
            internal static class Program
            {
                public static SqlConnection Connection = new SqlConnection(@"Server=db\SQLEXPRESS03;Database=ScienceCrafts;Trusted_Connection=True;");
                public static SqlCommand Command = new SqlCommand();
            }
        }
        """;

    private const string ScienceCraftsHome = """
        using System;
        using System.Windows.Forms;

        namespace WinFormsApp1123
        {
            public class Home : Form
            {
                private bool retry;

                private void Home_Load(object sender, EventArgs e)
                {
                TryAgain:
                    try
                    {
                        Program.Connection.Close();
                        Program.Connection.Open();
                        MessageBox.Show("Connected");
                    }
                    catch (Exception er)
                    {
                        MessageBox.Show("Oops!\nSomething went wrong.\n" + er.Message);
                        if (retry)
                        {
                            goto TryAgain;
                        }
                    }
                }
            }

            public class Register : Form
            {
                public void Save(string name, string email)
                {
                    Program.Command.Connection = Program.Connection;
                    Program.Command.CommandText = "insert into Staff (name,email) values(@name,@email)";
                    Program.Command.Parameters.Clear();
                    Program.Command.Parameters.AddWithValue("@name", name);
                    Program.Command.Parameters.AddWithValue("@email", email);
                    int rowsaffected = Program.Command.ExecuteNonQuery();
                    MessageBox.Show(rowsaffected > 0 ? "Register successful" : "Register unsuccessful");
                }
            }
        }
        """;

    private const string StartConnection = """
        using MySql.Data.MySqlClient;
        using System.Windows.Forms;

        namespace C969
        {
            class DBConnection
            {
                public static MySqlConnection connection { get; set; }

                public static void startConnection()
                {
                    try
                    {
                        string constr = "Server=db;Database=c969;Uid=u;Pwd=p";
                        connection = new MySqlConnection(constr);

                        connection.Open();
                    }
                    CATCH
                    {
                        REPORT
                    }
                }

                public static void closeConnection()
                {
                    try
                    {
                        if (connection != null)
                        {
                            connection.Close();
                        }
                        connection = null;
                    }
                    catch
                    {
                        MessageBox.Show("connection not closed");
                    }
                }
            }
        }
        """;

    private const string Callers = """
        using System;
        using MySql.Data.MySqlClient;

        namespace C969
        {
            static class Program
            {
                static void Main()
                {
                    DBConnection.startConnection();
                    Console.WriteLine(DeleteMethod.deleteCustomer(1));
                    DBConnection.closeConnection();
                }
            }

            class DeleteMethod
            {
                public static int deleteCustomer(int custId)
                {
                    var sql = "SELECT addressId FROM customer WHERE customerId = @custId";
                    MySqlCommand cmd = new MySqlCommand(sql, DBConnection.connection);
                    cmd.Parameters.AddWithValue("custId", custId);
                    int addId = Convert.ToInt32(cmd.ExecuteScalar());

                    sql = "DELETE FROM customer WHERE customerId = @custId";
                    cmd = new MySqlCommand(sql, DBConnection.connection);
                    cmd.Parameters.AddWithValue("custId", custId);
                    cmd.ExecuteNonQuery();
                    return addId;
                }
            }
        }
        """;

    private const string GtMpDatabase = """
        using System;
        using MySql.Data.MySqlClient;

        public class Database
        {
            private MySqlConnection _conn;

            public Database(string host, string user, string password, string database)
            {
                string myConnectionString = "SERVER=" + host + ";" + "DATABASE=" + database + ";" + "UID=" + user + ";" + "PASSWORD=" + password + ";";
                try
                {
                    _conn = new MySqlConnection(myConnectionString);
                    _conn.Open();

                    Console.WriteLine("Database Connection created.");
                }
                catch (Exception e)
                {
                    Console.WriteLine("Fatal: " + e.Message);
                }
            }

            public MySqlConnection Conn => _conn;
        }

        public static class Money
        {
            public static Database Mysql = new Database("db", "u", "p", "rl");

            public static void Log(int userId, int amount)
            {
                MySqlCommand insert = Mysql.Conn.CreateCommand();
                insert.CommandText = "INSERT INTO log_player_money (UserID, Amount) VALUES (@UserID, @Amount)";
                insert.Parameters.AddWithValue("@UserID", userId);
                insert.Parameters.AddWithValue("@Amount", amount);
                insert.ExecuteNonQuery();
            }
        }
        """;
}
