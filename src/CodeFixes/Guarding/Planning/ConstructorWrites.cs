using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Where a compilation names a member (every simple name bound to it), and the values a field is given when only its
/// type's constructors and its initializer set it: a field whose value never changes after construction reads the same
/// object in every method, so a statement may read it later instead of once.
/// </summary>
internal static class ConstructorWrites
{
    /// <summary>The names bound to <paramref name="member"/>; null when one binds only as a candidate (half-typed code).</summary>
    public static List<SimpleNameSyntax>? NamesOf(ISymbol member, Compilation compilation, CancellationToken cancellationToken)
    {
        var found = new List<SimpleNameSyntax>();
        foreach (var tree in compilation.SyntaxTrees.Where(t => NameIndex.Mentions(t, member.Name, cancellationToken)))
        {
            var model = SemanticModels.Of(compilation, tree);
            // The tree's names are read once while it lives: vladzvx/test's DBWorker walked its 1,576 lines once per command.
            foreach (var name in NamedNodes.Spelling(tree, member.Name, cancellationToken))
            {
                var info = model.GetSymbolInfo(name, cancellationToken);
                if (SymbolEqualityComparer.Default.Equals(info.Symbol?.OriginalDefinition, member.OriginalDefinition))
                {
                    found.Add(name);
                }
                else if (info.Symbol is null && info.CandidateSymbols.Any(c => SymbolEqualityComparer.Default.Equals(c.OriginalDefinition, member.OriginalDefinition)))
                {
                    return null;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The values <paramref name="field"/> is set to (its initializer, <c>field = value;</c> in its type's constructors);
    /// null when anything else writes it (a method, a compound assignment, a <c>ref</c>/<c>out</c> argument).
    /// </summary>
    public static List<ExpressionSyntax>? Of(IFieldSymbol field, Compilation compilation, CancellationToken cancellationToken)
    {
        var values = new List<ExpressionSyntax>();
        if (field.DeclaringSyntaxReferences.Single().GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initial })
        {
            values.Add(initial);
        }

        if (NamesOf(field, compilation, cancellationToken) is not { } names)
        {
            return null;
        }

        foreach (var name in names)
        {
            ExpressionSyntax reference = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == name ? access : name;
            if (reference.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 })
            {
                return null;
            }

            if (!ReferenceCollector.IsWritten(reference))
            {
                continue;
            }

            if (reference.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                || reference.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) is not ConstructorDeclarationSyntax constructor
                || constructor.Modifiers.Any(SyntaxKind.StaticKeyword) != field.IsStatic
                || !SymbolEqualityComparer.Default.Equals(SemanticModels.Of(compilation, constructor.SyntaxTree).GetDeclaredSymbol(constructor, cancellationToken)?.ContainingType, field.ContainingType))
            {
                return null;
            }

            values.Add(assignment.Right);
        }

        return values;
    }
}
