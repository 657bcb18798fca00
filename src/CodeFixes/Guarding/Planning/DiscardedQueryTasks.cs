using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A query started without awaiting its task (<c>command.ExecuteNonQueryAsync();</c>, Dapper's
/// <c>connection.ExecuteAsync(sql);</c>, <c>_ = ...</c>) is still running when the unit of work ends: a lease would end,
/// or a connection per use be disposed, under it. On the kept connection it completed in the background
/// (RendyMod/PvpArenaV's <c>SQLHandler.InsertOrUpdateMatchmakingData</c>, a V Rising plugin's fire-and-forget insert).
/// </summary>
internal static class DiscardedQueryTasks
{
    /// <summary>The first statement of <paramref name="body"/> (nested functions aside) that starts a query and drops its task.</summary>
    public static InvocationExpressionSyntax? Find(SyntaxNode body, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var node in body.DescendantNodes(n => n == body || !SyntaxShapes.IsFunction(n)))
        {
            var started = node switch
            {
                ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } => call,
                ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Right: InvocationExpressionSyntax call } } => call,
                _ => null,
            };
            if (started is not null && StartsQuery(started, model, cancellationToken))
            {
                return started;
            }
        }

        return null;
    }

    /// <summary>A call that returns a task and runs on a command or a connection (its receiver, or an argument).</summary>
    private static bool StartsQuery(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method || !TaskTypes.IsTask(method.ReturnType))
        {
            return false;
        }

        if (call.Expression is MemberAccessExpressionSyntax access && IsCommandOrConnection(model.GetTypeInfo(access.Expression, cancellationToken).Type))
        {
            return true;
        }

        foreach (var argument in call.ArgumentList.Arguments)
        {
            if (IsCommandOrConnection(model.GetTypeInfo(argument.Expression, cancellationToken).Type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCommandOrConnection(ITypeSymbol? type) =>
        AdoInterfaces.Implements(type, "IDbCommand") || AdoInterfaces.Implements(type, "IDbConnection");
}
