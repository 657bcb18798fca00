using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// A class made a singleton by a generic base it passes itself to (<c>class DBHelper : Singleton&lt;DBHelper&gt;</c>):
/// the base keeps the one instance in a static field typed by that type parameter (<c>static T _instance</c>, a
/// <c>Lazy&lt;T&gt;</c>, or a nested allocator's <c>static T instance</c>), so the class declares no static field itself.
/// </summary>
internal static class GenericSingletonBases
{
    /// <summary>Deeper than any real base chain (<c>DataManager&lt;T&gt; : Singleton&lt;T&gt;</c>); only reached in rejected code.</summary>
    private const int MaxBaseDepth = 16;

    /// <summary>"is a singleton (its base 'Singleton&lt;DBHelper&gt;' keeps its only instance in static field 'instance')", or null.</summary>
    public static string? Reason(INamedTypeSymbol type)
    {
        var depth = 0;
        for (var current = type.BaseType; current is { TypeKind: TypeKind.Class, SpecialType: SpecialType.None } && depth < MaxBaseDepth; current = current.BaseType, depth++)
        {
            if (!current.IsGenericType)
            {
                continue;
            }

            var definition = current.OriginalDefinition;
            for (var position = 0; position < current.TypeArguments.Length; position++)
            {
                if (SymbolEqualityComparer.Default.Equals(current.TypeArguments[position].OriginalDefinition, type.OriginalDefinition)
                    && InstanceHolder(definition, definition.TypeParameters[position]) is { } holder)
                {
                    return $"is a singleton (its base '{current.Name}<{type.Name}>' keeps its only instance in {holder})";
                }
            }
        }

        return null;
    }

    /// <summary>The base's static field (or one of its nested types') that keeps one instance of the type parameter, described; or null.</summary>
    private static string? InstanceHolder(INamedTypeSymbol definition, ITypeParameterSymbol parameter)
    {
        if (InstanceField(definition, parameter) is { } own)
        {
            return SingletonInstanceWrites.Describe(own);
        }

        foreach (var nested in definition.GetTypeMembers())
        {
            if (InstanceField(nested, parameter) is { } allocator)
            {
                return SingletonInstanceWrites.Describe(allocator);
            }
        }

        return null;
    }

    private static IFieldSymbol? InstanceField(INamedTypeSymbol owner, ITypeParameterSymbol parameter)
    {
        foreach (var member in owner.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: true, IsConst: false } field
                && SingletonInstanceWrites.HoldsInstanceOf(field.Type, parameter)
                && !SingletonInstanceWrites.HoldsMoreThanOneInstance(field, owner))
            {
                return field;
            }
        }

        return null;
    }
}
