using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
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
        foreach (var finding in findings.Where(f => f.Related is not null).OrderBy(f => f.Span.Start))
        {
            PlanOne(plan, model, root, finding.Span, finding.Related!.Value, cancellationToken);
        }

        return plan.BlockScopes.Count == 0 && plan.ExpressionScopes.Count == 0
            ? null
            : await ApplyAsync(document, root, plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why the finding at <paramref name="span"/> gets no fix; null when it gets one.</summary>
    internal static async Task<NoFixReason?> ReasonAsync(Document document, Diagnostic finding, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || finding.AdditionalLocations.Count == 0)
        {
            return NoFixReason.AnalysisFailed;
        }

        return PlanOne(new DocumentPlan(document, root), model, root, finding.Location.SourceSpan, finding.AdditionalLocations[0].SourceSpan, cancellationToken);
    }

    /// <summary>SC0004 is reported at the local, with the waiting loop's keyword (or the timer, or the endpoint call) as additional location.</summary>
    private static NoFixReason? PlanOne(DocumentPlan plan, SemanticModel model, SyntaxNode root, TextSpan localSpan, TextSpan loopSpan, CancellationToken cancellationToken)
    {
        var declarator = root.FindNode(localSpan).AncestorsAndSelf().OfType<VariableDeclaratorSyntax>().FirstOrDefault();
        var token = root.FindToken(loopSpan.Start).Parent;
        if (declarator is null || token is null)
        {
            return NoFixReason.AnalysisFailed;
        }

        SyntaxNode? loop = token.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => SyntaxShapes.LoopBody(s) is not null);
        IReadOnlyList<SyntaxNode> perUse;
        if (loop is not null && loop.Span.Contains(loopSpan))
        {
            perUse = new[] { loop };
        }
        else if (EndpointCallbacks.Around(token, model, cancellationToken) is { } endpoint)
        {
            // Every endpoint that uses the local is one use per request, not only the one the finding names.
            perUse = EndpointCallbacks.Using(endpoint, declarator, model, cancellationToken);
        }
        else
        {
            // A timer: `new Timer(_ => ..., ...)` or `timer.Elapsed += (s, e) => ...`; each callback is one use.
            SyntaxNode? callback = token.AncestorsAndSelf().OfType<BaseObjectCreationExpressionSyntax>().FirstOrDefault()?.ArgumentList?.Arguments
                    .Select(a => a.Expression).OfType<AnonymousFunctionExpressionSyntax>().FirstOrDefault()
                ?? (token.AncestorsAndSelf().OfType<AssignmentExpressionSyntax>().FirstOrDefault()?.Right as AnonymousFunctionExpressionSyntax);
            perUse = callback is null ? System.Array.Empty<SyntaxNode>() : new[] { callback };
        }

        return perUse.Count == 0
            ? NoFixReason.PerUseUnsupportedDeclaration
            : PooledConnectionPlanner.Plan(plan, model, declarator, perUse, cancellationToken);
    }
}
