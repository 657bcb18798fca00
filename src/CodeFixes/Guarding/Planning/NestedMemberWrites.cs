using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A unit of work that sets the member inside a nested block and uses it after, in that block (nkyokoo/unittesting's
/// <c>Login</c>: <c>if (IsValidEmail(email)) { connection = db.Connection; ... connection.CreateCommand() ... }</c>). The
/// unit's lease (or per-use connection) is taken where the unit's scope starts — in the function's body or its <c>try</c>
/// block, so before the statement that holds the nested block — which is before the write: on the first call the guard
/// the write builds does not exist yet (<c>connection.Acquire()</c> on null), and later calls lease the guard of the
/// previous call. A write that is a statement of the body (or of its <c>try</c> block) is where the scope starts after it;
/// one inside an <c>if</c> the fix removes (a lazy opener's) goes with it.
/// </summary>
internal static class NestedMemberWrites
{
    /// <summary><see cref="NoFixReason.MemberSetInNestedBlock"/> for such a write; null when there is none.</summary>
    public static NoFixReason? Check(BlockSyntax body, IEnumerable<ConnectionUse> uses, ISymbol member, SemanticModel model, Func<SyntaxNode, bool> removed, CancellationToken cancellationToken)
    {
        var useStarts = uses.Select(u => u.Connection).ToList();
        foreach (var assignment in body.DescendantNodes(n => n == body || !SyntaxShapes.IsFunction(n)).OfType<AssignmentExpressionSyntax>())
        {
            if (assignment.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement
                || IsScopeBlock(block, body)
                || removed(statement)
                || !Names(assignment.Left, member.Name)
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol?.OriginalDefinition, member.OriginalDefinition))
            {
                continue;
            }

            if (useStarts.Any(use => block.Span.Contains(use.Span) && use.SpanStart >= statement.Span.End))
            {
                return NoFixReason.MemberSetInNestedBlock;
            }
        }

        return null;
    }

    private static bool IsScopeBlock(BlockSyntax block, BlockSyntax body) =>
        block == body || block.Parent is TryStatementSyntax tryStatement && tryStatement.Block == block && tryStatement.Parent == body;

    private static bool Names(ExpressionSyntax target, string name) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var accessed } => accessed.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Name: var accessed } => accessed.Identifier.ValueText == name,
        _ => false,
    };
}
