using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Whether a unit of work has built the lazily built member before a lease range starts: a statement before it (in its
/// block or an enclosing one of the same function) calls the holder's builder (<c>OpenConn();</c>, <c>if
/// (!db.IsConnected()) return;</c>) or builds the member itself when null (<c>if (dbConn == null) dbConn = ...;</c>), or
/// the range is the body of <c>if (db.IsConnected())</c>. A builder that a sibling unit calls inside the lease then
/// finds the guard built and does not replace it (it builds only while the member is null).
/// </summary>
internal static class BuiltBeforeLease
{
    /// <param name="firstStatement">The first statement of the lease range.</param>
    /// <param name="isBuilderCall">Whether a node is a call of a holder method that builds the member when null.</param>
    /// <param name="buildsWhenNull">Whether an <c>if</c> statement tests the member for null and builds it in its branch.</param>
    public static bool Holds(StatementSyntax firstStatement, Func<SyntaxNode, bool> isBuilderCall, Func<IfStatementSyntax, bool> buildsWhenNull)
    {
        SyntaxNode node = firstStatement;
        while (node.Parent is { } parent && parent is not (MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
        {
            if (parent is BlockSyntax block && block.Statements.TakeWhile(s => s != node).Any(s => Builds(s, isBuilderCall, buildsWhenNull))
                || parent is IfStatementSyntax { Else: null } branch && branch.Statement == node && isBuilderCall(branch.Condition))
            {
                return true;
            }

            node = parent;
        }

        return false;
    }

    private static bool Builds(StatementSyntax statement, Func<SyntaxNode, bool> isBuilderCall, Func<IfStatementSyntax, bool> buildsWhenNull) =>
        statement switch
        {
            ExpressionStatementSyntax { Expression: var call } => isBuilderCall(call),
            // `if (!db.IsConnected()) return;`: past it, the builder has run and said the member is there.
            IfStatementSyntax { Condition: PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: var check }, Statement: var exit, Else: null }
                => LeavesTheFunction(exit) && isBuilderCall(check),
            IfStatementSyntax inline => buildsWhenNull(inline),
            _ => false,
        };

    private static bool LeavesTheFunction(StatementSyntax statement) =>
        statement is ReturnStatementSyntax or ThrowStatementSyntax
        || statement is BlockSyntax { Statements.Count: 1 } block && LeavesTheFunction(block.Statements[0]);
}
