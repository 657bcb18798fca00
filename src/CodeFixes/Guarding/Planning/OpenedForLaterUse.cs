using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// An opening accessor called as a statement only to open the connection that the same unit then reads through an
/// accessor of the same receiver (<c>dbConnection.OpenConnection(); ... new MySqlCommand(q, dbConnection.Get_conn())</c>,
/// AviGoldshtein/Sensors and the Malshinon course DALs). Under the factory fix the later read takes the unit's own open
/// connection, so the call goes as an opener's call does; kept, it would open and dispose a second connection.
/// </summary>
/// <remarks>
/// Only when the read is in the statement's own block or in blocks and <c>using</c>/<c>if</c> statements nested in it:
/// across a <c>try</c>, a loop or a lambda the open would move into (or out of) a catch's reach or a repetition.
/// </remarks>
internal static class OpenedForLaterUse
{
    public static bool IsFollowedByRead(ExpressionStatementSyntax statement, InvocationExpressionSyntax call, ConnectionProtocol protocol, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement.Parent is not BlockSyntax block)
        {
            return false;
        }

        var receiver = ReceiverOf(call);
        return block.Statements.SkipWhile(s => s != statement).Skip(1)
            .SelectMany(s => s.DescendantNodesAndSelf(n => !SyntaxShapes.IsFunction(n)).OfType<InvocationExpressionSyntax>())
            .Any(read => read.Parent is not ExpressionStatementSyntax
                && protocol.HelperFor(model.GetSymbolInfo(read, cancellationToken).Symbol) is { Role: HelperRole.Accessor, IsStoredCopy: false, IsAsync: false }
                && SameReceiver(receiver, ReceiverOf(read))
                && read.Ancestors().TakeWhile(a => a != block).All(a => a is BlockSyntax or UsingStatementSyntax or IfStatementSyntax or ElseClauseSyntax
                    or ExpressionSyntax or ArgumentSyntax or ArgumentListSyntax or EqualsValueClauseSyntax or VariableDeclaratorSyntax or VariableDeclarationSyntax
                    or LocalDeclarationStatementSyntax or ExpressionStatementSyntax or ReturnStatementSyntax)
                && !read.Ancestors().TakeWhile(a => a != block).Any(SyntaxShapes.IsFunction));
    }

    private static ExpressionSyntax? ReceiverOf(InvocationExpressionSyntax call) =>
        call.Expression is MemberAccessExpressionSyntax access ? access.Expression : null;

    /// <summary>Both the same written receiver (<c>dbConnection</c>), or both the instance itself (<c>this.</c> or none).</summary>
    private static bool SameReceiver(ExpressionSyntax? first, ExpressionSyntax? second)
    {
        static bool IsSelf(ExpressionSyntax? e) => e is null or ThisExpressionSyntax;
        return (IsSelf(first) && IsSelf(second)) || (first is not null && second is not null && first.IsEquivalentTo(second, topLevel: false));
    }
}
