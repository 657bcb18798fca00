using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.FixAll;
using StaleConn.CodeFixes.Guarding;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes;

/// <summary>
/// SC0006 "Leave the connection to the guard": the lease's connection is no longer disposed or closed (the lease's own
/// disposal hands it back). A lease held across a wait has no automatic fix: where the unit of work ends is the
/// author's decision.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LeaseConnectionDisposalCodeFixProvider))]
public sealed class LeaseConnectionDisposalCodeFixProvider : CodeFixProvider
{
    /// <summary>The stable equivalence key of the fix.</summary>
    public const string EquivalenceKey = "StaleConn.LeaveConnectionToTheGuard";

    private const string Title = "Leave the connection to the guard (dispose the lease only)";

    private static readonly FixAllProvider FixAll = new SymbolGroupingFixAllProvider<(DocumentId Document, TextSpan Span)>(
        Title,
        (document, diagnostic, _) => Task.FromResult<IEnumerable<(DocumentId, TextSpan)>>(new[] { (document.Id, diagnostic.Location.SourceSpan) }),
        (solution, targets, _, cancellationToken) => FixAsync(solution, targets, cancellationToken));

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LeaseMisuse);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAll;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var solution = context.Document.Project.Solution;
            var fixedSolution = await FixAsync(solution, new[] { (context.Document.Id, diagnostic.Location.SourceSpan) }, context.CancellationToken).ConfigureAwait(false);
            if (fixedSolution != solution)
            {
                context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(fixedSolution), EquivalenceKey), diagnostic);
            }
        }
    }

    private static async Task<Solution> FixAsync(Solution solution, IReadOnlyCollection<(DocumentId Document, TextSpan Span)> targets, CancellationToken cancellationToken)
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

                var plan = new DocumentPlan(document!, root);
                foreach (var target in group)
                {
                    PlanOne(plan, root.FindNode(target.Span, getInnermostNodeForTie: true));
                }

                if (plan.IsEmpty)
                {
                    continue;
                }

                var rewritten = document!.WithSyntaxRoot(new GuardRewriter(plan).Visit(root)!);
                rewritten = await Formatter.FormatAsync(rewritten, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
                if ((await rewritten.GetTextAsync(cancellationToken).ConfigureAwait(false)).ContentEquals(await document.GetTextAsync(cancellationToken).ConfigureAwait(false)))
                {
                    continue;
                }

                if (!await ConnectionGuardFix.AddsDiagnosticsAsync(solution, rewritten.Project.Solution, new[] { group.Key }, cancellationToken).ConfigureAwait(false))
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

    private static void PlanOne(DocumentPlan plan, SyntaxNode node)
    {
        switch (node)
        {
            // using var connection = lease.Connection;  →  var connection = lease.Connection;
            case VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax local } when local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                plan.Replacements[local] = local.WithAwaitKeyword(default).WithUsingKeyword(default).WithLeadingTrivia(local.GetLeadingTrivia());
                break;

            // using (var connection = lease.Connection) { ... }  →  { var connection = lease.Connection; ... }
            case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } when declaration.Parent is UsingStatementSyntax usingStatement:
                var statements = new List<StatementSyntax> { LocalDeclarationStatement(declaration.WithoutTrivia()) };
                statements.AddRange(usingStatement.Statement is BlockSyntax block ? block.Statements : new SyntaxList<StatementSyntax>(usingStatement.Statement));
                plan.Replacements[usingStatement] = Block(statements).WithAdditionalAnnotations(Formatter.Annotation);
                break;

            // using (lease.Connection) { ... }  →  the body
            case ExpressionSyntax expression when expression.Parent is UsingStatementSyntax resource && resource.Expression == expression:
                plan.Replacements[resource] = resource.Statement.WithLeadingTrivia(resource.GetLeadingTrivia());
                break;

            // lease.Connection.Close();  →  (removed)
            case InvocationExpressionSyntax invocation when SyntaxShapes.StatementOf(invocation) is { } statement:
                plan.RemovedStatements.Add(statement);
                break;
            case AwaitExpressionSyntax { Expression: InvocationExpressionSyntax awaited } when SyntaxShapes.StatementOf(awaited) is { } awaitedStatement:
                plan.RemovedStatements.Add(awaitedStatement);
                break;
        }
    }
}
