using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Lifetime;
using StaleConn.CodeFixes.Tests.Corpus;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// Every <see cref="NoFixReason"/> has a shape in <see cref="NoFixReasonCatalogue"/> on which the planner declines the
/// finding with exactly that reason, and the fixer then offers no action of that kind; docs/code-fixes.md lists every
/// reason, so the catalogue, the enum and the docs cannot drift apart.
/// </summary>
public class NoFixReasonTests
{
    private static readonly string[] GuardRules = { "SC0001", "SC0002", "SC0005" };

    public static TheoryData<string> Reasons()
    {
        var data = new TheoryData<string>();
        foreach (var row in NoFixReasonCatalogue.All)
        {
            data.Add(row.Reason.ToString());
        }

        return data;
    }

    [Fact]
    public void Every_reason_has_one_row_and_a_line_in_the_docs()
    {
        var reasons = Enum.GetValues<NoFixReason>();
        var rows = NoFixReasonCatalogue.All.GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(string.Empty, string.Join(", ", reasons.Where(r => !rows.ContainsKey(r)).Select(r => r + " has no row")));
        Assert.Equal(string.Empty, string.Join(", ", rows.Where(r => r.Value > 1).Select(r => r.Key + " has several rows")));

        var docs = SnippetProject.CodeFixesDocs();
        var section = docs.Substring(docs.IndexOf("## Why a finding gets no fix", StringComparison.Ordinal));
        Assert.Equal(string.Empty, string.Join(", ", reasons.Where(r => !section.Contains("`" + r + "`", StringComparison.Ordinal)).Select(r => r + " is not in docs/code-fixes.md")));
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public Task Planner_declines_with_the_reason(string reason) =>
        AssertPlannerDeclinesAsync(NoFixReasonCatalogue.All.Single(r => r.Reason.ToString() == reason));

    /// <summary>The planner declines <paramref name="row"/>'s finding with its reason, and the lightbulb offers no such fix.</summary>
    internal static async Task AssertPlannerDeclinesAsync(ReasonCase row)
    {
        var project = CreateProject(row);
        var compilation = (await project.GetCompilationAsync())!;
        if (!row.HalfTyped)
        {
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        var findings = await HolderShapeCorpusTests.FindingsAsync(project, compilation);
        switch (row.Reason)
        {
            case NoFixReason.UnsupportedMemberKind:
                await AssertUnsupportedMemberKindAsync(row, project, compilation, findings);
                return;
            case NoFixReason.AnalysisFailed:
                await AssertAnalysisFailedAsync(project, findings);
                return;
        }

        switch (row.Check)
        {
            case ReasonCheck.ConnectionRegistration:
                await AssertConnectionRegistrationAsync(row, project, findings);
                break;
            case ReasonCheck.ServiceRegistration:
                await AssertServiceRegistrationAsync(row, project, compilation, findings);
                break;
            case ReasonCheck.PerUse:
                await AssertPerUseAsync(row, project, findings);
                break;
            case ReasonCheck.OwnerSource:
                await AssertOwnerSourceAsync(row, project, findings);
                break;
            default:
                await AssertMemberFixAsync(row, project, findings);
                break;
        }
    }

    private static async Task AssertMemberFixAsync(ReasonCase row, Project project, IReadOnlyList<Diagnostic> findings)
    {
        var mode = row.Check switch
        {
            ReasonCheck.DataSource => FixMode.DataSource,
            ReasonCheck.ConnectionFactory => FixMode.ConnectionFactory,
            _ => FixMode.Guard,
        };
        var (finding, document, targets) = await FindingAboutAsync(row, project, findings);
        var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, mode, CancellationToken.None);
        Assert.Equal(new[] { row.Reason }, notFixed.Select(n => n.Reason).Distinct());

        var key = mode switch
        {
            FixMode.DataSource => GuardWithConnectionGuardCodeFixProvider.DataSourceEquivalenceKey,
            FixMode.ConnectionFactory => GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey,
            _ => GuardWithConnectionGuardCodeFixProvider.EquivalenceKey,
        };
        var titles = await ActionTitlesAsync(new GuardWithConnectionGuardCodeFixProvider(), document, finding);
        Assert.DoesNotContain(titles, t => GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(t) == key);
    }

    private static async Task AssertOwnerSourceAsync(ReasonCase row, Project project, IReadOnlyList<Diagnostic> findings)
    {
        var (finding, document, targets) = await FindingAboutAsync(row, project, findings);
        var target = Assert.Single(targets, t => !t.IsRegistration);
        Assert.Equal(row.Reason, (await OwnerSourceFix.PlanAsync(project.Solution, target, CancellationToken.None)).Reason);
        var titles = await ActionTitlesAsync(new GuardWithConnectionGuardCodeFixProvider(), document, finding);
        Assert.DoesNotContain(titles, t => GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(t) == GuardWithConnectionGuardCodeFixProvider.OwnerSourceEquivalenceKey);
    }

    private static async Task AssertPerUseAsync(ReasonCase row, Project project, IReadOnlyList<Diagnostic> findings)
    {
        var finding = Assert.Single(findings, f => f.Id == "SC0004" && (row.Member is null || f.GetMessage().Contains("'" + row.Member + "'", StringComparison.Ordinal)));
        var document = project.GetDocument(finding.Location.SourceTree)!;
        Assert.Equal(row.Reason, await PooledConnectionPerUseCodeFixProvider.ReasonAsync(document, finding, CancellationToken.None));
        Assert.Empty(await ActionTitlesAsync(new PooledConnectionPerUseCodeFixProvider(), document, finding));
    }

    private static async Task AssertConnectionRegistrationAsync(ReasonCase row, Project project, IReadOnlyList<Diagnostic> findings)
    {
        var finding = Assert.Single(findings, f => f.Id == "SC0003");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        Assert.Equal(row.Reason, await ScopedRegistrationCodeFixProvider.ReasonAsync(document, finding.Location.SourceSpan, CancellationToken.None));
        Assert.Empty(await ActionTitlesAsync(new ScopedRegistrationCodeFixProvider(), document, finding));
    }

    private static async Task AssertServiceRegistrationAsync(ReasonCase row, Project project, Compilation compilation, IReadOnlyList<Diagnostic> findings)
    {
        var finding = Assert.Single(findings, f => f.Id == "SC0005");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var registration = (await document.GetSyntaxRootAsync())!.FindNode(finding.Location.SourceSpan, getInnermostNodeForTie: true)
            .AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>().First();
        var (change, reason) = LifetimePlanner.Plan(compilation, registration, withInjectedConnections: true, CancellationToken.None);
        Assert.Null(change);
        Assert.Equal(row.Reason, reason);
        var titles = await ActionTitlesAsync(new GuardWithConnectionGuardCodeFixProvider(), document, finding);
        Assert.DoesNotContain(titles, t => GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(t) == GuardWithConnectionGuardCodeFixProvider.ScopedServiceEquivalenceKey);
    }

    /// <summary>Defensive: no finding points at a computed property, and the planner, asked about one anyway, declines it.</summary>
    private static async Task AssertUnsupportedMemberKindAsync(ReasonCase row, Project project, Compilation compilation, IReadOnlyList<Diagnostic> findings)
    {
        var member = compilation.GetSymbolsWithName(row.Member!, SymbolFilter.Member).Single();
        Assert.NotEmpty(findings);
        foreach (var finding in findings)
        {
            var targets = await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(project.GetDocument(finding.Location.SourceTree)!, finding, CancellationToken.None);
            Assert.DoesNotContain(targets, t => SymbolEqualityComparer.Default.Equals(t.Resolve(compilation), member));
        }

        foreach (var mode in new[] { FixMode.Guard, FixMode.DataSource, FixMode.ConnectionFactory })
        {
            var outcome = await GuardPlanner.PlanAsync(project, member, mode, CancellationToken.None);
            Assert.Null(outcome.Plans);
            Assert.Equal(NoFixReason.UnsupportedMemberKind, outcome.Reason);
        }
    }

    /// <summary>Defensive: the finding's member is renamed before its fix runs (Fix All after an edit); the fix changes nothing.</summary>
    private static async Task AssertAnalysisFailedAsync(Project project, IReadOnlyList<Diagnostic> findings)
    {
        var finding = Assert.Single(findings);
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();
        Assert.Single(targets);
        var (fixedSolution, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.Guard, CancellationToken.None);
        Assert.Empty(notFixed);
        Assert.NotSame(project.Solution, fixedSolution);

        var text = (await document.GetTextAsync()).ToString().Replace("Connection", "SharedConnection", StringComparison.Ordinal);
        var renamed = document.WithText(SourceText.From(text)).Project.Solution;
        foreach (var mode in new[] { FixMode.Guard, FixMode.DataSource, FixMode.ConnectionFactory })
        {
            var (unchanged, stale) = await ConnectionGuardFix.GuardEachAsync(renamed, targets, mode, CancellationToken.None);
            Assert.Same(renamed, unchanged);
            Assert.Equal(new[] { NoFixReason.AnalysisFailed }, stale.Select(s => s.Reason));
        }
    }

    /// <summary>The one SC0001/SC0002/SC0005 finding about the row's member, its document and its targets.</summary>
    private static async Task<(Diagnostic Finding, Document Document, List<GuardTarget> Targets)> FindingAboutAsync(ReasonCase row, Project project, IReadOnlyList<Diagnostic> findings)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var matches = new List<(Diagnostic, Document, List<GuardTarget>)>();
        foreach (var finding in findings.Where(f => GuardRules.Contains(f.Id)))
        {
            var document = project.GetDocument(finding.Location.SourceTree)!;
            var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();
            var members = targets.Where(t => !t.IsRegistration).Select(t => t.Resolve(compilation)).ToList();
            if (members.Count > 0 && (row.Member is null || members.Any(m => m?.Name == row.Member)))
            {
                matches.Add((finding, document, targets));
            }
        }

        // Half-typed code may report one member twice (a duplicate declaration).
        Assert.True(matches.Count == 1 || row.HalfTyped && matches.Count > 1, $"{matches.Count} findings about {row.Member ?? "a member"}: {string.Join("; ", findings)}");
        return matches[0];
    }

    private static async Task<List<string>> ActionTitlesAsync(CodeFixProvider fixer, Document document, Diagnostic finding)
    {
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
        return actions.Select(a => a.Title).ToList();
    }

    private static Project CreateProject(ReasonCase row) =>
        SnippetProject.Create(row.Files, row.LanguageVersion, row.ReferencingProject, row.ReferencingProjectSeesRuntime);
}
