using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.FirstFix;

/// <summary>
/// The lightbulb compiles its first fix but counts diagnostics only in the files that declare the member
/// (<see cref="ConnectionGuardFix.CompilesAsync"/>); the callers' files are checked with the whole project when the fix
/// is previewed or applied. The shape: a C# 7.3 project (a .NET Framework service's language version on .NET 8) whose
/// public static connection (shared: the per-use data source fix comes first) is used by an async method — the data
/// source's async scope would need <c>await using</c> (CS8370). Where that method lives decides what the lightbulb does.
/// </summary>
public class LightbulbCheckScopeTests
{
    private const string Declaration = """
        using MySqlConnector;

        public static class Database
        {
            public static readonly MySqlConnection Connection = new MySqlConnection("Server=db");
        }
        """;

    private const string AsyncCaller = """
        using System.Threading.Tasks;
        using Dapper;

        public static class Orders
        {
            public static async Task<int> CountAsync()
            {
                return await Database.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");
            }
        }
        """;

    private const string DeclarationWithAsyncUse = """
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public static class Database
        {
            public static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

            public static async Task<int> CountOrdersAsync()
            {
                return await Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");
            }
        }
        """;

    private const string SyncCaller = """
        using Dapper;

        public static class Orders
        {
            public static int Count() => Database.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
        }
        """;

    [Fact]
    public async Task A_first_fix_that_breaks_only_a_callers_file_is_offered_and_refused_on_apply()
    {
        var project = SnippetProject.Create(new[] { Declaration, AsyncCaller }, LanguageVersion.CSharp7_3);
        var (compilation, document, finding) = await FindingAsync(project);

        // The data source's rewrite compiles in the declaring file; its only new diagnostic is C# 8's `await using` in
        // the caller's file.
        var added = await NewProblemsOfUnpolishedDataSourceAsync(project, compilation, finding);
        Assert.NotEmpty(added);
        Assert.All(added, d => Assert.Equal("CS8370", d.Id));
        Assert.All(added, d => Assert.Contains("CountAsync", d.Location.SourceTree!.ToString(), StringComparison.Ordinal));
        Assert.All(added, d => Assert.DoesNotContain("class Database", d.Location.SourceTree!.ToString(), StringComparison.Ordinal));

        // The lightbulb does not bind the caller: the data source stays first ...
        var actions = await ActionsAsync(document, finding);
        Assert.Equal(FirstFixCases.DataSource, GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(actions[0].Title));

        // ... and applying it checks the whole project: it changes nothing rather than break the build.
        var applied = await ApplyAsync(actions[0]);
        Assert.Empty(applied.GetChanges(project.Solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()));
    }

    [Fact]
    public async Task A_first_fix_that_breaks_the_declaring_file_is_not_offered_first()
    {
        var project = SnippetProject.Create(new[] { DeclarationWithAsyncUse, SyncCaller }, LanguageVersion.CSharp7_3);
        var (compilation, document, finding) = await FindingAsync(project);

        // Here the async use, and so the data source's CS8370, is in the declaring file.
        var added = await NewProblemsOfUnpolishedDataSourceAsync(project, compilation, finding);
        Assert.NotEmpty(added);
        Assert.All(added, d => Assert.Contains("class Database", d.Location.SourceTree!.ToString(), StringComparison.Ordinal));

        // The lightbulb's check refuses it: the data source is not the first action (the guard, planned for C# 7.3, is).
        var actions = await ActionsAsync(document, finding);
        Assert.NotEmpty(actions);
        Assert.NotEqual(FirstFixCases.DataSource, GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(actions[0].Title));

        // What is offered first does change the project, and builds.
        var applied = await ApplyAsync(actions[0]);
        var after = (await applied.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.NotEmpty(applied.GetChanges(project.Solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()));
        Assert.Empty(SnippetProject.CompilerProblems(after).Except(SnippetProject.CompilerProblems(compilation)));
    }

    private static async Task<(Compilation Compilation, Document Document, Diagnostic Finding)> FindingAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation), d => d.Id == "SC0001");
        return (compilation, project.GetDocument(finding.Location.SourceTree)!, finding);
    }

    /// <summary>The compiler diagnostics the data source's plan, rewritten as the lightbulb rewrites it, adds to the whole project.</summary>
    private static async Task<List<Diagnostic>> NewProblemsOfUnpolishedDataSourceAsync(Project project, Compilation compilation, Diagnostic finding)
    {
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var target = Assert.Single(await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None));
        var outcome = await GuardPlanner.PlanAsync(project, target.Resolve(compilation)!, FixMode.DataSource, CancellationToken.None);
        Assert.NotNull(outcome.ConcurrentPath);
        var rewritten = await ConnectionGuardFix.ApplyAsync(project.Solution, outcome.Plans!, unpolished: true, CancellationToken.None);
        var after = (await rewritten.GetProject(project.Id)!.GetCompilationAsync())!;
        var before = SnippetProject.CompilerProblems(compilation);
        return after.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !before.Contains(d.Id + " " + d.GetMessage()))
            .ToList();
    }

    private static async Task<List<CodeAction>> ActionsAsync(Document document, Diagnostic finding)
    {
        var actions = new List<CodeAction>();
        await new GuardWithConnectionGuardCodeFixProvider().RegisterCodeFixesAsync(
            new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    private static async Task<Solution> ApplyAsync(CodeAction action) =>
        (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
}
