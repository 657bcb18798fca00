using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Every field and auto-property of the compilation's own types (tests' fixtures aside) that keeps an instance of one of
/// its own classes or interfaces: of that type (<c>Database _db</c>), or in a collection of it (<c>Dictionary&lt;string, Session&gt;</c>,
/// <c>Handler[]</c>, <c>Lazy&lt;Database&gt;</c>). Read per kept type on first need, from the files that spell its name.
/// </summary>
internal sealed class KeeperMembers
{
    private readonly Compilation _compilation;
    private readonly TypeNameOccurrences _occurrences;
    private readonly ConcurrentDictionary<string, Dictionary<INamedTypeSymbol, List<Keeper>>> _byName = new(System.StringComparer.Ordinal);

    private KeeperMembers(Compilation compilation, TypeNameOccurrences occurrences)
    {
        _compilation = compilation;
        _occurrences = occurrences;
    }

    /// <summary>One member that keeps instances of a type.</summary>
    internal sealed class Keeper
    {
        public Keeper(ISymbol member, string kind, bool inCollection)
        {
            Member = member;
            Kind = kind;
            InCollection = inCollection;
        }

        /// <summary>The field or property.</summary>
        public ISymbol Member { get; }

        /// <summary>"field" or "property".</summary>
        public string Kind { get; }

        /// <summary>True for a collection, array or <c>Lazy</c> of the kept type.</summary>
        public bool InCollection { get; }

        public INamedTypeSymbol Owner => Member.ContainingType;

        public string Description => $"{Kind} '{Member.Name}'";
    }

    private static readonly List<Keeper> None = new();

    /// <summary>The members that keep instances of <paramref name="type"/>; the list must not be changed.</summary>
    public List<Keeper> Of(INamedTypeSymbol type)
    {
        var byKeptType = _byName.GetOrAdd(type.Name, name => Read(name, CancellationToken.None));
        return byKeptType.TryGetValue(type.OriginalDefinition, out var keepers) ? keepers : None;
    }

    public static KeeperMembers Create(Compilation compilation, TypeNameOccurrences occurrences) => new(compilation, occurrences);

    /// <summary>
    /// The keepers of the types called <paramref name="name"/>, read from the files that spell it: only a field or
    /// auto-property whose type names it is bound, so the members of every other type are left for the compiler to
    /// create when it needs them (walking every type's members made this the rule's largest cost).
    /// </summary>
    private Dictionary<INamedTypeSymbol, List<Keeper>> Read(string name, CancellationToken cancellationToken)
    {
        var byKeptType = new Dictionary<INamedTypeSymbol, List<Keeper>>(SymbolEqualityComparer.Default);
        foreach (var node in TypeNameSyntax.MemberDeclarations(name, _occurrences, cancellationToken))
        {
            var (type, names) = node switch
            {
                FieldDeclarationSyntax field => (field.Declaration.Type, field.Declaration.Variables.Select(v => v.Identifier.ValueText)),
                PropertyDeclarationSyntax { AccessorList: { } accessors } property when accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null) =>
                    (property.Type, new[] { property.Identifier.ValueText }),
                _ => (null, null),
            };
            if (type is null || names is null || !Names(type, name)
                || node.Parent is not TypeDeclarationSyntax declaringSyntax || TestCode.Contains(declaringSyntax)
                || OwnType(declaringSyntax, _compilation) is not { } declaring)
            {
                continue;
            }

            foreach (var memberName in names)
            {
                foreach (var member in declaring.GetMembers(memberName))
                {
                    switch (member)
                    {
                        case IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false, AssociatedSymbol: null } field:
                            AddKeeper(byKeptType, field, "field", field.Type, _compilation.Assembly);
                            break;
                        case IPropertySymbol property:
                            AddKeeper(byKeptType, property, "property", property.Type, _compilation.Assembly);
                            break;
                    }
                }
            }
        }

        return byKeptType;
    }

    private static bool Names(TypeSyntax type, string name) =>
        type.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().Any(simple => simple.Identifier.ValueText == name);

    /// <summary>The symbol of a type declaration, found by its metadata name (<c>Ns.Outer+Inner`1</c>) in the compilation's own assembly.</summary>
    private static INamedTypeSymbol? OwnType(TypeDeclarationSyntax declaration, Compilation compilation)
    {
        var parts = new List<string>();
        string? containingNamespace = null;
        for (SyntaxNode? current = declaration; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case TypeDeclarationSyntax type:
                    var arity = type.TypeParameterList?.Parameters.Count ?? 0;
                    parts.Insert(0, arity == 0 ? type.Identifier.ValueText : type.Identifier.ValueText + "`" + arity);
                    break;
                case BaseNamespaceDeclarationSyntax ns:
                    containingNamespace = containingNamespace is null ? ns.Name.ToString() : ns.Name + "." + containingNamespace;
                    break;
            }
        }

        var name = string.Join("+", parts);
        return compilation.Assembly.GetTypeByMetadataName(containingNamespace is null ? name : containingNamespace.Replace(" ", string.Empty) + "." + name);
    }

    /// <summary>A field or auto-property of the compilation's own code.</summary>
    private static void AddKeeper(Dictionary<INamedTypeSymbol, List<Keeper>> byKeptType, ISymbol member, string kind, ITypeSymbol memberType, IAssemblySymbol assembly)
    {
        if (member.Locations.Length == 0 || !member.Locations[0].IsInSource)
        {
            return;
        }

        switch (memberType)
        {
            case INamedTypeSymbol { IsGenericType: true } generic:
                foreach (var argument in generic.TypeArguments)
                {
                    if (IsOwnClass(argument, assembly))
                    {
                        Add(byKeptType, (INamedTypeSymbol)argument, new Keeper(member, kind, inCollection: true));
                    }
                    else if (argument is INamedTypeSymbol { IsGenericType: true } inner)
                    {
                        // Dictionary<string, List<Session>>: one level deeper is still a collection of sessions.
                        foreach (var innerArgument in inner.TypeArguments)
                        {
                            if (IsOwnClass(innerArgument, assembly))
                            {
                                Add(byKeptType, (INamedTypeSymbol)innerArgument, new Keeper(member, kind, inCollection: true));
                            }
                        }
                    }
                }

                break;
            case IArrayTypeSymbol { ElementType: var element } when IsOwnClass(element, assembly):
                Add(byKeptType, (INamedTypeSymbol)element, new Keeper(member, kind, inCollection: true));
                break;
            case var type when IsOwnClass(type, assembly):
                Add(byKeptType, (INamedTypeSymbol)type, new Keeper(member, kind, inCollection: false));
                break;
        }
    }

    /// <summary>A class or interface of the compilation: a member typed as an interface keeps whatever class is put in it.</summary>
    private static bool IsOwnClass(ITypeSymbol type, IAssemblySymbol assembly) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Interface } && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, assembly);

    private static void Add(Dictionary<INamedTypeSymbol, List<Keeper>> byKeptType, INamedTypeSymbol kept, Keeper keeper)
    {
        var key = kept.OriginalDefinition;
        if (!byKeptType.TryGetValue(key, out var keepers))
        {
            byKeptType[key] = keepers = new List<Keeper>();
        }

        keepers.Add(keeper);
    }
}
