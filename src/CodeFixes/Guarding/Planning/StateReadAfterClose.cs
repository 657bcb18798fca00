using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A unit of work closes the held connection (itself, or through the holder's closer) and then reads its <c>State</c>
/// (Dutchua/CompanyEventManager's test: <c>DatabaseConnect.Disconnect(); Assert.True(DatabaseConnect.Connection.State ==
/// ConnectionState.Closed);</c>). Every fix drops that close: a lease's or a per-use connection stays open until the unit
/// ends, so the read would say Open where it said Closed. An open between them (the unit reopened it) is read as before.
/// </summary>
internal static class StateReadAfterClose
{
    public static NoFixReason? Check(MemberReferences references)
    {
        var closes = references.CloseCalls.Select(c => (StatementSyntax)c.Statement)
            .Concat(references.HelperCalls.Where(c => c.Helper.Role == HelperRole.Closer).Select(c => c.Statement))
            .ToList();
        if (closes.Count == 0)
        {
            return null;
        }

        var opens = references.HelperCalls.Where(c => c.Helper.Role == HelperRole.Opener).Select(c => (SyntaxNode)c.Statement)
            .Concat(references.OpenCalls)
            .Concat(references.Uses.Select(u => u.Connection).Where(IsOpened))
            .ToList();
        foreach (var use in references.Uses.Where(u => SyntaxShapes.IsStateRead(u.Connection)))
        {
            // A state check the fix removes with the open it guards (`if (c.State != Open) c.Open();`) reads nothing.
            var read = use.Connection;
            if (read.Ancestors().OfType<StatementSyntax>().Any(use.Plan.RemovedStatements.Contains))
            {
                continue;
            }

            var function = read.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction);
            foreach (var close in closes)
            {
                if (close.SyntaxTree != read.SyntaxTree || close.Span.End > read.SpanStart
                    || close.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) != function)
                {
                    continue;
                }

                bool Between(SyntaxNode node) => node.SyntaxTree == read.SyntaxTree && node.SpanStart >= close.Span.End && node.Span.End <= read.SpanStart;
                if (!opens.Any(Between))
                {
                    return NoFixReason.StateReadAfterClose;
                }
            }
        }

        return null;
    }

    private static bool IsOpened(ExpressionSyntax connection) =>
        connection.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Open" or "OpenAsync", Parent: InvocationExpressionSyntax } access
        && access.Expression == connection;
}
