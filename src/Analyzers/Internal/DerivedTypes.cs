using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// The types of one source assembly by the classes of that assembly they derive from (directly or not), read once per
/// compilation: asking each protected field's type to walk every type of the assembly made the truncated-snippet
/// robustness test overrun its deadline (stop 37). Classes are compared by definition, so
/// <c>PlayerStorage : MySqlDataStorage&lt;Player&gt;</c> is found under <c>MySqlDataStorage&lt;T&gt;</c>.
/// </summary>
internal sealed class DerivedTypes
{
    private static readonly IReadOnlyList<INamedTypeSymbol> None = new List<INamedTypeSymbol>();

    private static readonly ConditionalWeakTable<IAssemblySymbol, ComputedOnce<DerivedTypes>> Shared = new();

    private readonly Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> _byBaseClass = new(SymbolEqualityComparer.Default);

    private DerivedTypes()
    {
    }

    /// <summary>The index of <paramref name="assembly"/>, built by the first caller; concurrent callers wait for it.</summary>
    public static DerivedTypes Of(IAssemblySymbol assembly) =>
        Shared.GetValue(assembly, static _ => new ComputedOnce<DerivedTypes>()).Get(assembly, Read);

    /// <summary>The types of the assembly, nested ones included, deriving from <paramref name="baseClass"/>.</summary>
    public IReadOnlyList<INamedTypeSymbol> From(INamedTypeSymbol baseClass) =>
        _byBaseClass.TryGetValue(baseClass.OriginalDefinition, out var derived) ? derived : None;

    /// <summary>Not cancellable: a cancelled read must not leave a half index for the next caller.</summary>
    private static DerivedTypes Read(IAssemblySymbol assembly)
    {
        var index = new DerivedTypes();
        var namespaces = new Stack<INamespaceSymbol>();
        var types = new Stack<INamedTypeSymbol>();
        namespaces.Push(assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            var current = namespaces.Pop();
            foreach (var nested in current.GetNamespaceMembers())
            {
                namespaces.Push(nested);
            }

            foreach (var type in current.GetTypeMembers())
            {
                types.Push(type);
            }
        }

        while (types.Count > 0)
        {
            var type = types.Pop();
            foreach (var nested in type.GetTypeMembers())
            {
                types.Push(nested);
            }

            // Only the assembly's own classes can be asked about: a base from a reference ends the climb.
            for (var baseClass = type.BaseType; baseClass is not null && SymbolEqualityComparer.Default.Equals(baseClass.ContainingAssembly, assembly); baseClass = baseClass.BaseType)
            {
                index.Add(baseClass.OriginalDefinition, type);
            }
        }

        return index;
    }

    private void Add(INamedTypeSymbol baseClass, INamedTypeSymbol derived)
    {
        if (!_byBaseClass.TryGetValue(baseClass, out var list))
        {
            _byBaseClass[baseClass] = list = new List<INamedTypeSymbol>();
        }

        list.Add(derived);
    }
}
