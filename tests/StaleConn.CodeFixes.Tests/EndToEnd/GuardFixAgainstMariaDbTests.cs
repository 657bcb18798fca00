using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using StaleConn.Analyzers.Rules;
using StaleConn.Testing.MariaDb;

namespace StaleConn.CodeFixes.Tests.EndToEnd;

/// <summary>
/// The point of the fixes: code with a static connection fails once the server closes the idle session; the same code
/// after "Guard with ConnectionGuard", and after "Open a pooled connection per use (data source)" (the first fix for a
/// shared static helper like this one), keeps working. All three are compiled and run against a real MariaDB whose
/// wait_timeout is 2 seconds, idle for longer than the guard's default check threshold (30 seconds).
/// </summary>
public class GuardFixAgainstMariaDbTests
{
    private const string Source = """
        using System;
        using MySqlConnector;

        public static class Counter
        {
            public static string ConnectionString = "";

            private static MySqlConnection _connection;

            public static void Start()
            {
                _connection = new MySqlConnection(ConnectionString);
                _connection.Open();
            }

            public static long Next()
            {
                using var command = new MySqlCommand("SELECT CONNECTION_ID()", _connection);
                return Convert.ToInt64(command.ExecuteScalar());
            }
        }
        """;

    [Fact]
    public async Task Fixed_code_survives_the_server_closing_an_idle_connection()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var guardedSource = await FixAsync(Source, "Guard with ConnectionGuard", timeout.Token);
        Assert.Contains("ConnectionGuard<MySqlConnection>", guardedSource, StringComparison.Ordinal);
        var pooledSource = await FixAsync(Source, "Open a pooled connection per use (data source)", timeout.Token);
        Assert.Contains("MySqlDataSource", pooledSource, StringComparison.Ordinal);

        await using var server = await MariaDbServer.StartAsync(new[] { "--wait-timeout=2" }, timeout.Token);
        var original = Load(Source, "Original");
        var guarded = Load(guardedSource, "Guarded");
        var pooled = Load(pooledSource, "Pooled");
        foreach (var counter in new[] { original, guarded, pooled })
        {
            counter.GetField("ConnectionString")!.SetValue(null, server.ConnectionString);
            counter.GetMethod("Start")?.Invoke(null, null);
        }

        var sessionBefore = (long)guarded.GetMethod("Next")!.Invoke(null, null)!;
        var pooledBefore = (long)pooled.GetMethod("Next")!.Invoke(null, null)!;
        Assert.True((long)original.GetMethod("Next")!.Invoke(null, null)! > 0);

        // Idle past the server's wait_timeout (2 s) and the guard's IdleCheckAfter (30 s, the default the fix uses).
        await Task.Delay(TimeSpan.FromSeconds(32), timeout.Token);

        // The unguarded static connection fails the way users see it fail ("Connection reset by peer", error 4031, ...).
        var failure = Assert.Throws<TargetInvocationException>(() => original.GetMethod("Next")!.Invoke(null, null));
        Assert.NotNull(failure.InnerException);

        // The guarded one notices the idle time, finds the session gone, and runs on a new one.
        var sessionAfter = (long)guarded.GetMethod("Next")!.Invoke(null, null)!;
        Assert.NotEqual(sessionBefore, sessionAfter);

