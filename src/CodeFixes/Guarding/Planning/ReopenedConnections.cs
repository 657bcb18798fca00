using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Finds a unit of work that calls an opener which builds a new connection on each call (<c>con = new
/// SqlConnection(cs); con.Open();</c>) again before it closed the first (GRWolfy/E-Library's <c>btnAddtocart_Click</c>:
/// a reader stays open on the first connection while an INSERT runs on the second). The per-use fixes give a unit one
/// connection, so the INSERT would run beside the open reader: they decline. Calls in exclusive branches, or with a
/// close or no use of the first connection between them, are one connection at a time already.
/// </summary>
internal static class ReopenedConnections
{
    public static NoFixReason? Check(ConnectionProtocol protocol, MemberReferences references, CancellationToken cancellationToken)
    {
        var creatingOpens = references.HelperCalls
            .Where(c => c.Helper.Role == HelperRole.Opener && BuildsEveryCall(c.Helper, protocol))
            .Select(c => c.Statement)
            .ToList();
        if (creatingOpens.Count < 2)
        {
            return null;
        }

        var closes = references.CloseCalls.Select(c => (StatementSyntax)c.Statement)
            .Concat(references.HelperCalls.Where(c => c.Helper.Role == HelperRole.Closer).Select(c => c.Statement))
            .ToList();
        foreach (var first in creatingOpens)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (first.Parent is not BlockSyntax block)
            {
                continue;
            }

            foreach (var again in creatingOpens)
            {
                if (again == first || again.SyntaxTree != first.SyntaxTree || again.SpanStart < first.Span.End || !block.Span.Contains(again.Span)
                    || !SameFunction(first, again))
                {
                    continue;
                }

                bool Between(SyntaxNode node) => node.SyntaxTree == first.SyntaxTree && node.SpanStart >= first.Span.End && node.Span.End <= again.SpanStart;
                if (references.Uses.Any(u => Between(u.Connection)) && !closes.Any(Between))
                {
                    return NoFixReason.OpenedAgainWhileOpen;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The units of work call an opener of the holder that builds a new connection on every call before they use it
    /// (<c>Connection.DB(); ... Connection.con ...</c>): the code already makes one connection per use, and a guard or
    /// data source built there would be built again per call, the previous one (with its open connection) never
    /// disposed. A <c>Connect()</c> called once at start-up, away from the uses, is the guard's own shape.
    /// </summary>
    public static bool OpenedPerUse(PlanContext context, ConnectionProtocol protocol, MemberReferences references)
    {
        var openers = protocol.Helpers.Where(h => h.Role == HelperRole.Opener && BuildsEveryCall(h, protocol)).Select(h => h.Symbol).ToList();
        if (openers.Count == 0)
        {
            return false;
        }

        var names = new HashSet<string>(openers.Select(o => o.Name));
        foreach (var function in references.Uses.Select(u => u.Connection.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction)).Where(f => f is not null).Distinct())
        {
            var model = context.Model(function!.SyntaxTree);
            foreach (var call in function.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                // A reconnect in a `catch` replaces a connection that failed; the guard does that itself.
                if (SyntaxShapes.InvokedName(call) is { } name && names.Contains(name)
                    && !call.Ancestors().TakeWhile(a => a != function).Any(a => a is CatchClauseSyntax)
                    && model.GetSymbolInfo(call, context.CancellationToken).Symbol is { } called
                    && openers.Any(o => SymbolEqualityComparer.Default.Equals(o.OriginalDefinition, called.OriginalDefinition)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The opener assigns the member a new construction outside any condition (not <c>if (con == null)</c>).</summary>
    private static bool BuildsEveryCall(ConnectionHelper opener, ConnectionProtocol protocol) =>
        protocol.Constructions.Any(c => c.SyntaxTree == opener.Declaration.SyntaxTree && opener.Declaration.Span.Contains(c.Span)
            && !c.Ancestors().TakeWhile(a => a != opener.Declaration)
                .Any(a => a is IfStatementSyntax or ConditionalExpressionSyntax or BinaryExpressionSyntax or SwitchStatementSyntax or SwitchExpressionSyntax
                          or AssignmentExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceAssignmentExpression }));

    private static bool SameFunction(SyntaxNode a, SyntaxNode b) =>
        a.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) == b.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction);
}
