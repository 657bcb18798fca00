using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Benchmarks.AnalyzerCost;
using StaleConn.Benchmarks.CodeFixLatency;
using StaleConn.Benchmarks.Infrastructure;
using StaleConn.CodeFixes;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Lifetime;

namespace StaleConn.Benchmarks.FirstFixRate;

/// <summary>
/// Takes each StaleConn finding of a repository through its first fix the way a user (or <c>dotnet format analyzers</c>)
/// takes it — the first action the shipped fixers offer, applied alone to the unfixed solution — and judges the result.
/// </summary>
internal sealed class FirstFixJudge
{
    private static readonly string[] GuardRules = { "SC0001", "SC0002", "SC0005", "SC0007" };

    private readonly TimeSpan _timeout;
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers = StaleConnAnalyzers.Create();
    private readonly ImmutableArray<CodeFixProvider> _fixers = StaleConnCodeFixes.Create();

    private readonly bool _showFixes;

    /// <param name="timeout">How much processor time one finding's fix and judgement may take (<see cref="ProcessorTimeBudget"/>).</param>
    /// <param name="showFixes">Print each applied fix's changed files (to read what a fix did, with <c>--only</c>).</param>
    public FirstFixJudge(TimeSpan timeout, bool showFixes = false)
    {
        _timeout = timeout;
        _showFixes = showFixes;
    }

    public Task<RepositoryResult> JudgeRepositoryAsync(
        string name, IReadOnlyList<(string Path, string Text)> files, bool nullableEnabled, ImmutableArray<MetadataReference> references, string? only) =>
        files.Count == 0
            ? Task.FromResult(new RepositoryResult(name, 0, 0, 0, Array.Empty<FirstFixOutcome>()))
            : JudgeSolutionAsync(name, CodeFixLatencyCommand.CreateProject(new LatencyInput(name, files, references), nullableEnabled).Solution, only);

    /// <summary>Judges every finding of every project of <paramref name="solution"/> (one project, or a folder's projects).</summary>
    public async Task<RepositoryResult> JudgeSolutionAsync(string name, Solution solution, string? only)
    {
        var documents = solution.Projects.SelectMany(p => p.Documents).ToList();
        if (documents.Count == 0)
        {
            return new RepositoryResult(name, 0, 0, 0, Array.Empty<FirstFixOutcome>());
        }

        var lines = 0;
        foreach (var document in documents)
        {
            lines += (await document.GetTextAsync().ConfigureAwait(false)).Lines.Count;
        }

        var before = new Dictionary<ProjectId, ProjectState>();
        foreach (var project in solution.Projects)
        {
            var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
            var findings = await FindingsAsync(compilation).ConfigureAwait(false);
            before[project.Id] = new ProjectState(Errors(compilation, ErrorKey), Errors(compilation, ErrorSite), findings);
        }

        var outcomes = new List<FirstFixOutcome>();
        var findingsBefore = before.Values.SelectMany(b => b.Findings).ToList();
        var measured = only is null || name.Contains(only, StringComparison.Ordinal)
            ? findingsBefore
            : findingsBefore.Where(d => d.Location.SourceTree!.FilePath.Contains(only, StringComparison.Ordinal)
                || d.GetMessage(CultureInfo.InvariantCulture).Contains(only, StringComparison.Ordinal)).ToList();
        foreach (var finding in measured)
        {
            using var budget = new ProcessorTimeBudget(_timeout);
            FirstFixOutcome outcome;
            try
            {
                outcome = await JudgeAsync(name, solution, finding, before, budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (budget.Token.IsCancellationRequested)
            {
                outcome = Outcome(name, finding, FirstFixKind.Failed, string.Empty, budget.Describe());
            }
            catch (Exception exception)
            {
                outcome = Outcome(name, finding, FirstFixKind.Failed, string.Empty, exception.GetType().Name + ": " + exception.Message);
            }

            outcomes.Add(outcome);
        }

        return new RepositoryResult(name, documents.Count, lines, before.Values.Sum(b => b.ErrorKeys.Count), outcomes);
    }

    /// <summary>A project's compile errors (by key and by site) and findings before any fix.</summary>
    private sealed record ProjectState(HashSet<string> ErrorKeys, HashSet<string> ErrorSites, IReadOnlyList<Diagnostic> Findings);

    private async Task<FirstFixOutcome> JudgeAsync(
        string repository, Solution solution, Diagnostic finding, Dictionary<ProjectId, ProjectState> before, CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(finding.Location.SourceTree)!;
        var project = document.Project;
        var actions = new List<CodeAction>();
        foreach (var fixer in _fixers.Where(f => f.FixableDiagnosticIds.Contains(finding.Id)))
        {
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, finding, (action, _) => actions.Add(action), cancellationToken)).ConfigureAwait(false);
        }

        if (actions.Count == 0)
        {
            return Outcome(repository, finding, FirstFixKind.NoFix, string.Empty, await ReasonsAsync(document, finding, cancellationToken).ConfigureAwait(false));
        }

        var first = actions[0];
        var operation = (await first.GetOperationsAsync(cancellationToken).ConfigureAwait(false)).OfType<ApplyChangesOperation>().SingleOrDefault();
        var changedSolution = operation?.ChangedSolution;
        var changedProjects = changedSolution?.GetChanges(solution).GetProjectChanges()
            .Where(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true).Any() || p.GetAddedDocuments().Any())
            .Select(p => p.ProjectId).ToList() ?? [];
        if (changedSolution is null || changedProjects.Count == 0)
        {
            // The planners' reasons say which fix declined when applied (a rewrite that adds a diagnostic, a member gone).
            return Outcome(repository, finding, FirstFixKind.ChangesNothing, first.Title,
                "the applied action left every file as it was; " + await ReasonsAsync(document, finding, cancellationToken).ConfigureAwait(false));
        }

