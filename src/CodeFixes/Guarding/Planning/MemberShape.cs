using System.Linq;
using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// What kind of member holds the connection: its type (the <c>T</c> of a <c>Lazy&lt;T&gt;</c>), and the name its guard
/// takes (a captured primary-constructor parameter's guard goes into a new field <c>_name</c>).
/// </summary>
internal sealed class MemberShape
{
    private MemberShape(string guardName, bool isLazy, ITypeSymbol declaredConnectionType, bool isThreadStatic)
    {
        GuardName = guardName;
        IsLazy = isLazy;
        DeclaredConnectionType = declaredConnectionType;
        IsThreadStatic = isThreadStatic;
    }

    public string GuardName { get; }

    /// <summary>A <c>Lazy&lt;T&gt;</c> member, used through <c>.Value</c>.</summary>
    public bool IsLazy { get; }

    /// <summary>The member's type, or the <c>T</c> of its <c>Lazy&lt;T&gt;</c>.</summary>
    public ITypeSymbol DeclaredConnectionType { get; }

    /// <summary>A <c>[ThreadStatic]</c> field: one connection per thread (<see cref="ThreadStaticConnections"/>).</summary>
    public bool IsThreadStatic { get; }

    public static Planned<MemberShape> Of(ISymbol member)
    {
        string guardName;
        ITypeSymbol type;
        var isThreadStatic = false;
        switch (member)
        {
            case IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false } field when member.Locations.All(l => l.IsInSource):
                isThreadStatic = field.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.ThreadStaticAttribute");
                guardName = member.Name;
                type = field.Type;
                break;
            case IPropertySymbol { IsIndexer: false, IsImplicitlyDeclared: false } property when member.Locations.All(l => l.IsInSource):
                guardName = member.Name;
                type = property.Type;
                break;
            case IParameterSymbol { ContainingSymbol: IMethodSymbol constructor, RefKind: RefKind.None } parameter
                when PrimaryConstructors.IsPrimaryConstructor(constructor):
                if (constructor.ContainingType.IsRecord)
                {
                    return NoFixReason.RecordPositionalParameter;
                }

                // The guard lives in a new field; members then reference the field, so the parameter is no longer captured.
                guardName = "_" + parameter.Name;
                if (!constructor.ContainingType.GetMembers(guardName).IsEmpty)
                {
                    return NoFixReason.GuardFieldNameTaken;
                }

                type = parameter.Type;
                break;
            default:
                return NoFixReason.UnsupportedMemberKind;
        }

        if (type is INamedTypeSymbol { IsGenericType: true } generic && generic.ConstructedFrom.ToDisplayString() == "System.Lazy<T>")
        {
            return new MemberShape(guardName, isLazy: true, generic.TypeArguments[0], isThreadStatic);
        }

        return new MemberShape(guardName, isLazy: false, type, isThreadStatic);
    }
}
