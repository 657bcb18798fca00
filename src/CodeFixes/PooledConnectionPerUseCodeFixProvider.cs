using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.FixAll;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.PerUse;

namespace StaleConn.CodeFixes;

/// <summary>
/// "Open a pooled connection per use" for SC0004: the connection a waiting loop reused is created, opened and disposed
/// inside each iteration, around the statements that use it; the loop's waits then happen with no connection held.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PooledConnectionPerUseCodeFixProvider))]
public sealed class PooledConnectionPerUseCodeFixProvider : CodeFixProvider
{
    /// <summary>The stable equivalence key of the fix.</summary>
    public const string EquivalenceKey = "StaleConn.PooledConnectionPerUse";

    private const string Title = "Open a pooled connection per use";

    private static readonly FixAllProvider FixAll = new SymbolGroupingFixAllProvider<(DocumentId Document, TextSpan Local, TextSpan Loop)>(
        Title, TargetsAsync, (solution, targets, _, cancellationToken) => FixAsync(solution, targets, cancellationToken));

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ConnectionAcrossWaitingLoop);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAll;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var targets = (await TargetsAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false)).ToList();
            if (targets.Count == 0)
            {
                continue;
            }

            var solution = context.Document.Project.Solution;
            var fixedSolution = await FixAsync(solution, targets, context.CancellationToken).ConfigureAwait(false);
            if (fixedSolution != solution)
            {
                context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(fixedSolution), EquivalenceKey), diagnostic);
            }
        }
    }

    private static Task<IEnumerable<(DocumentId, TextSpan, TextSpan)>> TargetsAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        // SC0004 is reported at the local, with the waiting loop's keyword as additional location.
        IEnumerable<(DocumentId, TextSpan, TextSpan)> targets = diagnostic.AdditionalLocations.Count > 0 && diagnostic.Location.IsInSource
            ? new[] { (document.Id, diagnostic.Location.SourceSpan, diagnostic.AdditionalLocations[0].SourceSpan) }
            : System.Array.Empty<(DocumentId, TextSpan, TextSpan)>();
        return Task.FromResult(targets);
    }

    /// <summary>Plans every local of a document against the original tree, then rewrites the document once.</summary>
    private static async Task<Solution> FixAsync(Solution solution, IReadOnlyCollection<(DocumentId Document, TextSpan Local, TextSpan Loop)> targets, CancellationToken cancellationToken)
    {
        foreach (var group in targets.GroupBy(t => t.Document))
        {
            try
            {
                solution = await FixDocumentAsync(solution, group.Key, group, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                // Half-typed code must never break the lightbulb: leave this document as it is.
            }
        }

        return solution;
    }

    private static async Task<Solution> FixDocumentAsync(Solution solution, DocumentId documentId, IEnumerable<(DocumentId Document, TextSpan Local, TextSpan Loop)> group, CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(documentId);
        var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return solution;
        }

        var plan = new DocumentPlan(document!, root);
        foreach (var target in group.OrderBy(t => t.Local.Start))
        {
            var declarator = root.FindNode(target.Local).AncestorsAndSelf().OfType<VariableDeclaratorSyntax>().FirstOrDefault();
            var token = root.FindToken(target.Loop.Start).Parent;
            SyntaxNode? loop = token?.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => SyntaxShapes.LoopBody(s) is not null);
            if (loop is null || !loop.Span.Contains(target.Loop))
            {
                // A timer: `new Timer(_ => ..., ...)` or `timer.Elapsed += (s, e) => ...`; each callback is one use.
                loop = token?.AncestorsAndSelf().OfType<BaseObjectCreationExpressionSyntax>().FirstOrDefault()?.ArgumentList?.Arguments
                        .Select(a => a.Expression).OfType<AnonymousFunctionExpressionSyntax>().FirstOrDefault()
                    ?? (token?.AncestorsAndSelf().OfType<AssignmentExpressionSyntax>().FirstOrDefault()?.Right as AnonymousFunctionExpressionSyntax);
            }

            if (declarator is not null && loop is not null)
            {
                PooledConnectionPlanner.TryPlan(plan, model, declarator, loop, cancellationToken);
            }
        }

        if (plan.BlockScopes.Count == 0 && plan.ExpressionScopes.Count == 0)
        {
            return solution;
        }

        var rewritten = document!.WithSyntaxRoot(new GuardRewriter(plan).Visit(root)!);
        rewritten = await Formatter.FormatAsync(rewritten, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!await ConnectionGuardFix.AddsDiagnosticsAsync(solution, rewritten.Project.Solution, new[] { documentId }, cancellationToken).ConfigureAwait(false))
        {
            solution = rewritten.Project.Solution;
        }

        return solution;
    }
}
