using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.FixAll;
using StaleConn.CodeFixes.Guarding;

namespace StaleConn.CodeFixes;

/// <summary>
/// A fix that rewrites each finding where it stands, one document at a time. The lightbulb and Fix All (document,
/// project, solution) share one path; a rewrite that would add a compiler diagnostic is dropped, and half-typed code
/// leaves its document untouched rather than breaking the lightbulb.
/// </summary>
public abstract class SpanRewriteCodeFixProvider : CodeFixProvider
{
    private readonly string _title;
    private readonly string _equivalenceKey;
    private readonly FixAllProvider _fixAll;

    private protected SpanRewriteCodeFixProvider(string title, string equivalenceKey)
    {
        _title = title;
        _equivalenceKey = equivalenceKey;
        _fixAll = new SymbolGroupingFixAllProvider<(DocumentId Document, TextSpan Span)>(
            title,
            (document, diagnostic, _) => Task.FromResult<IEnumerable<(DocumentId, TextSpan)>>(new[] { (document.Id, diagnostic.Location.SourceSpan) }),
            (solution, targets, _, cancellationToken) => FixAsync(solution, targets, cancellationToken));
    }

    /// <inheritdoc />
    public sealed override FixAllProvider GetFixAllProvider() => _fixAll;

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var solution = context.Document.Project.Solution;
            var fixedSolution = await FixAsync(solution, new[] { (context.Document.Id, diagnostic.Location.SourceSpan) }, context.CancellationToken).ConfigureAwait(false);
            if (fixedSolution != solution)
            {
                context.RegisterCodeFix(CodeAction.Create(_title, _ => Task.FromResult(fixedSolution), _equivalenceKey), diagnostic);
            }
        }
    }

    /// <summary>Rewrites <paramref name="document"/> for the findings at <paramref name="spans"/>; <c>null</c> when nothing changes.</summary>
    private protected abstract Task<Document?> RewriteAsync(Document document, SyntaxNode root, IEnumerable<TextSpan> spans, CancellationToken cancellationToken);

    private async Task<Solution> FixAsync(Solution solution, IReadOnlyCollection<(DocumentId Document, TextSpan Span)> targets, CancellationToken cancellationToken)
    {
        foreach (var group in targets.GroupBy(t => t.Document))
        {
            try
            {
                var document = solution.GetDocument(group.Key);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    continue;
                }

                var rewritten = await RewriteAsync(document!, root, group.Select(t => t.Span), cancellationToken).ConfigureAwait(false);
                if (rewritten is not null
                    && !await ConnectionGuardFix.AddsDiagnosticsAsync(solution, rewritten.Project.Solution, new[] { group.Key }, cancellationToken).ConfigureAwait(false))
                {
                    solution = rewritten.Project.Solution;
                }
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                // Half-typed code must never break the lightbulb: leave this document as it is.
            }
        }

        return solution;
    }
}
