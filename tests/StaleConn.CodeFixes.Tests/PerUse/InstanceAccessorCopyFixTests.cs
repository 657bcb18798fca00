using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// DAL classes and forms that keep what a singleton's <em>instance</em> accessor hands out in a member of their own —
/// through the singleton (<c>connection = DBConnection.Instance().Connection</c>) or through a field that keeps it
/// (<c>mdb = ManageDatabase.getInstance(); ... conn = mdb.getConnection();</c>) — set by the initializer, the
/// constructor, a form's Load handler or at the top of each method. The factory fix removes the copy and each unit of
/// work asks the accessor through the same object instead, opening and disposing its own connection as it opened and
/// closed the copy. A receiver that can change, or a copy that escapes (returned, compared), keeps the old reasons.
/// </summary>
public class InstanceAccessorCopyFixTests
{
    /// <summary>
    /// rumosky/addressbook@c33ccdd4589e: ManageDatabase.cs (a holder singleton behind a private nested class; a lazy
    /// instance accessor) and Form2.cs (the form keeps the singleton in <c>mdb</c> and copies the connection in
    /// <c>Form2_Load</c>; every handler opens and closes the copy) — in minimal form, MySqlConnector for MySql.Data.
    /// </summary>
    [Fact]
    public Task A_copy_set_in_the_load_handler_becomes_a_connection_per_handler() => Verify.VerifyAsync(
        new[]
        {
            """
            using MySqlConnector;

            class ManageDatabase
            {
                private MySqlConnection? conn = null;
                private static class ManageDatabaseHolder
                {
                    public static ManageDatabase {|SC0001:INSTANCE|} = new ManageDatabase();
                }
                private ManageDatabase() { }
                public static ManageDatabase getInstance()
                {
                    return ManageDatabaseHolder.INSTANCE;
                }
                public MySqlConnection getConnection()
                {
                    if (conn == null)
                    {
                        conn = new MySqlConnection("server=127.0.0.1;port=3306;user=root;database=classofc;");
                    }
                    return conn;
                }
            }
            """,
            """
            using System;
            using MySqlConnector;

            public partial class Form2
            {
                ManageDatabase mdb = ManageDatabase.getInstance();
                int selTag = -1;
                MySqlConnection conn = null!;

                private void Form2_Load(object sender, EventArgs e)
                {
                    conn = mdb.getConnection();
                    InitDataview();
                }

                void InitDataview()
                {
                    string sql = "select * from addressbook";
                    conn.Open();
                    MySqlCommand cmd = new MySqlCommand(sql, conn);
                    MySqlDataReader reader = cmd.ExecuteReader();
                    while (reader.Read())
                    {
                        Console.WriteLine(reader.GetString("name"));
                    }
                    conn.Close();
                }

                private void button3_Click(object sender, EventArgs e)
                {
                    conn.Open();
                    string sql = $"delete from addressbook where uid={selTag}";
                    MySqlCommand cmd = new MySqlCommand(sql, conn);
                    int status = cmd.ExecuteNonQuery();
                    Console.WriteLine(status == 1 ? "deleted" : "not deleted");
                    conn.Close();
                    InitDataview();
                }
            }
            """,
        },
        new[]
        {
            """
            using MySqlConnector;

            class ManageDatabase
            {
                private static class ManageDatabaseHolder
                {
                    public static ManageDatabase INSTANCE = new ManageDatabase();
                }
                private ManageDatabase() { }
                public static ManageDatabase getInstance()
                {
                    return ManageDatabaseHolder.INSTANCE;
                }
                public MySqlConnection getConnection()
                {
                    return new MySqlConnection("server=127.0.0.1;port=3306;user=root;database=classofc;");
                }
            }
            """,
            """
            using System;
            using MySqlConnector;

            public partial class Form2
            {
                ManageDatabase mdb = ManageDatabase.getInstance();
                int selTag = -1;

                private void Form2_Load(object sender, EventArgs e)
                {
                    InitDataview();
                }

                void InitDataview()
                {
                    string sql = "select * from addressbook";
                    using var connection = mdb.getConnection();
                    connection.Open();
                    MySqlCommand cmd = new MySqlCommand(sql, connection);
                    MySqlDataReader reader = cmd.ExecuteReader();
                    while (reader.Read())
                    {
                        Console.WriteLine(reader.GetString("name"));
                    }
                }

                private void button3_Click(object sender, EventArgs e)
                {
                    using (var connection = mdb.getConnection())
                    {
                        connection.Open();
                        string sql = $"delete from addressbook where uid={selTag}";
                        MySqlCommand cmd = new MySqlCommand(sql, connection);
                        int status = cmd.ExecuteNonQuery();
                        Console.WriteLine(status == 1 ? "deleted" : "not deleted");
                    }
                    InitDataview();
                }
            }
            """,
        });

