using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Recognizes singleton registrations in Microsoft.Extensions.DependencyInjection: <c>AddSingleton</c>,
/// <c>TryAddSingleton</c>, their keyed forms, <c>ServiceDescriptor.Singleton</c> and
/// <c>new ServiceDescriptor(..., ServiceLifetime.Singleton)</c>. Resolved once per compilation.
/// </summary>
internal sealed class ServiceRegistrations
{
    private const int SingletonLifetime = 0; // ServiceLifetime.Singleton

    private readonly INamedTypeSymbol _serviceCollection;
    private readonly INamedTypeSymbol? _serviceDescriptor;

    private ServiceRegistrations(INamedTypeSymbol serviceCollection, INamedTypeSymbol? serviceDescriptor)
    {
        _serviceCollection = serviceCollection;
        _serviceDescriptor = serviceDescriptor;
    }

    /// <summary>The service descriptor type, so callers can filter object creations cheaply.</summary>
    public INamedTypeSymbol? ServiceDescriptor => _serviceDescriptor;

    /// <summary>Returns null when the compilation does not reference dependency injection.</summary>
    public static ServiceRegistrations? Create(Compilation compilation)
    {
        var serviceCollection = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceCollection");
        return serviceCollection is null
            ? null
            : new ServiceRegistrations(serviceCollection, compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceDescriptor"));
    }

    /// <summary>Cheap name test, done before looking at the bound method.</summary>
    public static bool IsSingletonMethodName(string name) => name is
        "AddSingleton" or "TryAddSingleton" or "AddKeyedSingleton" or "TryAddKeyedSingleton" or "Singleton" or "KeyedSingleton";

    /// <summary>The registration <paramref name="invocation"/> makes, or null when it is not a singleton registration.</summary>
    public SingletonRegistration? TryGetSingleton(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!IsSingletonMethodName(method.Name) || !IsRegistrationMethod(method))
        {
            return null;
        }

        ITypeSymbol? serviceType = null;
        ITypeSymbol? implementationType = null;
        for (var i = 0; i < method.TypeParameters.Length && i < method.TypeArguments.Length; i++)
        {
            switch (method.TypeParameters[i].Name)
            {
                case "TService":
                    serviceType = method.TypeArguments[i];
                    break;
                case "TImplementation":
                    implementationType = method.TypeArguments[i];
                    break;
            }
        }

        return Build(method.Name, serviceType, implementationType, invocation.Arguments, ReportLocation(invocation.Syntax));
    }

    /// <summary>The registration a <c>new ServiceDescriptor(...)</c> makes, or null when its lifetime is not singleton.</summary>
    public SingletonRegistration? TryGetSingleton(IObjectCreationOperation creation)
    {
        if (creation.Constructor is not { } constructor
            || _serviceDescriptor is null
            || !SymbolEqualityComparer.Default.Equals(constructor.ContainingType, _serviceDescriptor))
        {
            return null;
        }

        var isSingleton = false;
        foreach (var argument in creation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "lifetime":
                    isSingleton = argument.Value.ConstantValue is { HasValue: true, Value: int lifetime } && lifetime == SingletonLifetime;
                    break;
                case "instance":
                    isSingleton = true; // a descriptor built from an instance is always a singleton
                    break;
            }
        }

        return isSingleton ? Build("ServiceDescriptor", null, null, creation.Arguments, creation.Syntax.GetLocation()) : null;
    }

    private bool IsRegistrationMethod(IMethodSymbol method)
    {
        if (method.Name is "Singleton" or "KeyedSingleton")
        {
            return method.IsStatic && SymbolEqualityComparer.Default.Equals(method.ContainingType, _serviceDescriptor);
        }

        var definition = method.ReducedFrom ?? method;
        return definition.IsExtensionMethod
            && definition.Parameters.Length > 0
            && SymbolEqualityComparer.Default.Equals(definition.Parameters[0].Type, _serviceCollection);
    }

    private static SingletonRegistration Build(string methodName, ITypeSymbol? serviceType, ITypeSymbol? implementationType, ImmutableArray<IArgumentOperation> arguments, Location location)
    {
        var created = ImmutableArray.CreateBuilder<ITypeSymbol>();
        var hasInstanceOrFactory = false;
        foreach (var argument in arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "serviceType" or "service":
                    serviceType = TypeOfOperand(argument.Value) ?? serviceType;
                    break;
                case "implementationType":
                    implementationType = TypeOfOperand(argument.Value) ?? implementationType;
                    break;
                case "implementationInstance" or "instance":
                    hasInstanceOrFactory = true;
                    if (SkipConversions(argument.Value).Type is { } instanceType)
                    {
                        created.Add(instanceType);
                    }

                    break;
                case "implementationFactory" or "factory":
                    hasInstanceOrFactory = true;
                    AddFactoryCreations(argument.Value, created);
                    break;
            }
        }

        if (implementationType is null && !hasInstanceOrFactory)
        {
            implementationType = serviceType;
        }

        return new SingletonRegistration(methodName, serviceType, implementationType, created.ToImmutable(), location);
    }

    private static ITypeSymbol? TypeOfOperand(IOperation value) => SkipConversions(value) is ITypeOfOperation typeOf ? typeOf.TypeOperand : null;

    private static IOperation SkipConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>Adds the type of each <c>new T(...)</c> the factory lambda returns (nested lambdas are not the factory's result).</summary>
    private static void AddFactoryCreations(IOperation value, ImmutableArray<ITypeSymbol>.Builder created)
    {
        if (SkipConversions(value) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
        {
            return;
        }

        var pending = new Stack<IOperation>();
        pending.Push(lambda.Body);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation is IReturnOperation { ReturnedValue: { } returned }
                && SkipConversions(returned) is IObjectCreationOperation { Type: { } createdType })
            {
                created.Add(createdType);
            }

            foreach (var child in operation.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static Location ReportLocation(SyntaxNode syntax)
    {
        if (syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax memberAccess } invocation)
        {
            return Location.Create(syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(memberAccess.Name.SpanStart, invocation.Span.End));
        }

        return syntax.GetLocation();
    }
}
