using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Work after the <c>try</c> that handled an open, where every <c>catch</c> of that <c>try</c> leaves the function
/// (Swaelo/mmo-server-old's <c>InitializeDatabase</c>: <c>try { Connection.Open(); } catch (MySqlException) { log; return
/// false; }</c>, then <c>USE gamedatabase</c>): it runs only once the open succeeded, so the open is still the method's
/// check of the server and stays one (a short lease in the <c>try</c>); the work after it takes a lease of its own.
/// </summary>
internal static class UsesAfterHandledOpen
{
    /// <summary>
    /// <paramref name="reference"/> comes after the <c>try</c> that handles <paramref name="openStatement"/>'s failure, and
    /// each of its catches ends in <c>return</c> or <c>throw</c> with no <c>break</c>, <c>continue</c> or <c>goto</c> that
    /// could carry on past the <c>try</c> instead.
    /// </summary>
    public static bool Follows(SyntaxNode reference, StatementSyntax openStatement) =>
        HandledOpenLeases.HandlingTry(openStatement) is { } handling
        && reference.SpanStart >= handling.Span.End
        && handling.Catches.All(LeavesTheFunction);

    private static bool LeavesTheFunction(CatchClauseSyntax handler) =>
        handler.Block.Statements.LastOrDefault() is ReturnStatementSyntax or ThrowStatementSyntax
        && !handler.Block.DescendantNodes(n => !SyntaxShapes.IsFunction(n))
            .Any(n => n is BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax);
}
