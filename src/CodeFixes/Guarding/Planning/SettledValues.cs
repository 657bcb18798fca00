using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Values a lambda may read again at each call and get what the first read got: constants, locals and parameters the
/// method never writes (nor the elements of such an array), and strings built from them with <c>+</c>, interpolation,
/// <c>string</c>'s and <c>Path</c>'s methods. A field or property (a plugin's <c>Config.MySqlPassword</c>, which a
/// reload replaces) is not: it is read once, into a local, where the connection was built.
/// </summary>
internal static class SettledValues
{
    public static bool AreSettled(ExpressionSyntax value, SemanticModel model, SyntaxNode body, CancellationToken cancellationToken)
    {
        if (model.GetConstantValue(value, cancellationToken).HasValue)
        {
            return true;
        }

        bool Settled(ExpressionSyntax inner) => AreSettled(inner, model, body, cancellationToken);
        switch (value)
        {
            case LiteralExpressionSyntax:
                return true;
            case ParenthesizedExpressionSyntax parenthesized:
                return Settled(parenthesized.Expression);
            case BinaryExpressionSyntax binary:
                return model.GetTypeInfo(binary, cancellationToken).Type?.SpecialType is SpecialType.System_String or SpecialType.System_Boolean
                    && Settled(binary.Left) && Settled(binary.Right);
            case ConditionalExpressionSyntax conditional:
                return Settled(conditional.Condition) && Settled(conditional.WhenTrue) && Settled(conditional.WhenFalse);
            case InterpolatedStringExpressionSyntax interpolated:
                return interpolated.Contents.OfType<InterpolationSyntax>().All(i => Settled(i.Expression) && (i.AlignmentClause is null || Settled(i.AlignmentClause.Value)));
            case IdentifierNameSyntax name:
                return model.GetSymbolInfo(name, cancellationToken).Symbol is ILocalSymbol { IsRef: false, IsConst: false } or IParameterSymbol { RefKind: RefKind.None }
                    && !Written(name, model, body, elements: false, cancellationToken);
            case ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax array } element:
                return Settled(array) && element.ArgumentList.Arguments.All(a => Settled(a.Expression))
                    && !Written(array, model, body, elements: true, cancellationToken);
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } length:
                return Settled(length.Expression);
            case InvocationExpressionSyntax invocation:
                return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                    && method.ContainingType.ToDisplayString() is "string" or "System.IO.Path"
                    && (method.IsStatic || invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && Settled(receiver))
                    && invocation.ArgumentList.Arguments.All(a => a.RefKindKeyword.IsKind(SyntaxKind.None) && Settled(a.Expression));
            default:
                return false;
        }
    }

    /// <summary>Whether the method writes the local or parameter (or, with <paramref name="elements"/>, an element of it) anywhere.</summary>
    private static bool Written(IdentifierNameSyntax name, SemanticModel model, SyntaxNode body, bool elements, CancellationToken cancellationToken)
    {
        var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
        foreach (var other in body.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (other.Identifier.ValueText != name.Identifier.ValueText || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(other, cancellationToken).Symbol, symbol))
            {
                continue;
            }

            ExpressionSyntax target = elements && other.Parent is ElementAccessExpressionSyntax access && access.Expression == other ? access : other;
            var written = target.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == target,
                PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => !target.Parent.IsKind(SyntaxKind.SuppressNullableWarningExpression),
                ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                RefExpressionSyntax => true,
                _ => false,
            };
            if (written)
            {
                return true;
            }
        }

        return false;
    }
}
