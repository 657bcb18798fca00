using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A connection the solution never opens, whose kept command each unit hands to a method of the solution that runs it
/// inside a <c>try</c> with catch clauses (the SMART CRUD template's <c>PerformCRUD(CRUD.cmd)</c>: a data adapter's
/// <c>Fill</c> opens the closed connection there and the catch reports a failed open). A per-use connection or a lease
/// is opened where the unit starts, outside that <c>try</c>: a failed open would go past the catch that reported it —
/// <see cref="NoFixReason.OpenFailureCaughtByCallee"/>.
/// </summary>
internal static class CalleeCaughtOpens
{
    /// <summary>The reason for <paramref name="kept"/> (a member keeping a command built over <paramref name="connection"/>), or null.</summary>
    public static NoFixReason? Of(ISymbol kept, ISymbol connection, Compilation compilation, CancellationToken cancellationToken)
    {
        if (OpenedInSolution(connection, compilation, cancellationToken))
        {
            return null;
        }

        foreach (var tree in compilation.SyntaxTrees.Where(t => NameIndex.Mentions(t, kept.Name, cancellationToken)))
        {
            var model = SemanticModels.Of(compilation, tree);
            foreach (var argument in tree.GetRoot(cancellationToken).DescendantNodes().OfType<ArgumentSyntax>())
            {
                if (argument.Expression is (IdentifierNameSyntax or MemberAccessExpressionSyntax) and var handed
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(handed, cancellationToken).Symbol?.OriginalDefinition, kept.OriginalDefinition)
                    && argument.Parent?.Parent is InvocationExpressionSyntax call
                    && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol callee
                    && RunsInsideCaughtTry(callee, argument, call, cancellationToken))
                {
                    return NoFixReason.OpenFailureCaughtByCallee;
                }
            }
        }

        return null;
    }

    /// <summary>Some <c>Open</c>/<c>OpenAsync</c> in the solution is called on the connection member itself.</summary>
    private static bool OpenedInSolution(ISymbol connection, Compilation compilation, CancellationToken cancellationToken) =>
        compilation.SyntaxTrees.Where(t => NameIndex.Mentions(t, connection.Name, cancellationToken))
            .Any(tree => tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>().Any(call =>
                call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Open" or "OpenAsync" } access
                && SymbolEqualityComparer.Default.Equals(SemanticModels.Of(compilation, tree).GetSymbolInfo(access.Expression, cancellationToken).Symbol?.OriginalDefinition, connection.OriginalDefinition)));

    /// <summary>
    /// The callee, declared in the solution, reads the parameter the command is handed to inside a <c>try</c> block with a
    /// catch clause that does more than rethrow: a failed open that only passes through such a catch reaches the caller
    /// either way, so opening before the call keeps it.
    /// </summary>
    private static bool RunsInsideCaughtTry(IMethodSymbol callee, ArgumentSyntax argument, InvocationExpressionSyntax call, CancellationToken cancellationToken)
    {
        var index = call.ArgumentList.Arguments.IndexOf(argument);
        if (argument.NameColon is not null || index < 0 || index >= callee.Parameters.Length
            || callee.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not BaseMethodDeclarationSyntax { Body: { } body })
        {
            return false;
        }

        var parameter = callee.Parameters[index].Name;
        return body.DescendantNodes().OfType<TryStatementSyntax>().Any(attempt => RethrowOnlyCatches.Handles(attempt)
            && attempt.Block.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == parameter));
    }
}