        if (_showFixes)
        {
            foreach (var id in changedSolution.GetChanges(solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true)))
            {
                var changed = changedSolution.GetDocument(id)!;
                Console.Error.WriteLine($"--- {first.Title}: {changed.FilePath}");
                Console.Error.WriteLine((await changed.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString());
            }
        }

        // The finding's project and every project a change can reach: the changed ones and those that depend on them.
        var graph = solution.GetProjectDependencyGraph();
        var affected = changedProjects.SelectMany(id => graph.GetProjectsThatTransitivelyDependOnThisProject(id).Prepend(id))
            .Prepend(project.Id).Distinct().ToList();
        var newErrors = new List<(Diagnostic Error, ProjectState Before)>();
        var findingsAfter = new List<Diagnostic>();
        var findingsBeforeThere = new List<Diagnostic>();
        foreach (var id in affected)
        {
            var after = (await changedSolution.GetProject(id)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            newErrors.AddRange(after.GetDiagnostics(cancellationToken)
                .Where(d => d.Severity == DiagnosticSeverity.Error && !before[id].ErrorKeys.Contains(ErrorKey(d)))
                .Select(d => (d, before[id])));
            if (newErrors.Count == 0)
            {
                findingsAfter.AddRange(await FindingsAsync(after, cancellationToken).ConfigureAwait(false));
                findingsBeforeThere.AddRange(before[id].Findings);
            }
        }

        if (newErrors.Count > 0)
        {
            // An unresolved package makes the same code fail with another message once a fix changes a type (CS1061 on
            // IDbConnection becomes CS1061 on SqliteConnection): said, so that the list tells these from real breaks.
            var unseen = newErrors.FindIndex(e => !e.Before.ErrorSites.Contains(ErrorSite(e.Error)));
            var (error, errorProject) = newErrors[Math.Max(0, unseen)];
            var line = error.Location.GetLineSpan();
            var known = errorProject.ErrorSites.Contains(ErrorSite(error)) ? "; the same error on the same code before" : string.Empty;
            return Outcome(repository, finding, FirstFixKind.AddsCompilerError, first.Title,
                $"{error.Id} {error.GetMessage(CultureInfo.InvariantCulture)} at {Path.GetFileName(line.Path)}:{line.StartLinePosition.Line + 1} ({newErrors.Count} new{known})");
        }

        var key = Key(finding);
        if (findingsAfter.Any(d => Key(d) == key))
        {
            return Outcome(repository, finding, FirstFixKind.FindingLeft, first.Title, finding.GetMessage(CultureInfo.InvariantCulture));
        }

        var remainingBefore = findingsBeforeThere.Select(Key).ToList();
        remainingBefore.Remove(key);
        foreach (var d in findingsAfter)
        {
            if (!remainingBefore.Remove(Key(d)))
            {
                var line = d.Location.GetLineSpan();
                return Outcome(repository, finding, FirstFixKind.NewFinding, first.Title,
                    $"{d.Id} {d.GetMessage(CultureInfo.InvariantCulture)} at {Path.GetFileName(line.Path)}:{line.StartLinePosition.Line + 1}");
            }
        }

        return Outcome(repository, finding, FirstFixKind.Works, first.Title, string.Join(" > ", actions.Select(a => a.Title)));
    }

