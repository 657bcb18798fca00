using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Lifetime;

/// <summary>
/// Which source types take a service through their constructors (as itself or inside a generic argument:
/// <c>IEnumerable&lt;T&gt;</c>, <c>Lazy&lt;T&gt;</c>, <c>Func&lt;T&gt;</c>), read once per compilation: the lifetime planner and
/// the choice of the first fix ask it for every service they follow, and scanning every type's constructors each time
/// was most of an SC0003 lightbulb on a large solution.
/// </summary>
internal sealed class ConstructorConsumers
{
    private static readonly ConditionalWeakTable<Compilation, ConstructorConsumers> Cache = new();

    private readonly Dictionary<ITypeSymbol, List<INamedTypeSymbol>> _byService = new(SymbolEqualityComparer.Default);

    private readonly Dictionary<ITypeSymbol, List<INamedTypeSymbol>> _byParameterType = new(SymbolEqualityComparer.Default);

    private ConstructorConsumers(Compilation compilation)
    {
        foreach (var type in SourceTypes.Of(compilation))
        {
            if (type.IsAbstract)
            {
                continue;
            }

            var taken = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            var parameterTypes = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    parameterTypes.Add(parameter.Type);
                    AddMentioned(parameter.Type, taken);
                }
            }

            Add(_byService, taken, type);
            Add(_byParameterType, parameterTypes, type);
        }
    }

    private static void Add(Dictionary<ITypeSymbol, List<INamedTypeSymbol>> index, HashSet<ITypeSymbol> services, INamedTypeSymbol consumer)
    {
        foreach (var service in services)
        {
            if (!index.TryGetValue(service, out var consumers))
            {
                index[service] = consumers = new List<INamedTypeSymbol>();
            }

            consumers.Add(consumer);
        }
    }

    public static ConstructorConsumers For(Compilation compilation) => Cache.GetValue(compilation, static c => new ConstructorConsumers(c));

    /// <summary>The non-abstract source types whose constructors take <paramref name="service"/>, in declaration order.</summary>
    public IReadOnlyList<INamedTypeSymbol> Of(ITypeSymbol service) =>
        _byService.TryGetValue(service, out var consumers) ? consumers : System.Array.Empty<INamedTypeSymbol>();

    /// <summary>The non-abstract source types with a constructor parameter of exactly <paramref name="service"/>.</summary>
    public IReadOnlyList<INamedTypeSymbol> OfExactly(ITypeSymbol service) =>
        _byParameterType.TryGetValue(service, out var consumers) ? consumers : System.Array.Empty<INamedTypeSymbol>();

    private static void AddMentioned(ITypeSymbol type, HashSet<ITypeSymbol> taken)
    {
        if (!taken.Add(type))
        {
            return;
        }

        if (type is INamedTypeSymbol { IsGenericType: true } generic)
        {
            foreach (var argument in generic.TypeArguments)
            {
                AddMentioned(argument, taken);
            }
        }
    }
}
