using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// A holder hands its connection to objects of the project's own classes that copy it into fields of their own and are
/// kept (issue 15: the connection one step away). Each receiving field has its own finding, whose fix acts where the
/// connection is kept and used, the owner unchanged; the holder's own finding declines the per-use fixes with
/// <see cref="NoFixReason.ReceivingFieldHasOwnFinding"/>, which says where the fix is, instead of the general
/// <see cref="NoFixReason.ConnectionHandedToStoredObject"/> or <see cref="NoFixReason.StoredObjectKeepsConnection"/>
/// (its guard fix hands the receivers its guard: <see cref="Guard.HandedGuardFixTests"/>).
/// Where the receiving field has no finding of its own (vnarozhnyi/SB's repository, two steps down:
/// <see cref="StoredUnitOfWorkTests"/>), <see cref="NoFixReason.StoredObjectKeepsConnection"/> stays.
/// </summary>
public class ReceivingFieldHasOwnFindingTests
{
    /// <summary>
    /// wEEWSA0/IT-ParkTelegramBotShitV2@ba0f67ccc847 IT-ParkTelegramBotShit/DataBase/Connection/DbConnector.cs,
    /// DataBase/DbManager.cs, DataBase/Tables/TableTeachers.cs (two of the three tables, methods shortened): the singleton
    /// <c>DbManager</c> hands a local copy of the singleton <c>DbConnector</c>'s connection to its tables (SC0007 each).
    /// </summary>
    internal const string TelegramBot = """
        using System.Collections.Generic;
        using Npgsql;

        public class DbConnector
        {
            private const string _connectionString = "Host=db;Username=bot;Database=bot";

            public NpgsqlConnection Connection { private set; get; }

            private DbConnector()
            {
                Connection = new NpgsqlConnection(_connectionString);
                Connection.Open();
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
            private NpgsqlConnection _connection;

            public TableTeachers(NpgsqlConnection connection)
            {
                _connection = connection;
            }

            public List<long> GetAllTeachersChatId()
            {
                List<long> teacherIds = new List<long>();
                NpgsqlCommand command = new NpgsqlCommand("SELECT chat_id FROM teachers", _connection);
                NpgsqlDataReader dataReader = command.ExecuteReader();
                while (dataReader.Read())
                {
                    teacherIds.Add(dataReader.GetInt64(0));
                }

                dataReader.Close();
                return teacherIds;
            }
        }

        public class TableStudents
        {
            private NpgsqlConnection _connection;

            public TableStudents(NpgsqlConnection connection)
            {
                _connection = connection;
            }

            public void DeleteStudent(long chatId)
            {
                NpgsqlCommand command = new NpgsqlCommand($"DELETE FROM students WHERE chat_id = {chatId}", _connection);
                command.ExecuteNonQuery();
            }
        }

        public class DbManager
        {
            public TableTeachers TableTeachers { get; private set; }
            public TableStudents TableStudents { get; private set; }

            public DbManager()
            {
                NpgsqlConnection connection = DbConnector.GetInstance().Connection;

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
        """;

    /// <summary>
    /// valloon91234/Github2Telegram@55afb307e100 Github2Telegram/Database.cs, Dao/GithubCommitDao.cs (two of the four DAOs,
    /// table creation and methods shortened; the holder's <c>Dispose()</c> left out): a static connection handed to DAOs
    /// kept in static properties with target-typed <c>new(Connection)</c>; each DAO keeps it in a private property
    /// (SC0001 through it).
    /// </summary>
    internal const string Github2Telegram = """
        using MySql.Data.MySqlClient;

        public class GithubCommitDao
        {
            private MySqlConnection Connection { get; set; }

            public GithubCommitDao(MySqlConnection connection)
            {
                this.Connection = connection;
            }

            public int Insert(string sha)
            {
                using var cmd = new MySqlCommand("INSERT INTO tbl_github_commit(sha) VALUES(@sha)", Connection);
                cmd.Parameters.AddWithValue("@sha", sha);
                return cmd.ExecuteNonQuery();
            }
        }

        public class GithubRepoDao
        {
            private MySqlConnection Connection { get; set; }

            public GithubRepoDao(MySqlConnection connection)
            {
                this.Connection = connection;
            }

            public object Count()
            {
                using var cmd = new MySqlCommand("SELECT COUNT(*) FROM tbl_github_repo", Connection);
                return cmd.ExecuteScalar();
            }
        }

        internal class Database
        {
            public static MySqlConnection Connection { get; set; }
            public static GithubRepoDao GithubRepo { get; set; }
            public static GithubCommitDao GithubCommit { get; set; }

            public static void Init(string connectionString)
            {
                Connection = new(connectionString);
                Connection.Open();
                GithubRepo = new(Connection);
                GithubCommit = new(Connection);
            }
        }

        internal static class Program
        {
            public static void OnPush(string sha)
            {
                if (Database.GithubRepo.Count() != null)
                {
                    Database.GithubCommit.Insert(sha);
                }
            }
        }
        """;

