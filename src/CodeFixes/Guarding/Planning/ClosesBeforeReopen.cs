using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A unit of work that opens its connection again after closing it (tdargent1/PPE-RallyeLecture-C-: <c>Insert</c> opens
/// and closes around each command, <c>GetByLogin</c> once per loop pass). The factory gives the unit one connection and
/// keeps the unit's own opens on it (the accessor hands it out unopened); a close that a later open of the same function
/// follows, or that shares a loop with one, stays on that connection, or that open would find it open and throw. A close
/// nothing opens again after still goes: the unit's scope disposes the connection there.
/// </summary>
internal static class ClosesBeforeReopen
{
    /// <summary>Turns each close that an open of the same function can follow into a use of the unit's connection.</summary>
    public static void Keep(PlanContext context, MemberReferences references)
    {
        if (context.Mode != FixMode.ConnectionFactory || context.Protocol.FactoryOpens)
        {
            return;
        }

        var opens = references.Uses.Where(IsOpen).ToList();
        if (opens.Count == 0)
        {
            return;
        }

        foreach (var close in references.CloseCalls.ToList())
        {
            if (close.Name is not ("Close" or "CloseAsync") || ReceiverOf(close.Statement) is not { } receiver
                || SyntaxShapes.EnclosingFunctions(close.Statement)?.FirstOrDefault() is not { } function
                || opens.FirstOrDefault(open => OpensAgainAfter(open.Connection, close.Statement, function)) is not { } reopen)
            {
                continue;
            }

            references.CloseCalls.Remove(close);
            references.Uses.Add(new ConnectionUse(receiver, close.Guard, close.Plan, transaction: null, reopen.ViaAccessor));
        }
    }

    /// <summary><c>connection.Open()</c> or <c>await connection.OpenAsync()</c> kept as a use of the unit's connection.</summary>
    private static bool IsOpen(ConnectionUse use) =>
        use.Connection.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Open" or "OpenAsync" } access
        && access.Expression == use.Connection && access.Parent is InvocationExpressionSyntax;

    /// <summary>
    /// The open runs after the close in the same function: later in the text, or anywhere in a loop around the close
    /// (the next pass opens again).
    /// </summary>
    private static bool OpensAgainAfter(ExpressionSyntax open, StatementSyntax close, SyntaxNode function)
    {
        if (open.SyntaxTree != close.SyntaxTree || SyntaxShapes.EnclosingFunctions(open)?.FirstOrDefault() != function)
        {
            return false;
        }

        return open.SpanStart > close.Span.End
            || close.Ancestors().TakeWhile(a => a != function)
                .Any(a => a is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax && a.Span.Contains(open.Span));
    }

    /// <summary>What <c>receiver.Close();</c> (or <c>await receiver.CloseAsync();</c>) closes.</summary>
    private static ExpressionSyntax? ReceiverOf(ExpressionStatementSyntax statement)
    {
        var expression = statement.Expression is AwaitExpressionSyntax awaited ? awaited.Expression : statement.Expression;
        if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: InvocationExpressionSyntax configured } })
        {
            expression = configured;
        }

        return expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var receiver } } ? receiver : null;
    }
}
