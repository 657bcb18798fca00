using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using StaleConn.CodeFixes.Guarding;

namespace StaleConn.CodeFixes.Lifetime;

/// <summary>How long the container keeps what a registration creates.</summary>
internal enum ServiceLifetimeKind
{
    Singleton,
    Scoped,
    Transient,

    /// <summary><c>AddHostedService&lt;T&gt;()</c>: a singleton the host starts.</summary>
    Hosted,
}

/// <summary>One registration in Microsoft.Extensions.DependencyInjection, as the fixes need it.</summary>
internal sealed class ServiceRegistrationInfo
{
    public ServiceRegistrationInfo(InvocationExpressionSyntax syntax, IMethodSymbol method, ServiceLifetimeKind lifetime, ITypeSymbol service, ITypeSymbol? implementation, IReadOnlyList<ITypeSymbol> createdTypes)
    {
        Syntax = syntax;
        Method = method;
        Lifetime = lifetime;
        Service = service;
        Implementation = implementation;
        CreatedTypes = createdTypes;
    }

    public InvocationExpressionSyntax Syntax { get; }

    public IMethodSymbol Method { get; }

    public ServiceLifetimeKind Lifetime { get; }

    public ITypeSymbol Service { get; }

    /// <summary><c>TImplementation</c>, or the service type registered as itself; null for a factory or an instance.</summary>
    public ITypeSymbol? Implementation { get; }

    /// <summary>What a factory returns or an instance is (a local's initializer when the instance is a local).</summary>
    public IReadOnlyList<ITypeSymbol> CreatedTypes { get; }

    /// <summary>The types the container may hand out for this registration.</summary>
    public IEnumerable<ITypeSymbol> ProvidedTypes => Implementation is not null ? new[] { Implementation } : CreatedTypes;
}

/// <summary>
/// Every <c>Add{Singleton,Scoped,Transient}</c>, <c>TryAdd…</c> and <c>AddHostedService</c> call of a compilation, read once
/// per compilation: an injected <c>IDbConnection</c>'s concrete type, and the lifetimes of a service's consumers, come
/// from here — including registrations inside an <c>IServiceCollection</c> extension method of another file.
/// </summary>
internal sealed class ServiceRegistrationIndex
{
    private static readonly ConditionalWeakTable<Compilation, ServiceRegistrationIndex> Cache = new();

    private readonly Dictionary<ITypeSymbol, List<ServiceLifetimeKind>> _lifetimes = new(SymbolEqualityComparer.Default);

    private ServiceRegistrationIndex(List<ServiceRegistrationInfo> registrations)
    {
        Registrations = registrations;
        // Looked up for every consumer of every service the lifetime planner follows: by type, not by scanning.
        foreach (var registration in registrations)
        {
            foreach (var type in new[] { registration.Service }.Concat(registration.ProvidedTypes).Distinct(SymbolEqualityComparer.Default))
            {
                if (!_lifetimes.TryGetValue((ITypeSymbol)type!, out var lifetimes))
                {
                    _lifetimes[(ITypeSymbol)type!] = lifetimes = new List<ServiceLifetimeKind>();
                }

                lifetimes.Add(registration.Lifetime);
            }
        }
    }

    public IReadOnlyList<ServiceRegistrationInfo> Registrations { get; }

    public static ServiceRegistrationIndex For(Compilation compilation, CancellationToken cancellationToken)
    {
        if (Cache.TryGetValue(compilation, out var index))
        {
            return index;
        }

        index = new ServiceRegistrationIndex(Read(compilation, cancellationToken));
        return Cache.GetValue(compilation, _ => index);
    }

    public IEnumerable<ServiceRegistrationInfo> Of(ITypeSymbol service) =>
        Registrations.Where(r => SymbolEqualityComparer.Default.Equals(r.Service, service));

    /// <summary>The lifetime <paramref name="type"/> is registered with as itself or as an implementation, if it is.</summary>
    public IReadOnlyList<ServiceLifetimeKind> LifetimesOf(ITypeSymbol type) =>
        _lifetimes.TryGetValue(type, out var lifetimes) ? lifetimes : System.Array.Empty<ServiceLifetimeKind>();

