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
}
