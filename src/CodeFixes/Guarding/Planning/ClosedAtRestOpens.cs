using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// anastarawneh/Ja3farBot_OLD's <c>Initialize()</c>: build the member, <c>await OpenAsync()</c>, ping,
/// <c>await CloseAsync()</c>, while the accessor hands the member out unopened to callers that open it themselves. When
/// every direct open of the member is closed again later in its own function, the member is closed whenever a unit starts:
/// a factory of unopened connections hands out what the accessor handed out, and each such open stays where it was, on the
/// unit's per-use connection (an async unit keeps its await; before: <c>AsyncMethodLosesItsOnlyAwait</c>).
/// </summary>
internal static class ClosedAtRestOpens
{
    /// <summary>
    /// Turns the removed direct opens back into uses of the unit's connection, so the factory does not open, when the
    /// accessors hand the member out unopened and each direct open is an own statement closed again after it.
    /// </summary>
    public static void Keep(PlanContext context, MemberReferences references)
    {
        if (context.Mode != FixMode.ConnectionFactory || context.Protocol.FactoryOpens || !context.Protocol.Accessors.Any()
            || !references.OpenedDirectly || references.OpenCalls.Count == 0
            || !references.OpenCalls.All(open => OpenOfMember(context, open) is { } statement && ClosedAfter(context, references, statement))
            || ReadWithoutOwnOpen(context, references))
        {
            return;
        }

        foreach (var open in references.OpenCalls)
        {
            var statement = SyntaxShapes.StatementOf(open)!;
            var plan = context.PlanFor(statement.SyntaxTree)!;
            var connection = ((MemberAccessExpressionSyntax)open.Expression).Expression;
            plan.RemovedStatements.Remove(statement);
            references.HandledOpens.RemoveAll(h => h.Call == open);
            references.Uses.Add(new ConnectionUse(connection, connection.WithoutTrivia(), plan, transaction: null));
        }

        references.OpenedDirectly = false;
    }

    /// <summary>
    /// A function other than the holder's helpers names the member without opening it itself (<c>countSensors()</c> called
    /// between another unit's open and close): it found the member open there, where its own per-use connection would be closed.
    /// </summary>
    private static bool ReadWithoutOwnOpen(PlanContext context, MemberReferences references)
    {
        var opening = references.OpenCalls.Select(open => SyntaxShapes.EnclosingFunctions(open)?.FirstOrDefault()).ToList();
        var helpers = context.Protocol.Accessors.Select(a => (SyntaxNode)a.Declaration).Concat(context.Protocol.Helpers.Select(h => (SyntaxNode)h.Declaration)).ToList();
        foreach (var tree in context.Compilation.SyntaxTrees)
        {
            var model = context.Model(tree);
            foreach (var name in tree.GetRoot(context.CancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != context.Member.Name || !context.IsMember(model.GetSymbolInfo(name, context.CancellationToken).Symbol)
                    || helpers.Any(h => h.Span.Contains(name.Span) && h.SyntaxTree == tree))
                {
                    continue;
                }

                var function = SyntaxShapes.EnclosingFunctions(name)?.FirstOrDefault();
                if (function is null || !opening.Contains(function))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The statement of <c>member.Open()</c> (awaited or not) the collector removed, when the receiver is the member itself.</summary>
    private static ExpressionStatementSyntax? OpenOfMember(PlanContext context, InvocationExpressionSyntax open) =>
        open.Expression is MemberAccessExpressionSyntax { Expression: var receiver }
        && SyntaxShapes.StatementOf(open) is { } statement
        && context.PlanFor(statement.SyntaxTree) is { } plan && plan.RemovedStatements.Contains(statement)
        && context.IsMember(context.Model(open.SyntaxTree).GetSymbolInfo(receiver, context.CancellationToken).Symbol)
            ? statement
            : null;

    /// <summary>
    /// A close of the member later in a block that holds the open, in the same function (<c>await connection.CloseAsync();</c>
    /// after the ping), or in the <c>finally</c> of a <c>try</c> around it.
    /// </summary>
    private static bool ClosedAfter(PlanContext context, MemberReferences references, StatementSyntax open)
    {
        var function = SyntaxShapes.EnclosingFunctions(open)?.FirstOrDefault();
        return function is not null && references.CloseCalls.Any(close =>
            close.Name is "Close" or "CloseAsync" or "Dispose" or "DisposeAsync"
            && SyntaxShapes.EnclosingFunctions(close.Statement)?.FirstOrDefault() == function
            && context.IsMember(context.Model(close.Statement.SyntaxTree).GetSymbolInfo(close.Reference, context.CancellationToken).Symbol)
            && (close.Statement.Parent is BlockSyntax block && open.Ancestors().Contains(block) && close.Statement.SpanStart > open.Span.End
                && !LeavesBetween(function, open, close.Statement)
                || close.Statement.Ancestors().OfType<FinallyClauseSyntax>().Any(f => f.Parent is TryStatementSyntax t && t.Block.Span.Contains(open.Span))));
    }

    /// <summary>A <c>return</c> between the open and the close would leave the member open for the next unit.</summary>
    private static bool LeavesBetween(SyntaxNode function, StatementSyntax open, StatementSyntax close) =>
        function.DescendantNodes(n => n == function || !SyntaxShapes.IsFunction(n))
            .OfType<ReturnStatementSyntax>()
            .Any(r => r.SpanStart > open.Span.End && r.SpanStart < close.SpanStart);
}
