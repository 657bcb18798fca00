using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Private fields that keep the value their declaration gives them: no code of their type writes them anywhere else. The
/// fixes read such a field again at each open (a connection string) and get what the old code got. One answer for every
/// step that asks, so a field a step trusts is one every step trusts.
/// </summary>
internal static class DeclaredValueFields
{
    /// <summary>
    /// Whether <paramref name="field"/> is private and nothing in its type (all partial parts, nested types included)
    /// writes it outside its declarator: no assignment (a deconstruction's names included, through any receiver), no
    /// <c>++</c>/<c>--</c>, no <c>ref</c>, <c>out</c> or <c>in</c> argument, no <c>ref</c> expression. A name that does
    /// not bind counts as a write.
    /// </summary>
    public static bool KeepsDeclaredValue(IFieldSymbol field, Compilation compilation, CancellationToken cancellationToken)
    {
        if (field.DeclaredAccessibility != Accessibility.Private || field.IsConst)
        {
            return field.IsConst;
        }

        foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
        {
            var type = reference.GetSyntax(cancellationToken);
            foreach (var name in type.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != field.Name || WrittenPart(name) is not { } written)
                {
                    continue;
                }

                var bound = SemanticModels.Of(compilation, name.SyntaxTree).GetSymbolInfo(name, cancellationToken).Symbol;
                if (bound is null || SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, field.OriginalDefinition))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The written expression that holds <paramref name="name"/>, or null where the name is only read.</summary>
    private static SyntaxNode? WrittenPart(IdentifierNameSyntax name)
    {
        foreach (var ancestor in name.Ancestors())
        {
            switch (ancestor)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left.Span.Contains(name.Span):
                    return assignment.Left;
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix:
                    return prefix.Operand;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix:
                    return postfix.Operand;
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    return argument.Expression;
                case RefExpressionSyntax refExpression:
                    return refExpression.Expression;
                case StatementSyntax or MemberDeclarationSyntax or ArgumentSyntax or AnonymousFunctionExpressionSyntax or EqualsValueClauseSyntax:
                    return null;
            }
        }

        return null;
    }
}
