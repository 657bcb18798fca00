using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>Guards members one after another, keeping each change only when it adds no compiler error or warning.</summary>
internal static class ConnectionGuardFix
{
    public static async Task<Solution> GuardAsync(Solution solution, IEnumerable<GuardTarget> targets, FixMode mode, CancellationToken cancellationToken) =>
        (await GuardEachAsync(solution, targets, mode, cancellationToken).ConfigureAwait(false)).Solution;

    /// <summary>Fixes what can be fixed; <c>NotFixed</c> lists the members left as they were, each with its reason.</summary>
    public static async Task<(Solution Solution, IReadOnlyList<(GuardTarget Target, NoFixReason Reason)> NotFixed)> GuardEachAsync(
        Solution solution, IEnumerable<GuardTarget> targets, FixMode mode, CancellationToken cancellationToken) =>
        (await FixEachAsync(solution, targets, mode, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>As <see cref="GuardEachAsync"/>, and whether any fixed member serves concurrent code paths.</summary>
    /// <param name="solution">The solution to fix.</param>
    /// <param name="targets">The members to fix.</param>
    /// <param name="mode">The kind of fix.</param>
    /// <param name="cancellationToken">Cancels the fix.</param>
    /// <param name="unpolished">
    /// Skip adding imports, simplifying names and formatting: the result compiles the same and is only checked (the
    /// lightbulb's check of its first fix), not shown.
    /// </param>
    public static async Task<((Solution Solution, IReadOnlyList<(GuardTarget Target, NoFixReason Reason)> NotFixed) Result, bool Concurrent)> FixEachAsync(
        Solution solution, IEnumerable<GuardTarget> targets, FixMode mode, CancellationToken cancellationToken, bool unpolished = false)
    {
        var concurrent = false;
        var notFixed = new List<(GuardTarget Target, NoFixReason Reason)>();
        // A stable order keeps Fix All deterministic whatever order the diagnostics arrived in.
        foreach (var target in targets.Distinct().Where(t => !t.IsRegistration).OrderBy(t => t.Key, System.StringComparer.Ordinal))
        {
            var project = solution.GetProject(target.ProjectId);
            var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var member = compilation is null ? null : target.Resolve(compilation);
            if (member is null)
            {
                notFixed.Add((target, NoFixReason.AnalysisFailed));
                continue;
            }

            // Half-typed code must never break the lightbulb: a member the planner cannot handle is simply not fixed.
            Solution candidate;
            try
            {
                var outcome = await GuardPlanner.PlanAsync(project!, member, mode, cancellationToken).ConfigureAwait(false);
                concurrent |= outcome.ServesConcurrentPaths;
                if (outcome.Plans is not { Count: > 0 } plans)
                {
                    notFixed.Add((target, outcome.Reason ?? NoFixReason.AnalysisFailed));
                    continue;
                }

                candidate = await ApplyAsync(solution, plans, unpolished, cancellationToken).ConfigureAwait(false);
                if (await AddsDiagnosticsAsync(solution, candidate, plans.Select(p => p.Document.Id), cancellationToken).ConfigureAwait(false))
                {
                    notFixed.Add((target, NoFixReason.AddsCompilerDiagnostics));
                    continue;
                }
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                notFixed.Add((target, NoFixReason.AnalysisFailed));
                continue;
            }

            solution = candidate;
        }

        return ((solution, notFixed), concurrent);
    }

    /// <summary>
    /// Whether every member can be planned, and whether any serves concurrent code paths, without rewriting anything:
    /// what the lightbulb needs to order its fixes. <c>Plans</c> are the one member's plans when there is one member
    /// (to check that they compile without planning again), else null.
    /// </summary>
    public static async Task<(bool Planned, bool Concurrent, IReadOnlyCollection<DocumentPlan>? Plans)> PlanEachAsync(
        Solution solution, IEnumerable<GuardTarget> targets, FixMode mode, CancellationToken cancellationToken)
    {
        var concurrent = false;
        var planned = new List<IReadOnlyCollection<DocumentPlan>>();
        foreach (var target in targets.Distinct().Where(t => !t.IsRegistration))
        {
            var project = solution.GetProject(target.ProjectId);
            var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null || target.Resolve(compilation) is not { } member)
            {
                return (false, concurrent, null);
            }

            try
            {
                var outcome = await GuardPlanner.PlanAsync(project!, member, mode, cancellationToken).ConfigureAwait(false);
                concurrent |= outcome.ServesConcurrentPaths;
                if (outcome.Plans is not { Count: > 0 } plans)
                {
                    return (false, concurrent, null);
                }

                planned.Add(plans);
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                return (false, concurrent, null);
            }
        }

        return (planned.Count > 0, concurrent, planned.Count == 1 ? planned[0] : null);
    }

    /// <summary>
    /// The lightbulb's check of its first fix: whether <paramref name="plans"/>, rewritten without polish (imports,
    /// simplified names, formatting), add no compiler diagnostic to the documents that declare the members, judged in the
    /// rewritten documents' neighbourhood (<see cref="NeighbourhoodCheck"/>, every rewritten document compiled as
    /// rewritten). The declaration's file is where a rewrite changes what the members are (a guard or factory in place of
    /// the connection, its constructors, the connection string kept); the other files only take a lease or a connection
    /// where they used the member, and are checked, with the whole project, when the fix is previewed or applied — binding
    /// every method of every caller twice was most of the lightbulb's wait on a member used from many files
    /// (docs/benchmarks.md, lat26).
    /// </summary>
    public static async Task<bool> CompilesAsync(Solution solution, IReadOnlyCollection<GuardTarget> targets, IReadOnlyCollection<DocumentPlan> plans, CancellationToken cancellationToken)
    {
        try
        {
            var candidate = await ApplyAsync(solution, plans, unpolished: true, cancellationToken).ConfigureAwait(false);
            var documents = plans.Select(p => p.Document.Id).ToList();
            var declaring = await DeclaringDocumentsAsync(solution, targets, cancellationToken).ConfigureAwait(false);
            var counted = documents.Where(declaring.Contains).ToList();
            return !await NeighbourhoodCheck.AddsDiagnosticsAsync(solution, candidate, documents, counted.Count > 0 ? counted : documents, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The documents that declare the members (each part of a partial type's member, a property's field).</summary>
    private static async Task<HashSet<DocumentId>> DeclaringDocumentsAsync(Solution solution, IEnumerable<GuardTarget> targets, CancellationToken cancellationToken)
    {
        var declaring = new HashSet<DocumentId>();
        foreach (var target in targets.Where(t => !t.IsRegistration))
        {
            var project = solution.GetProject(target.ProjectId);
            var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null || target.Resolve(compilation) is not { } member)
            {
                continue;
            }

            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                if (solution.GetDocumentId(reference.SyntaxTree) is { } id)
                {
                    declaring.Add(id);
                }
            }
        }

        return declaring;
    }

    internal static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<DocumentPlan> plans, bool unpolished, CancellationToken cancellationToken)
    {
        foreach (var plan in plans)
        {
            var newRoot = new GuardRewriter(plan).Visit(plan.Root)!;
            var document = solution.GetDocument(plan.Document.Id)!.WithSyntaxRoot(newRoot);
            if (unpolished)
            {
                solution = document.Project.Solution;
                continue;
            }

            document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            document = await TypeNames.ShortenRemainingAsync(document, cancellationToken).ConfigureAwait(false);
            document = await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            solution = document.Project.Solution;
        }

        return solution;
    }

    /// <summary>
    /// A fix must never break the build, including <c>-warnaserror</c> builds: each rewritten file's warnings and errors
    /// compared with its old ones (<see cref="DiagnosticTally"/>).
    /// </summary>
    internal static async Task<bool> AddsDiagnosticsAsync(Solution before, Solution after, IEnumerable<DocumentId> documents, CancellationToken cancellationToken)
    {
        foreach (var id in documents)
        {
            // A rewritten file without a warning or error gained none: its old tally is not needed.
            var afterTally = await TallyAsync(after.GetDocument(id), cancellationToken).ConfigureAwait(false);
            if (!afterTally.IsEmpty && afterTally.AddsTo(await TallyBeforeAsync(before.GetDocument(id), cancellationToken).ConfigureAwait(false)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The tally for a document as the editor has it, kept per compilation: every fix checked for it (each lightbulb on
    /// the same file while nothing was typed) compares against the same tally.
    /// </summary>
    private static async Task<DiagnosticTally> TallyBeforeAsync(Document? document, CancellationToken cancellationToken)
    {
        var tree = document is null ? null : await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        var compilation = document is null ? null : await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (tree is null || compilation is null)
        {
            return await TallyAsync(document, cancellationToken).ConfigureAwait(false);
        }

        var tallies = BeforeTallies.GetValue(compilation, _ => new System.Collections.Concurrent.ConcurrentDictionary<SyntaxTree, DiagnosticTally>());
        if (tallies.TryGetValue(tree, out var tally))
        {
            return tally;
        }

        tally = await TallyAsync(document, cancellationToken).ConfigureAwait(false);
        tallies[tree] = tally;
        return tally;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, System.Collections.Concurrent.ConcurrentDictionary<SyntaxTree, DiagnosticTally>> BeforeTallies = new();

    private static async Task<DiagnosticTally> TallyAsync(Document? document, CancellationToken cancellationToken)
    {
        var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null
            ? DiagnosticTally.Unknown
            : DiagnosticTally.Of(model.GetDiagnostics(cancellationToken: cancellationToken));
    }

    /// <summary>What a fix may not add to a file: the errors and warnings the build sees (a <c>-warnaserror</c> build included).</summary>
    internal static bool IsWarningOrError(Diagnostic diagnostic) => diagnostic.Severity >= DiagnosticSeverity.Warning && !diagnostic.IsSuppressed;
}
