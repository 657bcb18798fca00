using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>What one singleton registration in dependency injection registers.</summary>
internal sealed class SingletonRegistration
{
    public SingletonRegistration(string methodName, ITypeSymbol? serviceType, ITypeSymbol? implementationType, ImmutableArray<ITypeSymbol> createdTypes, Location location)
    {
        MethodName = methodName;
        ServiceType = serviceType;
        ImplementationType = implementationType;
        CreatedTypes = createdTypes;
        Location = location;
    }

    /// <summary>The registration method as written, e.g. <c>TryAddSingleton</c>.</summary>
    public string MethodName { get; }

    /// <summary><c>TService</c> or the <c>serviceType</c> argument.</summary>
    public ITypeSymbol? ServiceType { get; }

    /// <summary><c>TImplementation</c>, the <c>implementationType</c> argument, or the service type when it is its own implementation.</summary>
    public ITypeSymbol? ImplementationType { get; }

    /// <summary>The type of an instance argument, and of each value a factory returns (before conversion to the service type).</summary>
    public ImmutableArray<ITypeSymbol> CreatedTypes { get; }

    /// <summary>Where to report: from the method name to the end of the call.</summary>
    public Location Location { get; }
}
