using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// The code that can see a field, where any write to it must be: its type's declarations (private, or protected in a
/// type nothing can derive from), also those of the types of its assembly deriving from its type (protected), or every
/// file of its assembly (internal, or public in an internal type) — or why code of other assemblies may see it too.
/// An auto-property's stored value is reached the same way through its setter's accessibility.
/// Reflection, serializers and unsafe code are out of reach: they write a field without spelling its name in C#.
/// </summary>
internal sealed class FieldReach
{
    private FieldReach(IEnumerable<SyntaxNode> code, string? seenElsewhereBecause)
    {
        Code = code;
        SeenElsewhereBecause = seenElsewhereBecause;
    }

    /// <summary>The syntax that can see the field (type declarations or whole files), its own type's first; none when <see cref="SeenElsewhereBecause"/> is set.</summary>
    public IEnumerable<SyntaxNode> Code { get; }

    /// <summary>Why code of another assembly may see the field, or null when all that can see it is in <see cref="Code"/>.</summary>
    public string? SeenElsewhereBecause { get; }

    /// <summary>The code that can write <paramref name="member"/>: a field of accessibility <paramref name="writable"/>, or an auto-property whose setter has it.</summary>
    public static FieldReach Of(ISymbol member, Accessibility writable, CancellationToken cancellationToken)
    {
        var type = member.ContainingType;
        switch (writable)
        {
            case Accessibility.Private:
                return Within(Declarations(type, cancellationToken));
            case Accessibility.Protected or Accessibility.ProtectedAndInternal when type.IsSealed || type.IsStatic:
                return Within(Declarations(type, cancellationToken));
            case Accessibility.Protected or Accessibility.ProtectedAndInternal:
                var derived = DerivedTypes.Of(member.ContainingAssembly).From(type);
                // A base its assembly derives from is taken for the program's own (RendyMod/PvpArenaV); one it never
                // derives from, seen by other assemblies, is there for their subclasses, which may write the field.
                var friend = FriendAssembly(member.ContainingAssembly);
                var subclassedElsewhereBecause = writable == Accessibility.Protected ? friend ?? PublicChain(type) : friend;
                if (derived.Count == 0 && subclassedElsewhereBecause is { } why)
                {
                    return new FieldReach(None, $"a protected field of a base no type of its assembly derives from, {why}");
                }

                return Within(DeclarationsOf(type, derived, cancellationToken));
            default:
                if (member.ContainingAssembly is not ISourceAssemblySymbol { Compilation: var compilation })
                {
                    return new FieldReach(None, "its assembly's files are not at hand");
                }

                var seenBecause = FriendAssembly(member.ContainingAssembly) ?? (writable == Accessibility.Internal ? null : PublicChain(type));
                return seenBecause is null
                    ? Within(Files(type, compilation, cancellationToken))
                    : new FieldReach(None, seenBecause);
        }
    }

    private static readonly SyntaxNode[] None = { };

    private static FieldReach Within(IEnumerable<SyntaxNode> code) => new(code, null);

    /// <summary>Why code outside the assembly sees <paramref name="type"/>: it and every type containing it are public (or protected); null otherwise.</summary>
    private static string? PublicChain(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return null;
            }
        }

        return $"'{type.Name}' is public";
    }

    /// <summary>Why every internal member of <paramref name="assembly"/> may be seen elsewhere: an <c>InternalsVisibleTo</c>; null when it has none.</summary>
    private static string? FriendAssembly(IAssemblySymbol assembly)
    {
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "InternalsVisibleToAttribute", ContainingNamespace: { Name: "CompilerServices", ContainingNamespace: { Name: "Runtime", ContainingNamespace.Name: "System" } } })
            {
                return "its assembly has InternalsVisibleTo";
            }
        }

        return null;
    }

    private static IEnumerable<SyntaxNode> Declarations(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            yield return reference.GetSyntax(cancellationToken);
        }
    }

    private static IEnumerable<SyntaxNode> DeclarationsOf(INamedTypeSymbol type, IReadOnlyList<INamedTypeSymbol> derived, CancellationToken cancellationToken)
    {
        foreach (var declaration in Declarations(type, cancellationToken))
        {
            yield return declaration;
        }

        foreach (var derivedType in derived)
        {
            foreach (var declaration in Declarations(derivedType, cancellationToken))
            {
                yield return declaration;
            }
        }
    }

    /// <summary>The type's own declarations first (most writes are there), then every file of the assembly.</summary>
    private static IEnumerable<SyntaxNode> Files(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var declaration in Declarations(type, cancellationToken))
        {
            yield return declaration;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            yield return tree.GetRoot(cancellationToken);
        }
    }
}
