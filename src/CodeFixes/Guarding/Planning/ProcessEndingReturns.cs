using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A <c>return</c> right after a call that ends the process — an opener's give-up path: <c>Logger.Fatal(...);
/// Process.GetCurrentProcess().Kill(); return null;</c> or <c>Environment.Exit(1); return null;</c>
/// (UhuruSoftware/vcap-dotnet, Node.cs and MsSqlBackup.cs <c>ConnectMSSql</c>). The call does not come back, so the
/// returned value never reaches a caller: what it is does not change what the program does.
/// </summary>
internal static class ProcessEndingReturns
{
    /// <summary>True when the statement before <paramref name="statement"/> in its block ends the process.</summary>
    public static bool FollowsProcessEnd(ReturnStatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement.Parent is not BlockSyntax block)
        {
            return false;
        }

        var index = block.Statements.IndexOf(statement);
        return index > 0
            && block.Statements[index - 1] is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call }
            && EndsTheProcess(call, model, cancellationToken);
    }

    /// <summary><c>Environment.Exit</c>, <c>Environment.FailFast</c>, or <c>Process.GetCurrentProcess().Kill()</c>.</summary>
    private static bool EndsTheProcess(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return false;
        }

        var type = method.ContainingType.ToDisplayString();
        if (type == "System.Environment")
        {
            return method.Name is "Exit" or "FailFast";
        }

        // Kill() of another process returns; only the current process's ends this one.
        return type == "System.Diagnostics.Process" && method.Name == "Kill"
            && call.Expression is MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax receiver }
            && model.GetSymbolInfo(receiver, cancellationToken).Symbol is IMethodSymbol { Name: "GetCurrentProcess", ContainingType: var owner }
            && owner.ToDisplayString() == "System.Diagnostics.Process";
    }
}
