using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Every field and auto-property of the compilation's own types that keeps an instance of one of its own classes:
/// of that type (<c>Database _db</c>), or in a collection of it (<c>Dictionary&lt;string, Session&gt;</c>,
/// <c>Handler[]</c>, <c>Lazy&lt;Database&gt;</c>). Built once per compilation from symbols (no syntax, no binding).
/// </summary>
internal sealed class KeeperMembers
{
    private readonly Dictionary<INamedTypeSymbol, List<Keeper>> _byKeptType;

    private KeeperMembers(Dictionary<INamedTypeSymbol, List<Keeper>> byKeptType) => _byKeptType = byKeptType;

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
    public List<Keeper> Of(INamedTypeSymbol type) => _byKeptType.TryGetValue(type, out var keepers) ? keepers : None;

    public static KeeperMembers Create(Compilation compilation, CancellationToken cancellationToken)
    {
        var byKeptType = new Dictionary<INamedTypeSymbol, List<Keeper>>(SymbolEqualityComparer.Default);
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = pending.Pop();
            if (current is INamespaceSymbol ns)
            {
                foreach (var member in ns.GetMembers())
                {
                    pending.Push(member);
                }

                continue;
            }

            var type = (INamedTypeSymbol)current;
            foreach (var nested in type.GetTypeMembers())
            {
                pending.Push(nested);
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsConst: false } field)
                {
                    AddKeeper(byKeptType, field, compilation.Assembly);
                }
            }
        }

        return new KeeperMembers(byKeptType);
    }

    /// <summary>A field, or the auto-property whose backing field it is; event fields and other compiler fields are skipped.</summary>
    private static void AddKeeper(Dictionary<INamedTypeSymbol, List<Keeper>> byKeptType, IFieldSymbol field, IAssemblySymbol assembly)
    {
        ISymbol member = field;
        var kind = "field";
        if (field.AssociatedSymbol is IPropertySymbol property)
        {
            member = property;
            kind = "property";
        }
        else if (field.IsImplicitlyDeclared || field.AssociatedSymbol is not null)
        {
            return;
        }

        if (member.Locations.Length == 0 || !member.Locations[0].IsInSource)
        {
            return;
        }

        switch (field.Type)
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

    private static bool IsOwnClass(ITypeSymbol type, IAssemblySymbol assembly) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class } && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, assembly);

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
