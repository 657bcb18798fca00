using System.Threading;
using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

internal static class MemberShapes
{
    /// <summary>An auto-property stores its value in a compiler-generated field; a computed property stores nothing.</summary>
    public static bool IsAutoProperty(IPropertySymbol property)
    {
        foreach (var member in property.ContainingType.GetMembers())
        {
            if (member is IFieldSymbol field && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="member"/> is a field or auto-property declared in source that stores a value of a
    /// connection type (a field or bare auto-property nothing assigns stores none); <paramref name="kind"/> is "field" or "property".
    /// </summary>
    public static bool StoresConnection(ISymbol member, ConnectionTypes connectionTypes, out string kind, out ITypeSymbol type)
    {
        // The type test first: it rules out almost every member, and costs less than reading the locations.
        switch (member)
        {
            case IFieldSymbol { IsConst: false } field when connectionTypes.IsConnectionType(field.Type) && IsDeclaredInSource(member)
                && !UnassignedFields.IsNeverAssigned(field, CancellationToken.None):
                kind = "field";
                type = field.Type;
                return true;
            case IPropertySymbol { IsIndexer: false } property when connectionTypes.IsConnectionType(property.Type) && IsDeclaredInSource(member) && IsAutoProperty(property)
                && !UnassignedFields.IsNeverAssigned(property, CancellationToken.None):
                kind = "property";
                type = property.Type;
                return true;
            default:
                kind = string.Empty;
                type = null!;
                return false;
        }
    }

    private static bool IsDeclaredInSource(ISymbol member) =>
        !member.IsImplicitlyDeclared && member.Locations.Length > 0 && member.Locations[0].IsInSource;
}
