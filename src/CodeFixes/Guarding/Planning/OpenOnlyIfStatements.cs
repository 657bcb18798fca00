using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// <c>if (conn.State != Open) conn.Open();</c> only opened the connection: the guard (or the pool) does that now. Under
/// the factory fix, <c>if (conn.State != Closed) conn.Close();</c> in a <c>finally</c> (dpolanco1/SGF) only closed it:
/// each unit of work disposes its own, so the emptied statement goes too. Only a condition without side effects goes.
/// </summary>
internal static class OpenOnlyIfStatements
{
    /// <summary>Removes such <c>if</c> statements and returns them (uses in their conditions then need no lease).</summary>
    public static HashSet<SyntaxNode> Remove(PlanContext context, MemberReferences references)
    {
        var removedIfs = new HashSet<SyntaxNode>();
        var closeStatements = new HashSet<StatementSyntax>(references.CloseCalls.Select(c => c.Statement));
        foreach (var plan in context.Plans)
        {
            // The factory fix removes every close (UnitPlanner), so an `if` around closes only is emptied too.
            var seeds = context.Mode == FixMode.ConnectionFactory
                ? plan.RemovedStatements.Concat(references.CloseCalls.Where(c => c.Plan == plan).Select(c => c.Statement)).ToList()
                : plan.RemovedStatements.ToList();
            foreach (var removed in seeds)
            {
                var ifStatement = removed.Parent as IfStatementSyntax ?? (removed.Parent is BlockSyntax { Parent: IfStatementSyntax parentIf } ? parentIf : null);
                if (ifStatement is null || ifStatement.Else is not null)
                {
                    continue;
                }

                var body = ifStatement.Statement is BlockSyntax block ? block.Statements.ToList() : new List<StatementSyntax> { ifStatement.Statement };
                if (body.All(s => plan.RemovedStatements.Contains(s) || closeStatements.Contains(s))
                    && references.Uses.Any(u => ifStatement.Condition.Span.Contains(u.Connection.Span))
                    && !HasSideEffects(ifStatement.Condition, references))
                {
                    plan.RemovedStatements.Add(ifStatement);
                    removedIfs.Add(ifStatement);
                }
            }
        }

        return removedIfs;
    }

    /// <summary>
    /// A call (other than the accessor that hands out the connection), an assignment, an increment, an await or a
    /// construction in the condition: removing the <c>if</c> would drop it.
    /// </summary>
    private static bool HasSideEffects(ExpressionSyntax condition, MemberReferences references) =>
        condition.DescendantNodesAndSelf().Any(n => n switch
        {
            InvocationExpressionSyntax call => !references.Uses.Any(u => u.Connection.Span.Contains(call.Span) && u.Connection.SyntaxTree == call.SyntaxTree),
            AssignmentExpressionSyntax or AwaitExpressionSyntax or BaseObjectCreationExpressionSyntax => true,
            PrefixUnaryExpressionSyntax unary => unary.IsKind(SyntaxKind.PreIncrementExpression) || unary.IsKind(SyntaxKind.PreDecrementExpression),
            PostfixUnaryExpressionSyntax => n.IsKind(SyntaxKind.PostIncrementExpression) || n.IsKind(SyntaxKind.PostDecrementExpression),
            _ => false,
        });
}
