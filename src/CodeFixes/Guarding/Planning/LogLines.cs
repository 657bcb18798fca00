using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A statement that only writes a log line: <c>Console.WriteLine(...)</c>, <c>Debug</c>/<c>Trace</c> writes, a call
/// named as logging (<c>Log(...)</c>, <c>LogWarning(...)</c>, <c>WriteLog(...)</c>) or made on a logger
/// (<c>_logger.Info(...)</c>, <c>HBData.Log.WriteLineToLog(...)</c>), whose arguments change nothing.
/// </summary>
internal static class LogLines
{
    public static bool Is(StatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement is not ExpressionStatementSyntax { Expression: var expression })
        {
            return false;
        }

        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
        }

        if (expression is not InvocationExpressionSyntax call || !call.ArgumentList.Arguments.All(a => SideEffectFree.ChangesNothing(a.Expression)))
        {
            return false;
        }

        var name = SyntaxShapes.InvokedName(call);
        if (model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { ContainingType: var type }
            && type.ContainingNamespace?.ToDisplayString() is "System" or "System.Diagnostics" && type.Name is "Console" or "Debug" or "Trace")
        {
            return name.StartsWith("Write", StringComparison.Ordinal) || name.StartsWith("Trace", StringComparison.Ordinal);
        }

        return IsLoggingName(name) || call.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && IsLoggerName(RightmostName(receiver));
    }

    /// <summary>
    /// A receiver whose calls report and do nothing else: <c>Console</c>, <c>Debug</c>, <c>Trace</c>, <c>MessageBox</c>
    /// or a logger by name (<c>_logger</c>, <c>Log</c>, <c>FileLogger</c>).
    /// </summary>
    public static bool IsReportReceiverName(string name) => name is "Console" or "Debug" or "Trace" or "MessageBox" || IsLoggerName(name);

    /// <summary>A logging class: <c>LogSys</c>, <c>LogHelper</c>, <c>Logger</c>, <c>FileLogger</c> — not <c>LoginService</c> or <c>Logic</c>.</summary>
    public static bool IsLoggingTypeName(string name) => IsLoggingName(name) || IsLoggerName(name);

    /// <summary><c>Log</c>, <c>LogError</c>, <c>WriteLog</c>, <c>WriteLineToLog</c> — not <c>Login</c>.</summary>
    private static bool IsLoggingName(string name) =>
        name.EndsWith("Log", StringComparison.Ordinal)
        || (name.StartsWith("Log", StringComparison.Ordinal) && (name.Length == 3 || char.IsUpper(name[3])));

    /// <summary><c>Logger</c>, <c>_logger</c>, <c>Log</c>, <c>Logging</c>, <c>log</c>.</summary>
    private static bool IsLoggerName(string? name) =>
        name?.TrimStart('_').ToLowerInvariant() is "log" or "logger" or "logging" or "_log" || name?.EndsWith("Logger", StringComparison.Ordinal) == true;

    private static string? RightmostName(ExpressionSyntax receiver) => receiver switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };
}
