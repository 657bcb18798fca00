using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary><c>if (conn.State != Open) conn.Open();</c> only opened the connection: the guard (or the pool) does that now.</summary>
internal static class OpenOnlyIfStatements
{
    /// <summary>Removes such <c>if</c> statements and returns them (uses in their conditions then need no lease).</summary>
    public static HashSet<SyntaxNode> Remove(PlanContext context, MemberReferences references)
    {
        var removedIfs = new HashSet<SyntaxNode>();
        var closeStatements = new HashSet<StatementSyntax>(references.CloseCalls.Select(c => c.Statement));
        foreach (var plan in context.Plans)
        {
            foreach (var removed in plan.RemovedStatements.ToList())
            {
                var ifStatement = removed.Parent as IfStatementSyntax ?? (removed.Parent is BlockSyntax { Parent: IfStatementSyntax parentIf } ? parentIf : null);
                if (ifStatement is null || ifStatement.Else is not null)
                {
                    continue;
                }

                var body = ifStatement.Statement is BlockSyntax block ? block.Statements.ToList() : new List<StatementSyntax> { ifStatement.Statement };
                if (body.All(s => plan.RemovedStatements.Contains(s) || closeStatements.Contains(s))
                    && references.Uses.Any(u => ifStatement.Condition.Span.Contains(u.Connection.Span)))
                {
                    plan.RemovedStatements.Add(ifStatement);
                    removedIfs.Add(ifStatement);
                }
            }
        }

        return removedIfs;
    }
}
