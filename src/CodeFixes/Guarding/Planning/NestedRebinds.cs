using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A function that runs a kept command, calls a function that binds the same command to its own connection, and runs it
/// again (norbert15/RajongoiKlub's <c>button2_Click</c> deletes, then refreshes the table with <c>tablaFeltoltes()</c>):
/// once each binds the command to its unit's connection, the caller's later runs would use the callee's connection,
/// disposed when the callee ended, where the old code ran them on the one shared connection.
/// </summary>
internal static class NestedRebinds
{
    private const int CallDepth = 4;

    /// <summary>Some function of <paramref name="binders"/> calls one of them (directly or through the project's methods) before its last use of the command.</summary>
    public static bool UseAfterCallingAnother(IReadOnlyDictionary<SyntaxNode, List<ExpressionSyntax>> binders, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var pair in binders)
        {
            var lastUse = pair.Value.Max(r => r.SpanStart);
            var model = SemanticModels.Of(compilation, pair.Key.SyntaxTree);
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            if (Calls(pair.Key).Where(c => c.SpanStart < lastUse)
                .Any(c => Reaches(model.GetSymbolInfo(c, cancellationToken).Symbol, binders, compilation, seen, CallDepth, cancellationToken)))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<ExpressionSyntax> Calls(SyntaxNode function) =>
        function.DescendantNodes().Where(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax).Cast<ExpressionSyntax>();

    private static bool Reaches(ISymbol? callee, IReadOnlyDictionary<SyntaxNode, List<ExpressionSyntax>> binders, Compilation compilation, HashSet<ISymbol> seen, int depth, CancellationToken cancellationToken)
    {
        if (callee is not IMethodSymbol method || depth == 0 || !seen.Add(method.OriginalDefinition))
        {
            return false;
        }

        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            if (binders.ContainsKey(declaration))
            {
                return true;
            }

            if (!compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                continue;
            }

            var model = SemanticModels.Of(compilation, declaration.SyntaxTree);
            if (Calls(declaration).Any(c => Reaches(model.GetSymbolInfo(c, cancellationToken).Symbol, binders, compilation, seen, depth - 1, cancellationToken)))
            {
                return true;
            }
        }

        return false;
    }
}
