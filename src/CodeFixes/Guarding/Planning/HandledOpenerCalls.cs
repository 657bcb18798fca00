using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A call of the holder's opener that only connects, in a <c>try</c> whose catches handle a failed connect — or in such a
/// catch, retrying (AmateurBoy/TelegramDOGs' DAO constructors: <c>try { DB = new DataBase(); DB.OpenConnection(); }
/// catch { StartServer(); Thread.Sleep(20000); DB = new DataBase(); DB.OpenConnection(); }</c>). The per-use fixes drop
/// opener calls; here that would make the catch dead (the local server never started) and move the failure to the first
/// query. The factory fix keeps a short open in its place (<see cref="HandledOpenProbes"/>); a fix that cannot declines.
/// </summary>
internal static class HandledOpenerCalls
{
    /// <summary>
    /// Whether <paramref name="statement"/>, calling an opener of <paramref name="protocol"/>, is such a connect: in the
    /// <c>try</c> block of a try with a catch that does more than rethrow, or in a catch of a try whose block calls the
    /// same opener, in a function that reads neither the member nor an accessor.
    /// </summary>
    public static bool IsHandledConnect(StatementSyntax statement, InvocationExpressionSyntax call, ISymbol member, ConnectionProtocol protocol, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) is not { } function)
        {
            return false;
        }

        var opener = SyntaxShapes.InvokedName(call);
        var handled = statement.Ancestors().TakeWhile(a => a != function).OfType<TryStatementSyntax>().Any(attempt =>
            attempt.Block.Span.Contains(statement.Span) && RethrowOnlyCatches.Handles(attempt)
            || attempt.Catches.Any(c => c.Block.Span.Contains(statement.Span))
               && attempt.Block.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => SyntaxShapes.InvokedName(i) == opener));
        return handled && !ReadsConnection(function, member, protocol, model, cancellationToken);
    }

    /// <summary>The function names the member or an accessor of it (then it has work of its own, and its unit opens).</summary>
    private static bool ReadsConnection(SyntaxNode function, ISymbol member, ConnectionProtocol protocol, SemanticModel model, CancellationToken cancellationToken)
    {
        var read = new HashSet<ISymbol>(protocol.Accessors.Select(a => a.Symbol.OriginalDefinition), SymbolEqualityComparer.Default) { member.OriginalDefinition };
        var names = new HashSet<string>(read.Select(s => s.Name));
        return function.DescendantNodes().OfType<IdentifierNameSyntax>().Any(identifier => names.Contains(identifier.Identifier.ValueText)
            && model.GetSymbolInfo(identifier, cancellationToken).Symbol?.OriginalDefinition is { } bound && read.Contains(bound));
    }
}