    /// <summary>
    /// AxisKriel/CurrencyBank@cf28bd77e0d5 CurrencyBank/BankMain.cs, DB/BankAccountManager.cs (a TShock plugin; the
    /// SQLite branch, the table creation and TShock's <c>DbExt</c> calls written as plain ADO.NET): the plugin's static
    /// <c>IDbConnection Db</c> handed to the manager kept in the static <c>Bank</c> (SC0001 through its field <c>db</c>).
    /// </summary>
    internal const string CurrencyBank = """
        using System.Data;
        using MySql.Data.MySqlClient;

        public class BankAccountManager
        {
            private IDbConnection db;

            public BankAccountManager(IDbConnection db)
            {
                this.db = db;
            }

            public long GetBalance(string accountName)
            {
                using (var command = db.CreateCommand())
                {
                    command.CommandText = "SELECT Balance FROM BankAccounts WHERE AccountName = '" + accountName + "'";
                    return (long)command.ExecuteScalar();
                }
            }
        }

        public class BankMain
        {
            public static BankAccountManager Bank { get; set; }

            public static IDbConnection Db { get; set; }

            public void Initialize(string host, string database)
            {
                Db = new MySqlConnection()
                {
                    ConnectionString = "Server=" + host + ";Database=" + database + ";"
                };
                Bank = new BankAccountManager(Db);
            }

            public static string Balance(string accountName) => "Balance: " + Bank.GetBalance(accountName);
        }
        """;

    /// <summary>
    /// TelegramBot's connector with a table kept the way SC0001 does not report: bgcurbani/soscar@227bb41c2c90
    /// DataService/DBConnection.cs's <c>Instance()</c>, which assigns a new instance on every call (no null test). The
    /// table's field has no finding, so the holder's fix must not name one.
    /// </summary>
    private static readonly string TableCreatedOnEveryCall = TelegramBot.Substring(0, TelegramBot.IndexOf("public class TableTeachers", StringComparison.Ordinal)) + """
        public class TableTeachers
        {
            private NpgsqlConnection _connection;

            public TableTeachers(NpgsqlConnection connection)
            {
                _connection = connection;
            }

            private static TableTeachers _instance = null;

            public static TableTeachers Instance()
            {
                _instance = new TableTeachers(DbConnector.GetInstance().Connection);
                return _instance;
            }

            public void DeleteTeacher(long chatId)
            {
                NpgsqlCommand command = new NpgsqlCommand($"DELETE FROM teachers WHERE chat_id = {chatId}", _connection);
                command.ExecuteNonQuery();
            }
        }
        """;

    /// <summary>
    /// The same connector with the unit of work of longphui/DapperUnitOfWork@424ac7bc2aae DapperUnitOfWork/UnitOfWork.cs:
    /// a <c>[ThreadStatic]</c> current instance, one per thread, which SC0001 does not report either.
    /// </summary>
    private static readonly string ThreadStaticUnitOfWork = Replaced(
        Replaced(TableCreatedOnEveryCall, "private static TableTeachers _instance = null;", "[System.ThreadStatic]\nprivate static TableTeachers _instance;"),
        "_instance = new TableTeachers(DbConnector.GetInstance().Connection);",
        "if (_instance == null) _instance = new TableTeachers(DbConnector.GetInstance().Connection);");

