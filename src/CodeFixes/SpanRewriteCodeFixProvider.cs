using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Formatting;
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
        _fixAll = new SymbolGroupingFixAllProvider<(DocumentId Document, Finding Finding)>(
            title,
            (document, diagnostic, _) => Task.FromResult<IEnumerable<(DocumentId, Finding)>>(new[] { (document.Id, new Finding(diagnostic)) }),
            (solution, targets, _, cancellationToken) => FixAsync(solution, targets, quickCheck: false, cancellationToken));
    }

    /// <inheritdoc />
    public sealed override FixAllProvider GetFixAllProvider() => _fixAll;

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            // The lightbulb judges the rewrite in its neighbourhood (NeighbourhoodCheck); applying it checks the whole project.
            var solution = context.Document.Project.Solution;
            var finding = new[] { (context.Document.Id, new Finding(diagnostic)) };
            var offered = await FixAsync(solution, finding, quickCheck: true, context.CancellationToken).ConfigureAwait(false);
            if (offered != solution)
            {
                context.RegisterCodeFix(CodeAction.Create(_title, cancellationToken => FixAsync(solution, finding, quickCheck: false, cancellationToken), _equivalenceKey), diagnostic);
            }
        }
    }

    /// <summary>Rewrites <paramref name="document"/> for <paramref name="findings"/>; <c>null</c> when nothing changes.</summary>
    private protected abstract Task<Document?> RewriteAsync(Document document, SyntaxNode root, IEnumerable<Finding> findings, CancellationToken cancellationToken);

    /// <summary>Applies <see cref="GuardRewriter"/> edits and formats what they added; <c>null</c> when the text stays the same.</summary>
    private protected static async Task<Document?> ApplyAsync(Document document, SyntaxNode root, DocumentPlan plan, CancellationToken cancellationToken)
    {
        var rewritten = document.WithSyntaxRoot(new GuardRewriter(plan).Visit(root)!);
        rewritten = await Formatter.FormatAsync(rewritten, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (await rewritten.GetTextAsync(cancellationToken).ConfigureAwait(false)).ContentEquals(await document.GetTextAsync(cancellationToken).ConfigureAwait(false))
            ? null
            : rewritten;
    }

    private async Task<Solution> FixAsync(Solution solution, IReadOnlyCollection<(DocumentId Document, Finding Finding)> targets, bool quickCheck, CancellationToken cancellationToken)
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

                var rewritten = await RewriteAsync(document!, root, group.Select(t => t.Finding), cancellationToken).ConfigureAwait(false);
                if (rewritten is not null
                    && !await (quickCheck
                        ? NeighbourhoodCheck.AddsDiagnosticsAsync(solution, rewritten.Project.Solution, new[] { group.Key }, cancellationToken)
                        : ConnectionGuardFix.AddsDiagnosticsAsync(solution, rewritten.Project.Solution, new[] { group.Key }, cancellationToken)).ConfigureAwait(false))
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

    /// <summary>Where a finding is reported, and the first place it points at (SC0004: the waiting loop's keyword), if any.</summary>
    private protected readonly struct Finding : System.IEquatable<Finding>
    {
        public Finding(Diagnostic diagnostic)
        {
            Span = diagnostic.Location.SourceSpan;
            Related = diagnostic.AdditionalLocations.Count > 0 && diagnostic.AdditionalLocations[0].IsInSource ? diagnostic.AdditionalLocations[0].SourceSpan : null;
        }

        public TextSpan Span { get; }

        public TextSpan? Related { get; }

        public bool Equals(Finding other) => Span == other.Span && Related == other.Related;

        public override bool Equals(object? obj) => obj is Finding other && Equals(other);

        public override int GetHashCode() => Span.GetHashCode();
    }
}
