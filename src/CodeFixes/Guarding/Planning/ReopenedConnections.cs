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

    /// <summary>
    /// A unit of work that builds the member anew outside any condition, runs its commands over it and closes it
    /// (jovnascimento/RFID-IF2_MS's <c>Tag</c>, per queue message: <c>conn = new NpgsqlConnection(cs); conn.Open(); ...
    /// conn.Close();</c>) already makes one connection per use: a guard or data source assigned there would be built again
    /// on every call and the previous one, with the connection it keeps open, never disposed (the pool runs dry).
    /// </summary>
    public static bool BuiltAndClosedInUnit(MemberReferences references)
    {
        foreach (var (source, _) in references.AssignedSources)
        {
            if (source is not BaseObjectCreationExpressionSyntax
                || source.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) is not { } function
                || function is ConstructorDeclarationSyntax
                || source.Ancestors().TakeWhile(a => a != function).Any(IsCondition))
            {
                continue;
            }

            var uses = references.Uses.Where(u => u.Connection.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) == function).ToList();
            var closes = uses.Any(u => CalledOn(u.Connection) is "Close" or "CloseAsync" or "Dispose" or "DisposeAsync")
                || references.CloseCalls.Any(c => c.Statement.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) == function);
            var works = uses.Any(u => !ReferenceCollector.IsWritten(u.Connection)
                && CalledOn(u.Connection) is not ("Open" or "OpenAsync" or "Close" or "CloseAsync" or "Dispose" or "DisposeAsync"));

            // A worker that builds it once and then loops over it keeps one connection: the guard is right there.
            var builtPerTurn = uses.All(u => u.Connection.Ancestors().TakeWhile(a => a != function)
                .Where(a => SyntaxShapes.LoopBody(a) is not null).All(loop => loop.Span.Contains(source.Span)));
            if (closes && works && builtPerTurn)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCondition(SyntaxNode node) =>
        node is IfStatementSyntax or ConditionalExpressionSyntax or BinaryExpressionSyntax or SwitchStatementSyntax or SwitchExpressionSyntax or CatchClauseSyntax
            or AssignmentExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceAssignmentExpression };

    private static string? CalledOn(ExpressionSyntax connection) =>
        connection.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } access && access.Expression == connection
            ? access.Name.Identifier.ValueText
            : null;

    /// <summary>The opener assigns the member a new construction outside any condition (not <c>if (con == null)</c>).</summary>
    private static bool BuildsEveryCall(ConnectionHelper opener, ConnectionProtocol protocol) =>
        protocol.Constructions.Any(c => c.SyntaxTree == opener.Declaration.SyntaxTree && opener.Declaration.Span.Contains(c.Span)
            && !c.Ancestors().TakeWhile(a => a != opener.Declaration)
                .Any(a => a is IfStatementSyntax or ConditionalExpressionSyntax or BinaryExpressionSyntax or SwitchStatementSyntax or SwitchExpressionSyntax
                          or AssignmentExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceAssignmentExpression }));

    private static bool SameFunction(SyntaxNode a, SyntaxNode b) =>
        a.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) == b.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction);
}
