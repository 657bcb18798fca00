using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.PerUse;

namespace StaleConn.CodeFixes;

/// <summary>
/// "Open a pooled connection per use" for SC0004: the connection a waiting loop reused is created, opened and disposed
/// inside each iteration, around the statements that use it; the loop's waits then happen with no connection held.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PooledConnectionPerUseCodeFixProvider))]
public sealed class PooledConnectionPerUseCodeFixProvider : SpanRewriteCodeFixProvider
{
    /// <summary>The stable equivalence key of the fix.</summary>
    public const string EquivalenceKey = "StaleConn.PooledConnectionPerUse";

    /// <summary>Creates the fix.</summary>
    public PooledConnectionPerUseCodeFixProvider()
        : base("Open a pooled connection per use", EquivalenceKey)
    {
    }

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ConnectionAcrossWaitingLoop);

    /// <summary>Plans every local of a document against the original tree, then rewrites the document once.</summary>
    private protected override async Task<Document?> RewriteAsync(Document document, SyntaxNode root, IEnumerable<Finding> findings, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return null;
        }

        var plan = new DocumentPlan(document, root);
        // SC0004 is reported at the local, with the waiting loop's keyword as additional location.
        foreach (var finding in findings.Where(f => f.Related is not null).OrderBy(f => f.Span.Start))
        {
            var loopSpan = finding.Related!.Value;
            var declarator = root.FindNode(finding.Span).AncestorsAndSelf().OfType<VariableDeclaratorSyntax>().FirstOrDefault();
            var token = root.FindToken(loopSpan.Start).Parent;
            SyntaxNode? loop = token?.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => SyntaxShapes.LoopBody(s) is not null);
            if (loop is null || !loop.Span.Contains(loopSpan))
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

        return plan.BlockScopes.Count == 0 && plan.ExpressionScopes.Count == 0
            ? null
            : await ApplyAsync(document, root, plan, cancellationToken).ConfigureAwait(false);
    }
}
