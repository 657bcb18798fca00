using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using StaleConn.CodeFixes.Guarding;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes;

/// <summary>
/// SC0006 "Leave the connection to the guard": the lease's connection is no longer disposed or closed (the lease's own
/// disposal hands it back). A lease held across a wait has no automatic fix: where the unit of work ends is the
/// author's decision.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LeaseConnectionDisposalCodeFixProvider))]
public sealed class LeaseConnectionDisposalCodeFixProvider : SpanRewriteCodeFixProvider
{
    /// <summary>The stable equivalence key of the fix.</summary>
    public const string EquivalenceKey = "StaleConn.LeaveConnectionToTheGuard";

    /// <summary>Creates the fix.</summary>
    public LeaseConnectionDisposalCodeFixProvider()
        : base("Leave the connection to the guard (dispose the lease only)", EquivalenceKey)
    {
    }

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LeaseMisuse);

    private protected override async Task<Document?> RewriteAsync(Document document, SyntaxNode root, IEnumerable<Finding> findings, CancellationToken cancellationToken)
    {
        var plan = new DocumentPlan(document, root);
        foreach (var finding in findings)
        {
            PlanOne(plan, root.FindNode(finding.Span, getInnermostNodeForTie: true));
        }

        return plan.IsEmpty ? null : await ApplyAsync(document, root, plan, cancellationToken).ConfigureAwait(false);
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
