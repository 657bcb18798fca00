using System;
using System.Collections.Generic;
using System.Threading;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// An instance field or auto-property that keeps connections in a collection (<c>Dictionary&lt;int, MySqlConnection&gt;</c>,
/// <c>List&lt;SqlConnection&gt;</c>, <c>MySqlConnection[]</c>) and is filled by its type's own code: an Arma3Net add-in
/// hands the game script an id for each connection it opened and keeps the connection under that id until the script
/// closes it, usually never.
/// </summary>
internal static class ConnectionCollections
{
    private static readonly HashSet<string> AddMethods = new(StringComparer.Ordinal) { "Add", "TryAdd", "Insert", "Push", "Enqueue", "GetOrAdd", "AddOrUpdate" };

    /// <summary>
    /// True when <paramref name="member"/> is a source-declared instance field or auto-property of a collection of
    /// connections that its type puts connections in; <paramref name="kind"/> is "field" or "property".
    /// </summary>
    public static bool StoresConnections(ISymbol member, ConnectionTypes connectionTypes, CancellationToken cancellationToken, out string kind, out ITypeSymbol type)
    {
        kind = string.Empty;
        type = null!;
        // The type test first: it rules out almost every member, and costs less than finding an auto-property's field.
        var (memberKind, memberType) = member switch
        {
            IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false } field => ("field", field.Type),
            IPropertySymbol { IsIndexer: false } property => ("property", property.Type),
            _ => (string.Empty, null),
        };
        if (memberType is null || member.IsStatic || !HoldsConnections(memberType, connectionTypes)
            || member.Locations.Length == 0 || !member.Locations[0].IsInSource
            || (member is IPropertySymbol declared && !MemberShapes.IsAutoProperty(declared))
            || !IsFilled(member, cancellationToken))
        {
            return false;
        }

        kind = memberKind;
        type = memberType;
        return true;
    }

    /// <summary>An array of connections, or a collection from System.Collections whose element or value type is a connection.</summary>
    private static bool HoldsConnections(ITypeSymbol type, ConnectionTypes connectionTypes)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return connectionTypes.IsConnectionType(array.ElementType);
            case INamedTypeSymbol { IsGenericType: true } generic:
                foreach (var argument in generic.TypeArguments)
                {
                    if (connectionTypes.IsConnectionType(argument))
                    {
                        return IsInCollectionsNamespace(generic);
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool IsInCollectionsNamespace(INamedTypeSymbol type)
    {
        var name = type.ContainingNamespace?.ToDisplayString();
        return name is not null && name.StartsWith("System.Collections", StringComparison.Ordinal);
    }

    /// <summary><c>_connections.Add(id, connection)</c> or <c>_connections[id] = connection</c> in the type's own code.</summary>
    private static bool IsFilled(ISymbol member, CancellationToken cancellationToken)
    {
        var name = member.Name;
        foreach (var reference in member.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var identifier in reference.GetSyntax(cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != name)
                {
                    continue;
                }

                SyntaxNode used = identifier.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == identifier ? self : identifier;
                switch (used.Parent)
                {
                    case MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } access when access.Expression == used && AddMethods.Contains(access.Name.Identifier.ValueText):
                        return true;
                    case ElementAccessExpressionSyntax { Parent: AssignmentExpressionSyntax assignment } element when element.Expression == used && assignment.Left == element
                        && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                        return true;
                }
            }
        }

        return false;
    }
}