        // The pool hands out a live session (it drops the one the server closed).
        var pooledAfter = (long)pooled.GetMethod("Next")!.Invoke(null, null)!;
        Assert.NotEqual(pooledBefore, pooledAfter);
    }

    /// <summary>
    /// Edusu123/teste-concilig's ConexaoBanco (apps30): built empty, given its string right before each open, closed and
    /// dropped after each unit. The guard fix folds the string into its factory; a guard built without it would throw
    /// at the first acquire ("The ConnectionString property has not been initialized"), which only running it shows.
    /// </summary>
    private const string StringSetBeforeEachOpenSource = """
        using System;
        using System.Data;
        using MySqlConnector;

        public static class Counter
        {
            public static string ConnectionString => Environment.GetEnvironmentVariable("STALECONN_E2E_STRING_BEFORE_OPEN")!;

            private static MySqlConnection _connection;

            public static void Connect()
            {
                if (_connection == null)
                {
                    _connection = new MySqlConnection();
                }
                if (_connection.State != ConnectionState.Open)
                {
                    _connection.ConnectionString = ConnectionString;
                    _connection.Open();
                }
            }

            public static void Disconnect()
            {
                _connection.Close();
                _connection.Dispose();
                _connection = null;
            }

            public static long Next()
            {
                try
                {
                    Connect();
                    using var command = new MySqlCommand("SELECT CONNECTION_ID()", _connection);
                    return Convert.ToInt64(command.ExecuteScalar());
                }
                finally
                {
                    Disconnect();
                }
            }
        }
        """;

    [Fact]
    public async Task A_string_set_before_each_open_reaches_every_connection_the_guard_opens()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var guardedSource = await FixAsync(StringSetBeforeEachOpenSource, "Guard with ConnectionGuard", timeout.Token);
        Assert.Contains("new MySqlConnection() { ConnectionString = ConnectionString }", guardedSource, StringComparison.Ordinal);
        Assert.DoesNotContain("_connection.ConnectionString", guardedSource, StringComparison.Ordinal);

        await using var server = await MariaDbServer.StartAsync(Array.Empty<string>(), timeout.Token);
        Environment.SetEnvironmentVariable("STALECONN_E2E_STRING_BEFORE_OPEN", server.ConnectionString);
        var original = Load(StringSetBeforeEachOpenSource, "OriginalStringBeforeOpen");
        var guarded = Load(guardedSource, "GuardedStringBeforeOpen");

        Assert.True((long)original.GetMethod("Next")!.Invoke(null, null)! > 0);

        // Each call builds a new guard (Disconnect drops it), whose factory must give its connection the string.
        var first = (long)guarded.GetMethod("Next")!.Invoke(null, null)!;
        var second = (long)guarded.GetMethod("Next")!.Invoke(null, null)!;
        Assert.True(first > 0);
        Assert.True(second > 0);
    }

    /// <summary>
    /// Koroshiya71/Slay-the-Touhou-RE@4e0671581aa0 Server/Game/Game/script/db/DbManager.cs: <c>Connect</c> reports a failed
    /// open from its <c>catch</c> and the server refuses to start on false. The guarded code still returns false with no
    /// server listening (it returned true when the fix removed the open), true with one, and then survives the server
    /// closing the idle session.
    /// </summary>
    [Fact]
    public async Task A_guarded_connect_still_reports_a_server_that_is_down_and_survives_idle_close()
    {
        const string connecting = """
            using System;
            using MySqlConnector;

            public static class Counter
            {
                private static MySqlConnection _connection;

                public static bool Connect(string connectionString)
                {
                    _connection = new MySqlConnection(connectionString);
                    try
                    {
                        _connection.Open();
                        Console.WriteLine("[db]connect succ");
                        return true;
                    }
                    catch (Exception e)
                    {
                        Console.WriteLine("[db]connect fail, " + e.Message);
                        return false;
                    }
                }

                public static long Next()
                {
                    using var command = new MySqlCommand("SELECT CONNECTION_ID()", _connection);
                    return Convert.ToInt64(command.ExecuteScalar());
                }
            }
            """;
        // Installing a MariaDB data directory took over two minutes at load 80.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var guardedSource = await FixAsync(connecting, "Guard with ConnectionGuard", timeout.Token);
        Assert.Contains("_connection.Acquire().Dispose();", guardedSource, StringComparison.Ordinal);
        var guarded = Load(guardedSource, "GuardedConnect");
        var connect = guarded.GetMethod("Connect")!;
        var next = guarded.GetMethod("Next")!;

        Assert.False((bool)connect.Invoke(null, new object[] { "Server=127.0.0.1;Port=1;User ID=root;Connection Timeout=2" })!);

        await using var server = await MariaDbServer.StartAsync(new[] { "--wait-timeout=2" }, timeout.Token);
        Assert.True((bool)connect.Invoke(null, new object[] { server.ConnectionString })!);
        var sessionBefore = (long)next.Invoke(null, null)!;
        await Task.Delay(TimeSpan.FromSeconds(32), timeout.Token);
        Assert.NotEqual(sessionBefore, (long)next.Invoke(null, null)!);
    }

    /// <summary>
    /// A unit that calls another while it holds the connection (Golden_Connect's and Swaelo's DAOs; stop 32): <c>Insert</c>
    /// inserts, asks its sibling <c>LastId</c> for <c>LAST_INSERT_ID()</c>, then updates the row it names. The old code
    /// ran both on one session; the guarded code joins the lease (<c>AcquireOrJoin</c>), so <c>LastId</c> runs on the
    /// same session and reads the id just inserted. With a plain <c>Acquire</c> the nested call would fail, and with a
    /// connection per unit it would read 0.
    /// </summary>
    [Fact]
    public async Task A_unit_called_inside_another_reads_its_LAST_INSERT_ID_on_the_joined_lease()
    {
        const string dao = """
            using System;
            using MySqlConnector;

            public static class Counter
            {
                private static MySqlConnection _connection;

                public static void Start(string connectionString)
                {
                    _connection = new MySqlConnection(connectionString);
                    _connection.Open();
                }

                public static long Insert(string name)
                {
                    using var command = new MySqlCommand("INSERT INTO e2e_nested.items (name) VALUES (@name)", _connection);
                    command.Parameters.AddWithValue("@name", name);
                    command.ExecuteNonQuery();
                    var id = LastId();
                    command.CommandText = "UPDATE e2e_nested.items SET name = CONCAT(name, '-', @id) WHERE id = @id";
                    command.Parameters.AddWithValue("@id", id);
                    command.ExecuteNonQuery();
                    return id;
                }

                public static long LastId()
                {
                    using var command = new MySqlCommand("SELECT LAST_INSERT_ID()", _connection);
                    return Convert.ToInt64(command.ExecuteScalar());
                }

                public static string NameOf(long id)
                {
                    using var command = new MySqlCommand("SELECT name FROM e2e_nested.items WHERE id = " + id, _connection);
                    return (string)command.ExecuteScalar();
                }
            }
            """;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var guardedSource = await FixAsync(dao, "Guard with ConnectionGuard", timeout.Token);
        Assert.Contains("_connection.AcquireOrJoin()", guardedSource, StringComparison.Ordinal);

        await using var server = await MariaDbServer.StartAsync(Array.Empty<string>(), timeout.Token);
        await using (var setup = new MySqlConnector.MySqlConnection(server.ConnectionString))
        {
            await setup.OpenAsync(timeout.Token);
            using var create = new MySqlConnector.MySqlCommand(
                "CREATE DATABASE IF NOT EXISTS e2e_nested; CREATE TABLE IF NOT EXISTS e2e_nested.items (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL)", setup);
            await create.ExecuteNonQueryAsync(timeout.Token);
        }

        foreach (var counter in new[] { Load(dao, "OriginalNested"), Load(guardedSource, "GuardedNested") })
        {
            counter.GetMethod("Start")!.Invoke(null, new object[] { server.ConnectionString });
            var first = (long)counter.GetMethod("Insert")!.Invoke(null, new object[] { "a" })!;
            var second = (long)counter.GetMethod("Insert")!.Invoke(null, new object[] { "b" })!;
            Assert.True(first > 0, $"{counter.Assembly.GetName().Name}: LAST_INSERT_ID() read 0 (another session)");
            Assert.Equal(first + 1, second);
            Assert.Equal("b-" + second, (string)counter.GetMethod("NameOf")!.Invoke(null, new object[] { second })!);
        }
    }

    private static async Task<string> FixAsync(string source, string title, CancellationToken cancellationToken)
    {
        var references = Analyzers.Tests.Infrastructure.TestReferences.Net80WithProviders
            .Add(MetadataReference.CreateFromFile(typeof(ConnectionGuard<>).Assembly.Location));
        var document = Guard.AnalyzerCorpusTests.CreateDocument(new Guard.AnalyzerCorpusTests.Case("e2e", source, LanguageVersion.Latest, null), references);
        var compilation = (await document.Project.GetCompilationAsync(cancellationToken))!;
        var finding = Assert.Single(await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new StaticConnectionAnalyzer()))
            .GetAnalyzerDiagnosticsAsync(cancellationToken));
        var actions = new List<CodeAction>();
        await new GuardWithConnectionGuardCodeFixProvider().RegisterCodeFixesAsync(
            new CodeFixContext(document, finding, (action, _) => actions.Add(action), cancellationToken));
        var action = Assert.Single(actions, a => a.Title == title);
        var operation = (await action.GetOperationsAsync(cancellationToken)).OfType<ApplyChangesOperation>().Single();
        return (await operation.ChangedSolution.GetDocument(document.Id)!.GetTextAsync(cancellationToken)).ToString();
    }

    /// <summary>Compiles against the assemblies this test process runs on, and loads the result.</summary>
    private static Type Load(string source, string assemblyName)
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted.Select(path => MetadataReference.CreateFromFile(path)).ToList<MetadataReference>();
        references.Add(MetadataReference.CreateFromFile(typeof(MySqlConnector.MySqlConnection).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(ConnectionGuard<>).Assembly.Location));
        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(SourceText.From(source)) },
            references.DistinctBy(r => Path.GetFileName(r.Display)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return Assembly.Load(stream.ToArray()).GetType("Counter")!;
    }
}
