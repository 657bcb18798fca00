using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// The field or property a write's target names (<c>x</c>, <c>this.x</c>, <c>T.x</c>), bound from the type declaration
/// around it the way C# binds a simple name: that type and its bases, then the types that contain it. Analyzers read
/// symbols, not semantic models; this tells a nested type's same-named member from the one asked about.
/// </summary>
internal static class NamedMembers
{
    /// <summary>
    /// The member <paramref name="target"/> names, where <paramref name="declaration"/> is a declaration of
    /// <paramref name="declaredType"/> that contains it; null when it names no field or property this can bind.
    /// </summary>
    public static ISymbol? Find(ExpressionSyntax target, INamedTypeSymbol declaredType, SyntaxNode declaration)
    {
        if (EnclosingType(target, declaredType, declaration) is not { } enclosing)
        {
            return null;
        }

        return target switch
        {
            IdentifierNameSyntax name => Lookup(name.Identifier.ValueText, enclosing, outward: true),
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax name } =>
                Lookup(name.Identifier.ValueText, enclosing, outward: false),
            MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax qualifier, Name: IdentifierNameSyntax name } =>
                NamedType(qualifier.Identifier.ValueText, enclosing) is { } named ? Lookup(name.Identifier.ValueText, named, outward: false) : null,
            _ => null,
        };
    }

    // The innermost type declared around the node: declaredType itself, or one of its nested types.
    private static INamedTypeSymbol? EnclosingType(SyntaxNode node, INamedTypeSymbol declaredType, SyntaxNode declaration)
    {
        var nested = new List<TypeDeclarationSyntax>();
        for (var current = node.Parent; current is not null && current != declaration; current = current.Parent)
        {
            if (current is TypeDeclarationSyntax type)
            {
                nested.Add(type);
            }
        }

        INamedTypeSymbol? enclosing = declaredType;
        for (var i = nested.Count - 1; i >= 0 && enclosing is not null; i--)
        {
            var arity = nested[i].TypeParameterList?.Parameters.Count ?? 0;
            enclosing = enclosing.GetTypeMembers(nested[i].Identifier.ValueText).FirstOrDefault(t => t.Arity == arity);
        }

        return enclosing;
    }

    private static ISymbol? Lookup(string name, INamedTypeSymbol type, bool outward)
    {
        for (INamedTypeSymbol? scope = type; scope is not null; scope = outward ? scope.ContainingType : null)
        {
            for (INamedTypeSymbol? owner = scope; owner is not null; owner = owner.BaseType)
            {
                if (owner.GetMembers(name).FirstOrDefault() is { } member)
                {
                    return member is IFieldSymbol or IPropertySymbol ? member : null;
                }
            }
        }

        return null;
    }

    // A type named from inside `type`: itself, a type around it, a nested type of one of those, or one of its namespace.
    private static INamedTypeSymbol? NamedType(string name, INamedTypeSymbol type)
    {
        INamedTypeSymbol outermost = type;
        for (INamedTypeSymbol? scope = type; scope is not null; scope = scope.ContainingType)
        {
            if (scope.Name == name)
            {
                return scope;
            }

            if (scope.GetTypeMembers(name).FirstOrDefault() is { } nested)
            {
                return nested;
            }

            outermost = scope;
        }

        return outermost.ContainingNamespace?.GetTypeMembers(name).FirstOrDefault();
    }
}