    /// <summary>
    /// anbbch/PPE_Desktop_Quizz_E6@0e71563799f7: Quizz/Model/Theme.cs (and Question.cs, User.cs: each model keeps
    /// <c>DBConnection.Instance().Connection</c> in a field initializer and runs its commands on it) — in minimal form,
    /// with the singleton's <c>IsConnect()</c> folded into a lazy getter (<see cref="SingletonHolder"/>).
    /// </summary>
    [Fact]
    public async Task A_model_initialised_from_the_singletons_property_asks_it_per_command()
    {
        var fixedSources = await FirstFixAsync(SingletonHolder, """
            using MySqlConnector;

            public class Theme
            {
                public string Name { get; set; } = "";

                private MySqlConnection connection = DBConnection.Instance().Connection;

                public void AddTheme(string name)
                {
                    string query = "INSERT INTO Theme (name) VALUES (@Name)";
                    using (var cmd = new MySqlCommand(query, connection))
                    {
                        cmd.Parameters.AddWithValue("@Name", name);
                        cmd.ExecuteNonQuery();
                    }
                }
            }
            """);
        Assert.Equal("""
            using MySqlConnector;

            public class Theme
            {
                public string Name { get; set; } = "";

                public void AddTheme(string name)
                {
                    string query = "INSERT INTO Theme (name) VALUES (@Name)";
                    using var connection = DBConnection.Instance().Connection;
                    using (var cmd = new MySqlCommand(query, connection))
                    {
                        cmd.Parameters.AddWithValue("@Name", name);
                        cmd.ExecuteNonQuery();
                    }
                }
            }
            """.ReplaceLineEndings(), fixedSources.Single(s => s.Contains("class Theme", StringComparison.Ordinal)).ReplaceLineEndings());
        // The holder keeps no connection: its getter builds and opens one per call.
        Assert.DoesNotContain("private MySqlConnection? connection", fixedSources.Single(s => s.Contains("class DBConnection", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    /// <summary>
    /// nkyokoo/unittesting@1a1b38ffcad6: UserService/UserServices.cs keeps the singleton in <c>db</c> and sets
    /// <c>connection = db.Connection;</c> at the top of each method (there the command goes into a field too, which
    /// keeps <see cref="NoFixReason.ConnectionHandedToStoredObject"/>; here it is a local, in our words).
    /// </summary>
    [Fact]
    public async Task A_copy_set_at_the_top_of_each_method_is_read_through_the_kept_singleton()
    {
        var fixedSources = await FirstFixAsync(SingletonHolder, """
            using MySqlConnector;

            public class UserServices
            {
                DBConnection db = DBConnection.Instance();
                MySqlConnection? connection;

                public bool Register(string name)
                {
                    connection = db.Connection;
                    var command = connection.CreateCommand();
                    command.CommandText = "INSERT INTO users(name) VALUES (@name)";
                    command.Parameters.AddWithValue("@name", name);
                    return command.ExecuteNonQuery() == 1;
                }

                public long Count()
                {
                    connection = db.Connection;
                    var command = connection.CreateCommand();
                    command.CommandText = "SELECT COUNT(*) FROM users";
                    return (long)command.ExecuteScalar()!;
                }
            }
            """);
        var services = fixedSources.Single(s => s.Contains("class UserServices", StringComparison.Ordinal));
        Assert.DoesNotContain("MySqlConnection? connection;", services, StringComparison.Ordinal);
        Assert.DoesNotContain(services.Split('\n'), line => line.Trim() == "connection = db.Connection;");
        Assert.Equal(2, CountOf(services, "using var connection = db.Connection;"));
        Assert.Contains("DBConnection db = DBConnection.Instance();", services, StringComparison.Ordinal);
    }

    /// <summary>
    /// Negative: the field the copy was taken through is set again (<c>db = DBConnection.Instance();</c> in a
    /// <c>Reconnect()</c>), so reading it later may ask another holder than the copy came from: no copy, and the factory
    /// fix declines on the store as before (<see cref="NoFixReason.ConnectionStoredInMember"/>). Shape after
    /// nkyokoo/unittesting@1a1b38ffcad6, the reassignment in our words.
    /// </summary>
    [Fact]
    public Task A_copy_taken_through_a_field_that_is_set_again_is_declined() => DeclinesAsync(NoFixReason.ConnectionStoredInMember, """
        using MySqlConnector;

        public class UserServices
        {
            DBConnection db = DBConnection.Instance();
            MySqlConnection? connection;

            public void Reconnect() => db = DBConnection.Instance();

            public long Count()
            {
                connection = db.Connection;
                var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM users";
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    /// <summary>
    /// Negative: the field is also set to another value (<c>connection = null!;</c> in an <c>Unload()</c>), so a read
    /// after that write does not read the accessor: no copy, and the factory fix declines on the store as before
    /// (<see cref="NoFixReason.ConnectionStoredInMember"/>). Shape after rumosky/addressbook@c33ccdd4589e Form2.cs, the
    /// second write in our words.
    /// </summary>
    [Fact]
    public Task A_field_also_set_to_another_value_is_no_copy() => DeclinesAsync(NoFixReason.ConnectionStoredInMember, """
        using MySqlConnector;

        public class UserServices
        {
            DBConnection db = DBConnection.Instance();
            MySqlConnection connection = null!;

            public void Load()
            {
                connection = db.Connection;
            }

            public void Unload()
            {
                connection = null!;
            }

            public long Count()
            {
                var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM users";
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    /// <summary>
    /// Negative: the method that sets the field reads it first (<c>Console.WriteLine(connection is null)</c> saw null on
    /// the first call, the kept connection later): reading the accessor there would change what it prints, so the field
    /// is no copy and the fix declines as before (<see cref="NoFixReason.ConnectionStoredInMember"/>).
    /// </summary>
    [Fact]
    public Task A_field_read_before_its_method_sets_it_is_no_copy() => DeclinesAsync(NoFixReason.ConnectionStoredInMember, """
        using System;
        using MySqlConnector;

        public class UserServices
        {
            DBConnection db = DBConnection.Instance();
            MySqlConnection? connection;

            public long Count()
            {
                Console.WriteLine(connection is null);
                connection = db.Connection;
                var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM users";
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    /// <summary>
    /// Negative: a constructor names the field without setting it (<c>Describe(connection)</c> hands on the null it
    /// holds before any method set it). The read-before-set check only looks inside the functions that write the field,
    /// so only the "constructors name the field" rule of <see cref="AssignedCopies"/> keeps the constructor from being
    /// handed an open connection where it handed null: the fix declines as before
    /// (<see cref="NoFixReason.ConnectionStoredInMember"/>). Shape after rumosky/addressbook@c33ccdd4589e Form2.cs
    /// (set in <c>Form2_Load</c>), the constructor's read in our words.
    /// </summary>
    [Fact]
    public Task A_field_a_constructor_reads_without_setting_is_no_copy() => DeclinesAsync(NoFixReason.ConnectionStoredInMember, """
        using System;
        using MySqlConnector;

        public class UserServices
        {
            DBConnection db = DBConnection.Instance();
            MySqlConnection? connection;

            public UserServices()
            {
                Describe(connection);
            }

            public void Load()
            {
                connection = db.Connection;
            }

            public long Count()
            {
                var command = connection!.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM users";
                return (long)command.ExecuteScalar()!;
            }

            private static void Describe(MySqlConnection? shown) => Console.WriteLine(shown is null ? "not loaded" : shown.Database);
        }
        """);

    /// <summary>
    /// Negative: the copy is handed out (<c>public MySqlConnection Current() =&gt; conn;</c>): the caller would get a
    /// connection nobody disposes, so the fix declines (<see cref="NoFixReason.ConnectionReturned"/>). Shape after
    /// rumosky/addressbook@c33ccdd4589e Form2.cs, the accessor in our words.
    /// </summary>
    [Fact]
    public Task A_copy_that_is_handed_out_is_declined() => DeclinesAsync(NoFixReason.ConnectionReturned, """
        using MySqlConnector;

        public class UserServices
        {
            DBConnection db = DBConnection.Instance();
            MySqlConnection? connection;

            public void Load()
            {
                connection = db.Connection;
            }

            public MySqlConnection? Current() => connection;
        }
        """);

    /// <summary>
    /// Negative: the copy is compared (<c>if (connection == null)</c> tells whether Load ran); once it is gone that
    /// question has no answer, so the fix declines (<see cref="NoFixReason.MemberStillNeeded"/>).
    /// </summary>
    [Fact]
    public Task A_copy_that_is_compared_is_declined() => DeclinesAsync(NoFixReason.MemberStillNeeded, """
        using MySqlConnector;

        public class UserServices
        {
            DBConnection db = DBConnection.Instance();
            MySqlConnection? connection;

            public void Load()
            {
                connection = db.Connection;
            }

            public long Count()
            {
                if (connection == null)
                {
                    return 0;
                }

                var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM users";
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    /// <summary>
    /// The widely copied MySQL singleton (nkyokoo/unittesting@1a1b38ffcad6 UserService/DBConnection.cs,
    /// anbbch/PPE_Desktop_Quizz_E6@0e71563799f7 Quizz/Model/DBConnection.cs) with its <c>IsConnect()</c> folded into
    /// the getter: <c>IsConnect()</c>'s own <c>if (Connection == null)</c> keeps nkyokoo's holder declined
    /// (<see cref="NoFixReason.AccessorCheckedForNull"/>), which is the holder's shape, not the copies'.
    /// </summary>
    private const string SingletonHolder = """
        using MySqlConnector;

        public class DBConnection
        {
            private DBConnection()
            {
            }

            private MySqlConnection? connection = null;
            public MySqlConnection Connection
            {
                get
                {
                    if (connection == null)
                    {
                        connection = new MySqlConnection("Server=localhost; database=unittesting; UID=root;");
                        connection.Open();
                    }

                    return connection;
                }
            }

            private static DBConnection? _instance = null;
            public static DBConnection Instance()
            {
                if (_instance == null)
                    _instance = new DBConnection();
                return _instance;
            }
        }
        """;

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The holder's finding, fixed with the per-use factory (the first fix for a holder behind accessors): the project's sources after.</summary>
    private static async Task<IReadOnlyList<string>> FirstFixAsync(params string[] files)
    {
        var (project, targets) = await TargetsAsync(files);
        var (solution, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);
        Assert.Empty(notFixed);
        var fixedProject = solution.GetProject(project.Id)!;
        var compilation = (await fixedProject.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var sources = new List<string>();
        foreach (var document in fixedProject.Documents)
        {
            sources.Add((await document.GetTextAsync()).ToString());
        }

        return sources;
    }

    private static async Task DeclinesAsync(NoFixReason reason, string dal)
    {
        var (project, targets) = await TargetsAsync(SingletonHolder, dal);
        var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);
        Assert.True(notFixed.Select(n => n.Reason).SequenceEqual(new[] { reason }), string.Join(", ", notFixed.Select(n => n.Reason)));
    }

    private static async Task<(Project Project, List<GuardTarget> Targets)> TargetsAsync(params string[] files)
    {
        var project = SnippetProject.Create(files);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation), f => f.Id is "SC0001" or "SC0002");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();
        Assert.NotEmpty(targets);
        return (project, targets);
    }
}
