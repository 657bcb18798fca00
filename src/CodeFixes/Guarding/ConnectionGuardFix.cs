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
    public static async Task<((Solution Solution, IReadOnlyList<(GuardTarget Target, NoFixReason Reason)> NotFixed) Result, bool Concurrent)> FixEachAsync(
        Solution solution, IEnumerable<GuardTarget> targets, FixMode mode, CancellationToken cancellationToken)
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

                candidate = await ApplyAsync(solution, plans, cancellationToken).ConfigureAwait(false);
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

    private static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<DocumentPlan> plans, CancellationToken cancellationToken)
    {
        foreach (var plan in plans)
        {
            var newRoot = new GuardRewriter(plan).Visit(plan.Root)!;
            var document = solution.GetDocument(plan.Document.Id)!.WithSyntaxRoot(newRoot);
            document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            document = await TypeNames.ShortenRemainingAsync(document, cancellationToken).ConfigureAwait(false);
            document = await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            solution = document.Project.Solution;
        }

        return solution;
    }

    /// <summary>A fix must never break the build, including <c>-warnaserror</c> builds.</summary>
    internal static async Task<bool> AddsDiagnosticsAsync(Solution before, Solution after, IEnumerable<DocumentId> documents, CancellationToken cancellationToken)
    {
        foreach (var id in documents)
        {
            if (await CountAsync(before.GetDocument(id), cancellationToken).ConfigureAwait(false)
                < await CountAsync(after.GetDocument(id), cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<int> CountAsync(Document? document, CancellationToken cancellationToken)
    {
        var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null
            ? int.MaxValue
            : model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed);
    }
}
