using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;
using VerifyService = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A holder that hands its connection to kept objects whose fields have findings of their own (the real shapes of
/// <see cref="ReceivingFieldHasOwnFindingTests"/>: wEEWSA0/IT-ParkTelegramBotShitV2, valloon91234/Github2Telegram,
/// AxisKriel/CurrencyBank) gets one guard fix that rewrites holder and receivers together: the holder becomes the guard,
/// each receiver's constructor parameter and field take it, and the receiver's methods lease it per unit of work.
/// </summary>
public class HandedGuardFixTests
{
    [Theory]
    [InlineData("TelegramBot", "Connection", "TableTeachers", "TableStudents")]
    [InlineData("Github2Telegram", "Connection", "GithubCommitDao", "GithubRepoDao")]
    public async Task The_holder_hands_its_one_guard_to_every_receiver(string shape, string holder, string firstReceiver, string secondReceiver)
    {
        var (project, findings) = await ReceivingFieldHasOwnFindingTests.FindingsAsync(shape);
        var finding = Assert.Single(findings, f => NameAt(f) == holder);
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();

        var (fixedSolution, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.Guard, CancellationToken.None);

        Assert.Equal(string.Empty, string.Join(", ", notFixed.Select(n => n.Reason)));
        var fixedProject = fixedSolution.GetProject(project.Id)!;
        var compilation = (await fixedProject.GetCompilationAsync())!;
        var before = (await project.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.Id).ToList();
        var added = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && !before.Remove(d.Id));
        Assert.Equal(string.Empty, string.Join("; ", added.Select(d => d.ToString())));
        foreach (var receiver in new[] { firstReceiver, secondReceiver })
        {
            var constructor = compilation.GetTypeByMetadataName(receiver)!.InstanceConstructors.Single();
            Assert.Equal("ConnectionGuard", constructor.Parameters.Single().Type.Name);
        }

        // One guard for the holder, none wrapping what a receiver is given: every receiver leases the holder's guard.
        var text = string.Concat(fixedProject.Documents.Select(d => d.GetTextAsync().Result.ToString()));
        Assert.Equal(1, CountOf(text, "new ConnectionGuard<"));
        Assert.Equal(2, CountOf(text, ".Acquire()"));

        // The holder's finding and the receivers' go together.
        Assert.Equal(string.Empty, string.Join("; ", (await HolderShapeCorpusTests.FindingsAsync(fixedProject, compilation)).Select(f => f.GetMessage())));
    }

    /// <summary>
    /// Fix All and <c>dotnet format</c> fix one member after another in an order of their own (Fix All by member id, so
    /// IT-ParkTelegramBotShitV2's tables before <c>DbConnector</c>); the editor in the order the user picks. A receiver
    /// fixed first keeps a guard of its own over what it is given; the holder's fix then hands it the holder's guard all
    /// the same, so every order ends in the code the holder's fix gives when it comes first.
    /// </summary>
    [Theory]
    [InlineData("TelegramBot", "Connection")]
    [InlineData("Github2Telegram", "Connection")]
    public async Task Receivers_fixed_first_end_as_the_holder_fixed_first_does(string shape, string holder)
    {
        var (project, findings) = await ReceivingFieldHasOwnFindingTests.FindingsAsync(shape);
        var targets = new List<GuardTarget>();
        foreach (var finding in findings)
        {
            targets.AddRange(await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(project.GetDocument(finding.Location.SourceTree)!, finding, CancellationToken.None));
        }

        var compilation = (await project.GetCompilationAsync())!;
        var holderTarget = Assert.Single(targets, t => t.Resolve(compilation) is { } member && member.Name == holder && member.IsStatic == (shape == "Github2Telegram"));
        var receiverTargets = targets.Where(t => !t.Equals(holderTarget)).ToList();
        Assert.Equal(2, receiverTargets.Count);

        var (holderFirst, _) = await ConnectionGuardFix.GuardEachAsync(project.Solution, new[] { holderTarget }, FixMode.Guard, CancellationToken.None);
        var receiversFirst = project.Solution;
        foreach (var receiver in receiverTargets)
        {
            var (withReceiver, receiverNotFixed) = await ConnectionGuardFix.GuardEachAsync(receiversFirst, new[] { receiver }, FixMode.Guard, CancellationToken.None);
            Assert.Empty(receiverNotFixed);
            receiversFirst = withReceiver;
        }

        var (receiversThenHolder, holderNotFixed) = await ConnectionGuardFix.GuardEachAsync(receiversFirst, new[] { holderTarget }, FixMode.Guard, CancellationToken.None);

        Assert.Equal(string.Empty, string.Join(", ", holderNotFixed.Select(n => n.Reason)));
        foreach (var document in project.Documents)
        {
            Assert.Equal(
                (await holderFirst.GetDocument(document.Id)!.GetTextAsync()).ToString(),
                (await receiversThenHolder.GetDocument(document.Id)!.GetTextAsync()).ToString());
        }
    }

    /// <summary>
    /// IT-ParkTelegramBotShitV2's holder (SC0002) and tables (SC0007) through the verifier, which fixes one finding at a
    /// time from the first (the holder's, which takes the tables with it) and with Fix All in each scope (the tables'
    /// first): both reach the same code.
    /// </summary>
    [Fact]
    public Task Fix_all_reaches_the_code_one_fix_at_a_time_reaches() => VerifyService.VerifyWithOtherAnalyzersAsync(
        Marked(ReceivingFieldHasOwnFindingTests.TelegramBot),
        """
        using System.Collections.Generic;
        using Npgsql;
        using StaleConn;

        public class DbConnector
        {
            private const string _connectionString = "Host=db;Username=bot;Database=bot";

            public ConnectionGuard<NpgsqlConnection> Connection { private set; get; }

            private DbConnector()
            {
                Connection = new ConnectionGuard<NpgsqlConnection>(() => new NpgsqlConnection(_connectionString));
            }

            private static DbConnector _dbConnector = null;

            public static DbConnector GetInstance()
            {
                if (_dbConnector == null)
                {
                    _dbConnector = new DbConnector();
                }

                return _dbConnector;
            }
        }

        public class TableTeachers
        {
            private ConnectionGuard<NpgsqlConnection> _connection;

            public TableTeachers(ConnectionGuard<NpgsqlConnection> connection)
            {
                _connection = connection;
            }

            public List<long> GetAllTeachersChatId()
            {
                List<long> teacherIds = new List<long>();
                using (var lease = _connection.Acquire())
                {
                    NpgsqlCommand command = new NpgsqlCommand("SELECT chat_id FROM teachers", lease.Connection);
                    NpgsqlDataReader dataReader = command.ExecuteReader();
                    while (dataReader.Read())
                    {
                        teacherIds.Add(dataReader.GetInt64(0));
                    }

                    dataReader.Close();
                }
                return teacherIds;
            }
        }

        public class TableStudents
        {
            private ConnectionGuard<NpgsqlConnection> _connection;

            public TableStudents(ConnectionGuard<NpgsqlConnection> connection)
            {
                _connection = connection;
            }

            public void DeleteStudent(long chatId)
            {
                using var lease = _connection.Acquire();
                NpgsqlCommand command = new NpgsqlCommand($"DELETE FROM students WHERE chat_id = {chatId}", lease.Connection);
                command.ExecuteNonQuery();
            }
        }

        public class DbManager
        {
            public TableTeachers TableTeachers { get; private set; }
            public TableStudents TableStudents { get; private set; }

            public DbManager()
            {
                ConnectionGuard<NpgsqlConnection> connection = DbConnector.GetInstance().Connection;

                TableTeachers = new TableTeachers(connection);
                TableStudents = new TableStudents(connection);
            }

            private static DbManager _dbManager = null;

            public static DbManager GetInstance()
            {
                if (_dbManager == null)
                {
                    _dbManager = new DbManager();
                }

                return _dbManager;
            }
        }
        """,
        new StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer());

    [Fact]
    public async Task A_receiver_whose_own_fix_declines_keeps_the_holder_as_it_is()
    {
        var (project, findings) = await ReceivingFieldHasOwnFindingTests.FindingsAsync("CurrencyBank");
        var finding = Assert.Single(findings, f => NameAt(f) == "Db");

        Assert.Equal(new[] { NoFixReason.ReceivingFieldDeclines }, await ReceivingFieldHasOwnFindingTests.ReasonsAsync(project, finding, FixMode.Guard));
    }

    private static string Marked(string telegramBot) => telegramBot
        .Replace("public NpgsqlConnection Connection {", "public NpgsqlConnection {|SC0002:Connection|} {", StringComparison.Ordinal)
        .Replace("private NpgsqlConnection _connection;", "private NpgsqlConnection {|SC0007:_connection|};", StringComparison.Ordinal);

    private static string NameAt(Diagnostic finding) => finding.Location.SourceTree!.GetRoot().FindToken(finding.Location.SourceSpan.Start).ValueText;

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
