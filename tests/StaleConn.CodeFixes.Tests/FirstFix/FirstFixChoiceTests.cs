using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.FirstFix;

/// <summary>
/// Which connection fix comes first (docs/code-fixes.md, "Which fix comes first"): where a holder serves concurrent code
/// paths, a pooled connection per use (the data source when the provider has one, else a factory); for a single
/// worker's own connection, the guard. The first action is applied as Fix All and <c>dotnet format</c> apply it: the
/// project must build with no new error or warning and the finding must be gone.
/// </summary>
public class FirstFixChoiceTests
{
    private static readonly string[] ConnectionRules = { "SC0001", "SC0002", "SC0005" };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var shape in FirstFixCases.All)
        {
            data.Add(shape.Name);
        }

        return data;
    }

    [Fact]
    public void Every_concurrent_path_has_a_case_and_single_workers_have_several()
    {
        var covered = FirstFixCases.All.Where(c => c.Path is not null).Select(c => c.Path!.Value).ToHashSet();
        Assert.Equal(string.Empty, string.Join(", ", Enum.GetValues<ConcurrentPath>().Where(p => !covered.Contains(p)).Select(p => p + " has no case")));
        Assert.True(FirstFixCases.All.Count(c => c.Path is null) >= 4);
        var docs = SnippetProject.CodeFixesDocs();
        Assert.Equal(string.Empty, string.Join(", ", Enum.GetValues<ConcurrentPath>().Where(p => !docs.Contains("`" + p + "`", StringComparison.Ordinal)).Select(p => p + " is not in docs/code-fixes.md")));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task First_action_is_the_fix_for_the_shape(string name)
    {
        var shape = FirstFixCases.All.Single(c => c.Name == name);
        var project = SnippetProject.Create(shape.Files);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (finding, document, member) = await FindingAboutAsync(project, compilation, shape.Member);

        // The planner sees the shape's path (through whichever fix can plan the member).
        var outcomes = new List<PlanOutcome>();
        foreach (var mode in new[] { FixMode.Guard, FixMode.DataSource, FixMode.ConnectionFactory })
        {
            outcomes.Add(await GuardPlanner.PlanAsync(project, member, mode, CancellationToken.None));
        }

        var planned = outcomes.Where(o => o.Plans is not null).ToList();
        Assert.NotEmpty(planned);
        Assert.All(planned, o => Assert.Equal(shape.Path, o.ConcurrentPath));

        var actions = await ActionsAsync(document, finding);
        Assert.NotEmpty(actions);
        Assert.Equal(GuardWithConnectionGuardCodeFixProvider.RecommendedEquivalenceKey, actions[0].EquivalenceKey);
        var keys = actions.Select(a => GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(a.Title)).ToList();
        Assert.Equal(shape.FirstKey, keys[0]);
        if (shape.Path is null)
        {
            // A single worker: the pooled connection per use stays on offer, second.
            Assert.Equal(new[] { FirstFixCases.Guard, FirstFixCases.DataSource }, keys);
        }
        else
        {
            // Concurrent paths: the guard, when it can be planned at all, comes after the per-use fix.
            Assert.DoesNotContain(FirstFixCases.Guard, keys.Take(1));
            Assert.Equal(outcomes[0].Plans is not null, keys.Contains(FirstFixCases.Guard));
        }

        var changed = await ApplyAsync(actions[0]);
        var after = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(SnippetProject.CompilerProblems(after).Except(SnippetProject.CompilerProblems(compilation)));
        var left = await HolderShapeCorpusTests.FindingsAsync(changed.GetProject(project.Id)!, after);
        Assert.DoesNotContain(left, d => ConnectionRules.Contains(d.Id));
    }

    /// <summary>
    /// One project, a controller's static connection (requests at once) and a worker's own connection: Fix All with the
    /// recommended key gives the controller a data source and the worker a guard, and leaves no finding.
    /// </summary>
    [Fact]
    public async Task Fix_all_applies_each_findings_recommended_fix()
    {
        var controller = FirstFixCases.All.Single(c => c.Path == ConcurrentPath.RequestHandler);
        var worker = FirstFixCases.All.Single(c => c.Name == "BackgroundService polling with a delay");
        var project = SnippetProject.Create(controller.Files.Concat(worker.Files).ToArray());
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var findings = (await HolderShapeCorpusTests.FindingsAsync(project, compilation)).Where(d => ConnectionRules.Contains(d.Id)).ToList();
        Assert.Equal(2, findings.Count);

        var fixer = new GuardWithConnectionGuardCodeFixProvider();
        var document = project.GetDocument(findings[0].Location.SourceTree)!;
        var context = new FixAllContext(document, fixer, FixAllScope.Project, GuardWithConnectionGuardCodeFixProvider.RecommendedEquivalenceKey,
            ConnectionRules, new Findings(findings), CancellationToken.None);
        var fixAll = await fixer.GetFixAllProvider().GetFixAsync(context);
        var changed = await ApplyAsync(fixAll!);

        var after = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(SnippetProject.CompilerProblems(after).Except(SnippetProject.CompilerProblems(compilation)));
        Assert.Equal("MySqlConnector.MySqlDataSource", TypeOf(after, "OrdersController", "Connection"));
        Assert.Equal("StaleConn.ConnectionGuard<MySqlConnector.MySqlConnection>", TypeOf(after, "OutboxWorker", "_connection"));
        var left = await HolderShapeCorpusTests.FindingsAsync(changed.GetProject(project.Id)!, after);
        Assert.DoesNotContain(left, d => ConnectionRules.Contains(d.Id));
    }

    private static string? TypeOf(Compilation compilation, string typeName, string memberName) =>
        compilation.GetSymbolsWithName(typeName, SymbolFilter.Type).OfType<INamedTypeSymbol>().Single()
            .GetMembers(memberName).OfType<IFieldSymbol>().Single().Type.ToDisplayString();

    private static async Task<(Diagnostic Finding, Document Document, ISymbol Member)> FindingAboutAsync(Project project, Compilation compilation, string memberName)
    {
        var matches = new List<(Diagnostic, Document, ISymbol)>();
        foreach (var finding in (await HolderShapeCorpusTests.FindingsAsync(project, compilation)).Where(f => ConnectionRules.Contains(f.Id)))
        {
            var document = project.GetDocument(finding.Location.SourceTree)!;
            foreach (var target in await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None))
            {
                if (!target.IsRegistration && target.Resolve(compilation) is { } member && member.Name == memberName)
                {
                    matches.Add((finding, document, member));
                }
            }
        }

        return Assert.Single(matches);
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

    /// <summary>The findings Fix All collects, as the IDE or <c>dotnet format</c> hands them over.</summary>
    private sealed class Findings : FixAllContext.DiagnosticProvider
    {
        private readonly IReadOnlyList<Diagnostic> _findings;

        public Findings(IReadOnlyList<Diagnostic> findings) => _findings = findings;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_findings);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(_findings.Where(f => f.Location.SourceTree == document.GetSyntaxTreeAsync(cancellationToken).Result));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}
