using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// The classes a member typed as an interface or abstract class is given by its own type's code:
/// <c>static readonly IDatabaseWrapper Wrapper;</c> with <c>Wrapper = new NpgsqlDatabaseWrapper(cs);</c> in the static
/// constructor keeps an <c>NpgsqlDatabaseWrapper</c>, and its connection, for as long as the member lives
/// (mensatt/scraper, DatabaseSupport/DatabaseMapping.cs). Read from syntax and resolved by name among the project's
/// classes that implement or derive from the declared type, since a symbol action has no semantic model: a
/// target-typed <c>new()</c> or a factory call names no class and adds none.
/// </summary>
internal static class CreatedImplementations
{
    /// <summary>The project's concrete classes created into <paramref name="member"/> in its initializer or by an assignment in its type.</summary>
    public static List<INamedTypeSymbol> Find(ISymbol member, INamedTypeSymbol declaredType, Compilation compilation, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var initializer = reference.GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };
            AddCreatedName(initializer, names);
        }

        foreach (var typeReference in member.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var token in typeReference.GetSyntax(cancellationToken).DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == member.Name && token.Parent is IdentifierNameSyntax name)
                {
                    AddCreatedName(AssignedValue(name), names);
                }
            }
        }

        var found = new List<INamedTypeSymbol>();
        foreach (var typeName in names)
        {
            foreach (var symbol in compilation.GetSymbolsWithName(typeName, SymbolFilter.Type, cancellationToken))
            {
                if (symbol is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } candidate
                    && SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly)
                    && IsDerivedFrom(candidate, declaredType)
                    && !found.Contains(candidate, SymbolEqualityComparer.Default))
                {
                    found.Add(candidate);
                }
            }
        }

        return found;
    }

    /// <summary>The right side when <paramref name="name"/> (or <c>X.name</c>, <c>this.name</c>) is the target of a simple or <c>??=</c> assignment.</summary>
    private static ExpressionSyntax? AssignedValue(IdentifierNameSyntax name)
    {
        ExpressionSyntax target = name;
        if (target.Parent is MemberAccessExpressionSyntax access && access.Name == target)
        {
            target = access;
        }

        return target.Parent is AssignmentExpressionSyntax assignment
            && assignment.Left == target
            && assignment.Kind() is SyntaxKind.SimpleAssignmentExpression or SyntaxKind.CoalesceAssignmentExpression
            ? assignment.Right
            : null;
    }

    private static void AddCreatedName(ExpressionSyntax? value, HashSet<string> names)
    {
        while (value is ParenthesizedExpressionSyntax parenthesized)
        {
            value = parenthesized.Expression;
        }

        if (value is ObjectCreationExpressionSyntax creation)
        {
            var typeName = creation.Type switch
            {
                QualifiedNameSyntax qualified => qualified.Right,
                AliasQualifiedNameSyntax aliased => aliased.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };
            if (typeName is not null)
            {
                names.Add(typeName.Identifier.ValueText);
            }
        }
    }

    private static bool IsDerivedFrom(INamedTypeSymbol candidate, INamedTypeSymbol declaredType)
    {
        if (declaredType.TypeKind == TypeKind.Interface)
        {
            foreach (var implemented in candidate.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, declaredType.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        for (var type = candidate.BaseType; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, declaredType.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }
}
