using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// A unit-of-work class opens its connection in its constructor and hands it to a repository it builds lazily and keeps
/// (<c>if (repo == null) repo = new Repository(_dbconnection); return repo;</c>); the only instance lives in a static
/// property for the process (vnarozhnyi/SB@24da67321310: ORM/UnitOfWork.cs, ORM/Repository.cs, ORM/Program.cs,
/// SeaBattle.Service/Objects/GameObjects.cs, SeaBattle.Service/Models/DataBase.cs). At run time every game request runs
/// <c>GameObjects.UnitOfWork.repository.Insert(...)</c>: the repository's own field keeps the one connection, and its
/// methods are the units of work. No fix on the unit of work's field can keep that: a connection per use would be
/// disposed while the kept repository still holds it, a guard's lease would end before the repository's next call, and
/// rebuilding the repository per access would open connections nobody disposes. Every fix declines with
/// <see cref="NoFixReason.StoredObjectKeepsConnection"/> (stop 31: the repository, an object of the user's own type,
/// keeps it): the repository must take a factory (or be built per unit of work) by hand.
/// </summary>
public class StoredUnitOfWorkTests
{
    private const string Orm = """
        using System.Data.SqlClient;

        namespace ORM
        {
            public class Repository
            {
                public SqlConnection _dbconnection;

                public Repository(SqlConnection dbconnection)
                {
                    _dbconnection = dbconnection;
                }

                public void Insert(string ship)
                {
                    new SqlCommand("INSERT INTO ships VALUES ('" + ship + "')", _dbconnection).ExecuteNonQuery();
                }
            }

            public class UnitOfWork
            {
                public SqlConnection _dbconnection;
                private Repository repo;

                public UnitOfWork(string connectionString)
                {
                    _dbconnection = new SqlConnection(connectionString);
                    _dbconnection.Open();
                }

                public Repository repository
                {
                    get
                    {
                        if (repo == null)
                        {
                            repo = new Repository(_dbconnection);
                        }
                        return repo;
                    }
                }
            }
        }
        """;

    /// <summary>ORM/Program.cs: the ORM project's own console entry builds a unit of work per run, as a local.</summary>
    private const string OrmProgram = """
        namespace ORM
        {
            public class Program
            {
                static void Main(string[] args)
                {
                    string connectionString = @"Data Source=.\SQLEXPRESS;Initial Catalog=BattleShipDB;Integrated Security=True";
                    UnitOfWork uow = new UnitOfWork(connectionString);
                    uow.repository.Insert("carrier");
                    uow._dbconnection.Close();
                }
            }
        }
        """;

    private const string SeaBattleService = """
        namespace SeaBattle.Service
        {
            public static class GameObjects
            {
                public static string ConnectionString { get; } = @"Data Source=.\SQLEXPRESS;Initial Catalog=BattleShipDB;Integrated Security=True";
                public static ORM.UnitOfWork UnitOfWork { get; set; } = new ORM.UnitOfWork(ConnectionString);
            }

            public static class DataBase
            {
                public static void GetDBAddShip(string ship)
                {
                    GameObjects.UnitOfWork.repository.Insert(ship);
                }
            }
        }
        """;

    /// <summary>
    /// As in the repository, the ORM project's console entry also builds a unit of work as a local: not every unit of work
    /// lives long, so the repository's field has no finding of its own (the analyzers' rule) and the reason stays
    /// <see cref="NoFixReason.StoredObjectKeepsConnection"/>.
    /// </summary>
    [Fact]
    public async Task A_unit_of_work_kept_in_a_static_with_a_lazily_built_repository_gets_no_fix_with_that_reason()
    {
        var project = SnippetProject.Create(new[] { Orm, OrmProgram, SeaBattleService });
        var findings = await HolderShapeCorpusTests.FindingsAsync(project, (await project.GetCompilationAsync())!);
        Assert.DoesNotContain(findings, f => f.Id == "SC0007");
        Assert.Equal(new[] { NoFixReason.StoredObjectKeepsConnection }, await ReasonsAsync(project));
    }

    /// <summary>
    /// Without that console entry every unit of work is the static's, so the repository's field has its own finding
    /// (SC0007), and the unit of work's per-use declines name it (<see cref="NoFixReason.ReceivingFieldHasOwnFinding"/>,
    /// stop 33); its guard fix hands the repository the guard (stop 34): the lazily built repository's constructor takes
    /// it, and its <c>Insert</c> leases.
    /// </summary>
    [Fact]
    public async Task Without_a_short_lived_unit_of_work_the_guard_goes_to_the_repository_and_the_other_fixes_name_its_finding()
    {
        var project = SnippetProject.Create(new[] { Orm, SeaBattleService });
        var findings = await HolderShapeCorpusTests.FindingsAsync(project, (await project.GetCompilationAsync())!);
        Assert.Contains(findings, f => f.Id == "SC0007" && f.GetMessage().Contains("'Repository'", StringComparison.Ordinal));
        Assert.Equal(new[] { NoFixReason.ReceivingFieldHasOwnFinding }, await ReasonsAsync(project, FixMode.DataSource, FixMode.ConnectionFactory));

        var (fixedSolution, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, await TargetsAsync(project), FixMode.Guard, CancellationToken.None);
        Assert.Empty(notFixed);
        var text = string.Concat(fixedSolution.GetProject(project.Id)!.Documents.Select(d => d.GetTextAsync().Result.ToString()));
        Assert.Contains("public Repository(ConnectionGuard<SqlConnection> dbconnection)", text, StringComparison.Ordinal);
        Assert.Contains("repo = new Repository(_dbconnection);", text, StringComparison.Ordinal);
        Assert.Contains("var lease = _dbconnection.Acquire()", text, StringComparison.Ordinal);
        Assert.Contains("+ ship + \"')\", lease.Connection)", text, StringComparison.Ordinal);
    }

    private static async Task<NoFixReason[]> ReasonsAsync(Project project, params FixMode[] modes)
    {
        var targets = await TargetsAsync(project);
        var reasons = new List<NoFixReason>();
        foreach (var mode in modes.Length > 0 ? modes : new[] { FixMode.Guard, FixMode.DataSource, FixMode.ConnectionFactory })
        {
            var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, mode, CancellationToken.None);
            reasons.Add(Assert.Single(notFixed).Reason);
        }

        return reasons.Distinct().ToArray();
    }

    private static async Task<List<GuardTarget>> TargetsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation), f => f.Id == "SC0001");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();
        Assert.NotEmpty(targets);
        return targets;
    }
}