    /// <summary>Why each kind of fix declines the finding, as the planners say it (the same reasons the tests check).</summary>
    private static async Task<string> ReasonsAsync(Document document, Diagnostic finding, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        if (finding.Id == "SC0003")
        {
            var reason = await ScopedRegistrationCodeFixProvider.ReasonAsync(document, finding.Location.SourceSpan, cancellationToken).ConfigureAwait(false);
            reasons.Add("lifetime: " + (reason?.ToString() ?? "none given"));
        }

        if (finding.Id == "SC0005"
            && (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!.FindNode(finding.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault() is { } registration)
        {
            var compilation = (await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            var (_, reason) = LifetimePlanner.Plan(compilation, registration, withInjectedConnections: true, cancellationToken);
            reasons.Add("scoped service: " + (reason?.ToString() ?? "none given"));
        }

        if (finding.Id == "SC0004")
        {
            var reason = await PooledConnectionPerUseCodeFixProvider.ReasonAsync(document, finding, cancellationToken).ConfigureAwait(false);
            reasons.Add("per use: " + (reason?.ToString() ?? "fixable alone"));
        }

        if (GuardRules.Contains(finding.Id))
        {
            var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, cancellationToken).ConfigureAwait(false)).ToList();
            if (targets.All(t => t.IsRegistration))
            {
                reasons.Add("no member found");
            }
            else
            {
                foreach (var mode in new[] { FixMode.Guard, FixMode.DataSource, FixMode.ConnectionFactory })
                {
                    var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(document.Project.Solution, targets, mode, cancellationToken).ConfigureAwait(false);
                    reasons.Add(mode + ": " + (notFixed.Count == 0 ? "fixable alone" : string.Join(", ", notFixed.Select(n => n.Reason).Distinct())));
                }

                // The library-opened factory answers only where the others decline for a library; say what it made of it.
                foreach (var target in targets.Where(t => !t.IsRegistration))
                {
                    var library = await LibraryFactoryFix.PlanAsync(document.Project.Solution, target, cancellationToken).ConfigureAwait(false);
                    if (library is { } planned)
                    {
                        reasons.Add("LibraryFactory: " + (planned.Value is null ? planned.Reason.ToString() : "planned"));
                    }
                }
            }
        }

        return reasons.Count == 0 ? "no reason reported by this fixer" : string.Join("; ", reasons);
    }

    private Task<IReadOnlyList<Diagnostic>> FindingsAsync(Compilation compilation, CancellationToken cancellationToken = default) =>
        RealCodeProject.FindingsAsync(compilation, _analyzers, cancellationToken);

    private static HashSet<string> Errors(Compilation compilation, Func<Diagnostic, string> key) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(key).ToHashSet(StringComparer.Ordinal);

    /// <summary>An error by id, file and the code it is reported on.</summary>
    private static string ErrorSite(Diagnostic diagnostic) =>
        diagnostic.Id + " " + diagnostic.Location.SourceTree?.FilePath + " " + diagnostic.Location.SourceTree?.GetText().ToString(diagnostic.Location.SourceSpan);

    /// <summary>An error by id, message and file: lines move when a fix rewrites a file, and unresolved packages repeat errors.</summary>
    private static string ErrorKey(Diagnostic diagnostic) =>
        diagnostic.Id + " " + diagnostic.GetMessage(CultureInfo.InvariantCulture) + " " + diagnostic.Location.SourceTree?.FilePath;

    /// <summary>A finding by rule, file, and the text it is reported on within its owner type (a member name, a registration).</summary>
    private static string Key(Diagnostic diagnostic)
    {
        var location = diagnostic.Location;
        var owner = location.SourceTree!.GetRoot().FindNode(location.SourceSpan).AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault();
        var text = location.SourceTree.GetText().ToString(location.SourceSpan);
        return diagnostic.Id + " " + location.SourceTree.FilePath + " " + (owner is null ? text : owner.Identifier.ValueText + "." + text);
    }

    private static FirstFixOutcome Outcome(string repository, Diagnostic finding, FirstFixKind kind, string title, string detail)
    {
        var line = finding.Location.GetLineSpan();
        var member = finding.Location.SourceTree!.GetText().ToString(finding.Location.SourceSpan);
        var marker = Path.DirectorySeparatorChar + repository + Path.DirectorySeparatorChar;
        var path = line.Path.Contains(marker, StringComparison.Ordinal) ? line.Path[(line.Path.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..] : line.Path;
        return new FirstFixOutcome(repository, finding.Id, path, line.StartLinePosition.Line + 1, member.Length > 60 ? member[..60] + "…" : member, kind, title, detail);
    }
}