    private static List<ServiceRegistrationInfo> Read(Compilation compilation, CancellationToken cancellationToken)
    {
        var result = new List<ServiceRegistrationInfo>();
        if (compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceCollection") is not { } serviceCollection)
        {
            return result;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            var text = tree.GetText(cancellationToken).ToString();
            if (text.IndexOf("Add", System.StringComparison.Ordinal) < 0)
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var invocation in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var name = SyntaxShapes.InvokedName(invocation);
                if (LifetimeOf(name) is not { } lifetime)
                {
                    continue;
                }

                model ??= compilation.GetSemanticModel(tree);
                if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
                    || operation.TargetMethod.Parameters.FirstOrDefault()?.Type is not { } first
                    || !(SymbolEqualityComparer.Default.Equals(first, serviceCollection) || first.AllInterfaces.Contains(serviceCollection, SymbolEqualityComparer.Default)))
                {
                    continue;
                }

                if (Describe(operation, invocation, lifetime, model, cancellationToken) is { } registration)
                {
                    result.Add(registration);
                }
            }
        }

        return result;
    }

    private static ServiceLifetimeKind? LifetimeOf(string method) => method switch
    {
        "AddSingleton" or "TryAddSingleton" or "AddKeyedSingleton" or "TryAddKeyedSingleton" => ServiceLifetimeKind.Singleton,
        "AddScoped" or "TryAddScoped" or "AddKeyedScoped" or "TryAddKeyedScoped" => ServiceLifetimeKind.Scoped,
        "AddTransient" or "TryAddTransient" or "AddKeyedTransient" or "TryAddKeyedTransient" => ServiceLifetimeKind.Transient,
        "AddHostedService" => ServiceLifetimeKind.Hosted,
        _ => null,
    };

    private static ServiceRegistrationInfo? Describe(IInvocationOperation operation, InvocationExpressionSyntax syntax, ServiceLifetimeKind lifetime, SemanticModel model, CancellationToken cancellationToken)
    {
        var method = operation.TargetMethod;
        ITypeSymbol? service = method.TypeArguments.FirstOrDefault();
        ITypeSymbol? implementation = method.TypeArguments.Length > 1 ? method.TypeArguments[1] : null;
        var created = new List<ITypeSymbol>();
        foreach (var argument in operation.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue))
        {
            var value = argument.Value is IConversionOperation conversion ? conversion.Operand : argument.Value;
            switch (value)
            {
                case ITypeOfOperation typeOf when argument.Parameter?.Name == "serviceType":
                    service = typeOf.TypeOperand;
                    break;
                case ITypeOfOperation typeOf when argument.Parameter?.Name == "implementationType":
                    implementation = typeOf.TypeOperand;
                    break;
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                    created.AddRange(ReturnedTypes(lambda, model, cancellationToken));
                    break;
                case IAnonymousFunctionOperation lambda:
                    created.AddRange(ReturnedTypes(lambda, model, cancellationToken));
                    break;
                case ILocalReferenceOperation local when argument.Parameter?.Name is "implementationInstance" or "instance":
                    if (InitializerType(local.Local, cancellationToken, model) is { } localType)
                    {
                        created.Add(localType);
                    }

                    break;
                default:
                    if (argument.Parameter?.Name is "implementationInstance" or "instance" && value.Type is { } instanceType)
                    {
                        created.Add(instanceType);
                    }

                    break;
            }
        }

        if (service is null)
        {
            return null;
        }

        if (implementation is null && created.Count == 0 && method.TypeArguments.Length == 1)
        {
            implementation = service;
        }

        return new ServiceRegistrationInfo(syntax, method, lifetime, service, implementation, created);
    }

    /// <summary>The types a factory lambda returns (<c>_ =&gt; new NpgsqlConnection(cs)</c>, or its return statements).</summary>
    private static IEnumerable<ITypeSymbol> ReturnedTypes(IAnonymousFunctionOperation lambda, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var returned in lambda.Body.Descendants().OfType<IReturnOperation>())
        {
            var value = returned.ReturnedValue is IConversionOperation conversion ? conversion.Operand : returned.ReturnedValue;
            if (value?.Type is { } type)
            {
                yield return value is ILocalReferenceOperation local && InitializerType(local.Local, cancellationToken, model) is { } localType ? localType : type;
            }
        }
    }

    /// <summary><c>IDbConnection connection = new MySqlConnection(cs);</c>: the local's initializer's type.</summary>
    private static ITypeSymbol? InitializerType(ILocalSymbol local, CancellationToken cancellationToken, SemanticModel model)
    {
        var declarator = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as VariableDeclaratorSyntax;
        return declarator?.Initializer?.Value is { } value && declarator.SyntaxTree == model.SyntaxTree
            ? model.GetTypeInfo(value, cancellationToken).Type
            : null;
    }
}
