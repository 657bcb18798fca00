using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A removed open whose failure a <c>catch</c> handled (<c>try { if (c.State is Closed) await c.OpenAsync(); } catch (Exception ex)
/// { log; }</c>, Moby's <c>ConnectAsync</c>): the guard now connects where the next lease is acquired, so that acquire must
/// sit inside the same <c>try</c>, or a failed connect escapes to callers that never had to handle one.
/// </summary>
internal static class HandledOpenLeases
{
    /// <summary>
    /// <see cref="NoFixReason.LeaseOutsideOpenCatch"/> when the first lease range at or after a handled, removed open
    /// (<paramref name="ranges"/>: a block and its first and last statement) starts outside the open's <c>try</c>; null otherwise.
    /// </summary>
    public static NoFixReason? Check(IEnumerable<InvocationExpressionSyntax> opens, IReadOnlyCollection<(BlockSyntax Block, int Start, int End)> ranges,
        System.Func<SyntaxNode, bool> isRemoved)
    {
        foreach (var open in opens)
        {
            if (SyntaxShapes.StatementOf(open) is not { } statement || !statement.AncestorsAndSelf().Any(isRemoved)
                || HandlingTry(open) is not { } handling || open.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) is not { } function)
            {
                continue;
            }

            var next = ranges
                .Where(r => r.Block.SyntaxTree == open.SyntaxTree && r.Block.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) == function
                    && r.Block.Statements[r.End].Span.End > open.SpanStart)
                .Select(r => r.Block.Statements[r.Start])
                .OrderBy(s => s.SpanStart)
                .FirstOrDefault();
            if (next is not null && !handling.Block.Span.Contains(next.Span))
            {
                return NoFixReason.LeaseOutsideOpenCatch;
            }
        }

        return null;
    }

    /// <summary>
    /// The innermost <c>try</c> of the open's function whose block holds the open and which has a <c>catch</c> that does
    /// more than rethrow (<see cref="RethrowOnlyCatches"/>: ejercictacionUTNLabo2's <c>catch (Exception) { throw; }</c>).
    /// </summary>
    internal static TryStatementSyntax? HandlingTry(SyntaxNode open) =>
        open.Ancestors().TakeWhile(a => !SyntaxShapes.IsFunction(a)).OfType<TryStatementSyntax>()
            .FirstOrDefault(t => RethrowOnlyCatches.Handles(t) && t.Block.Span.Contains(open.Span));
}
