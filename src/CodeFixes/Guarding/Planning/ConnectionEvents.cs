using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A handler added to (or removed from) one of the held connection's own events: <c>_connection.StateChange += OnState;</c>,
/// <c>Connection.InfoMessage += OnMessage;</c>. The handler is bound to that one object; a guard's replacement or a
/// connection per use would never raise the event to it, so its logging, status display or reconnect logic would stop.
/// </summary>
internal static class ConnectionEvents
{
    /// <summary><see cref="NoFixReason.ConnectionEventsSubscribed"/> when <paramref name="connection"/> is the receiver of an event subscription.</summary>
    public static NoFixReason? Check(ExpressionSyntax connection, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        if (connection.Parent is not MemberAccessExpressionSyntax access || access.Expression != connection
            || access.Parent is not AssignmentExpressionSyntax assignment || assignment.Left != access
            || !(assignment.IsKind(SyntaxKind.AddAssignmentExpression) || assignment.IsKind(SyntaxKind.SubtractAssignmentExpression)))
        {
            return null;
        }

        return model.GetSymbolInfo(access, cancellationToken).Symbol is IEventSymbol ? NoFixReason.ConnectionEventsSubscribed : null;
    }
}