    [Theory]
    [InlineData("TelegramBot", "Connection")]
    [InlineData("Github2Telegram", "Connection")]
    [InlineData("CurrencyBank", "Db")]
    public async Task A_holder_whose_connection_a_reported_field_keeps_names_that_finding(string shape, string holder)
    {
        var (project, findings) = await FindingsAsync(shape);
        var finding = Assert.Single(findings, f => f.Location.SourceTree!.GetRoot().FindToken(f.Location.SourceSpan.Start).ValueText == holder);
        foreach (var mode in new[] { FixMode.DataSource, FixMode.ConnectionFactory })
        {
            Assert.Equal(new[] { NoFixReason.ReceivingFieldHasOwnFinding }, await ReasonsAsync(project, finding, mode));
        }
    }

    [Theory]
    [InlineData("TelegramBot", "_connection", 2)]
    [InlineData("Github2Telegram", "GithubRepo", 1)]
    [InlineData("Github2Telegram", "GithubCommit", 1)]
    public async Task The_receiving_field_s_own_finding_gets_the_guard(string shape, string reported, int count)
    {
        var (project, findings) = await FindingsAsync(shape);
        var receiving = findings.Where(f => f.Location.SourceTree!.GetRoot().FindToken(f.Location.SourceSpan.Start).ValueText == reported).ToList();
        Assert.Equal(count, receiving.Count);
        foreach (var finding in receiving)
        {
            Assert.Empty(await ReasonsAsync(project, finding, FixMode.Guard));
        }
    }

    /// <summary>
    /// Where SC0001's own test finds no finding on the keeping static (replaced on every call, or one per thread), the
    /// receiving field has none: the reason stays the general one. Before, any static keeper counted.
    /// </summary>
    [Theory]
    [InlineData("TableCreatedOnEveryCall")]
    [InlineData("ThreadStaticUnitOfWork")]
    public async Task A_keeper_SC0001_does_not_report_names_no_finding(string shape)
    {
        var (project, findings) = await FindingsAsync(shape);
        Assert.DoesNotContain(findings, f => f.Id == "SC0001");
        var finding = Assert.Single(findings, f => f.Location.SourceTree!.GetRoot().FindToken(f.Location.SourceSpan.Start).ValueText == "Connection");
        foreach (var mode in new[] { FixMode.Guard, FixMode.DataSource, FixMode.ConnectionFactory })
        {
            Assert.Equal(new[] { NoFixReason.StoredObjectKeepsConnection }, await ReasonsAsync(project, finding, mode));
        }
    }

    /// <summary>
    /// CurrencyBank's manager is reported through its field (SC0001 on <c>Bank</c>); in this snippet that field's own fix
    /// declines for its own reason (an <c>IDbConnection</c> whose concrete type only the holder names), which the reason
    /// does not promise otherwise: it names the finding where the fix would act.
    /// </summary>
    [Fact]
    public async Task CurrencyBank_s_manager_has_its_own_finding_through_its_field()
    {
        var (_, findings) = await FindingsAsync("CurrencyBank");
        Assert.Contains(findings, f => f.Id == "SC0001" && f.GetMessage().Contains("'Bank'", StringComparison.Ordinal) && f.GetMessage().Contains("'db'", StringComparison.Ordinal));
    }

    internal static async Task<(Project Project, IReadOnlyList<Diagnostic> Findings)> FindingsAsync(string shape)
    {
        var source = shape switch
        {
            "TelegramBot" => TelegramBot,
            "Github2Telegram" => Github2Telegram,
            "TableCreatedOnEveryCall" => TableCreatedOnEveryCall,
            "ThreadStaticUnitOfWork" => ThreadStaticUnitOfWork,
            _ => CurrencyBank,
        };
        var project = SnippetProject.Create(new[] { source });
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return (project, (await HolderShapeCorpusTests.FindingsAsync(project, compilation)).ToList());
    }

    private static string Replaced(string source, string old, string replacement) =>
        source.Contains(old, StringComparison.Ordinal) ? source.Replace(old, replacement, StringComparison.Ordinal) : throw new ArgumentException(old, nameof(old));

    internal static async Task<NoFixReason[]> ReasonsAsync(Project project, Diagnostic finding, FixMode mode)
    {
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();
        Assert.NotEmpty(targets);
        var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, mode, CancellationToken.None);
        return notFixed.Select(n => n.Reason).ToArray();
    }
}
