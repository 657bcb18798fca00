using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A receiver's type and its base types by declaration id: what <see cref="CallReceivers"/> asks of a receiver, in a
/// form that holds no symbol, so a later compilation of the same declarations can use it (<see cref="KeptBindings"/>).
/// Two types of one id (a library's and a source type of the same name) both match, so a lineage can only reach more
/// units than the type's own, never fewer: the binding then decides.
/// </summary>
internal sealed class TypeLineage
{
    private static readonly ConditionalWeakTable<INamedTypeSymbol, string> Ids = new();

    private readonly HashSet<string> _ids;

    private TypeLineage(HashSet<string> ids) => _ids = ids;

    /// <summary>The lineage of <paramref name="type"/>, or null when it is no class, struct, interface, enum or delegate.</summary>
    public static TypeLineage? Of(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface or TypeKind.Enum or TypeKind.Delegate } named)
        {
            return null;
        }

        var ids = new HashSet<string>();
        for (INamedTypeSymbol? current = named; current is not null; current = current.BaseType)
        {
            ids.Add(IdOf(current.OriginalDefinition));
        }

        return new TypeLineage(ids);
    }

    /// <summary>Whether <paramref name="owner"/> is the type or one of its base types.</summary>
    public bool Includes(INamedTypeSymbol owner) => _ids.Contains(IdOf(owner.OriginalDefinition));

    private static string IdOf(INamedTypeSymbol type) => Ids.GetValue(type, t => DocumentationCommentId.CreateDeclarationId(t) ?? t.MetadataName);
}
