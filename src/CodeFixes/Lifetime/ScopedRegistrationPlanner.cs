using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using StaleConn.Analyzers.Internal;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Lifetime;

/// <summary>
/// SC0003 "Register the connection as scoped": offered only when every consumer of the registration that the
/// compilation shows is itself scoped or transient. A singleton or hosted service that takes the connection would
/// capture one scoped instance for ever (and resolving it from the root provider throws when scopes are validated).
/// </summary>
internal static class ScopedRegistrationPlanner
{
    private static readonly Dictionary<string, string> ScopedNames = new()
    {
        ["AddSingleton"] = "AddScoped",
        ["TryAddSingleton"] = "TryAddScoped",
        ["AddKeyedSingleton"] = "AddKeyedScoped",
        ["TryAddKeyedSingleton"] = "TryAddKeyedScoped",
        ["Singleton"] = "Scoped",
        ["KeyedSingleton"] = "KeyedScoped",
    };

    /// <summary>The edits (original node → replacement) for one registration, or null when the lifetime cannot change safely.</summary>
    public static async Task<IReadOnlyDictionary<SyntaxNode, SyntaxNode>?> PlanAsync(Document document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var registrations = model is null ? null : ServiceRegistrations.Create(model.Compilation);
        if (model is null || registrations is null
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || registrations.TryGetSingleton(operation) is not { } registration
            || !ScopedNames.TryGetValue(operation.TargetMethod.Name, out var scopedName)
            || NameOf(invocation) is not { } name)
        {
            return null;
        }

        var edits = new Dictionary<SyntaxNode, SyntaxNode>
        {
            [name] = name is GenericNameSyntax generic
                ? generic.WithIdentifier(Identifier(scopedName).WithTriviaFrom(generic.Identifier))
                : IdentifierName(Identifier(scopedName).WithTriviaFrom(name.Identifier)),
        };

        // A scoped registration has no instance overload: an instance built right there becomes a factory.
        foreach (var argument in operation.Arguments)
        {
            if (argument.Parameter is { Type: var parameterType } && parameterType.Name != "Func" && argument.Value.Syntax is ExpressionSyntax value
                && (SymbolEqualityComparer.Default.Equals(parameterType, operation.TargetMethod.TypeArguments.FirstOrDefault())
                    || parameterType.SpecialType == SpecialType.System_Object && argument.Parameter.Name is "implementationInstance" or "instance"))
            {
                if (value is not BaseObjectCreationExpressionSyntax)
                {
                    return null;
                }

                edits[value] = SimpleLambdaExpression(Parameter(Identifier("_")), value.WithoutTrivia()).WithTriviaFrom(value);
            }
        }

        var service = registration.ServiceType ?? registration.ImplementationType;
        if (service is null || !await EveryConsumerIsScopedAsync(document.Project, service, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return edits;
    }

    private static SimpleNameSyntax? NameOf(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name,
        SimpleNameSyntax simple => simple,
        _ => null,
    };

    /// <summary>Constructor parameters and service-provider lookups of <paramref name="service"/>, and the lifetime each consumer has.</summary>
    private static async Task<bool> EveryConsumerIsScopedAsync(Project project, ITypeSymbol service, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return false;
        }

        var consumers = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var lifetimes = new Dictionary<ITypeSymbol, List<string>>(SymbolEqualityComparer.Default);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
            foreach (var node in root.DescendantNodes())
            {
                switch (node)
                {
                    case TypeDeclarationSyntax type when model.GetDeclaredSymbol(type, cancellationToken) is INamedTypeSymbol named
                        && named.InstanceConstructors.Any(c => c.Parameters.Any(p => Mentions(p.Type, service))):
                        consumers.Add(named);
                        break;
                    case InvocationExpressionSyntax call when model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method:
                        if (method.Name is "GetService" or "GetRequiredService" or "GetKeyedService" or "GetRequiredKeyedService"
                            && (method.TypeArguments.Any(t => Mentions(t, service)) || call.ArgumentList.Arguments.Any(a => a.Expression is TypeOfExpressionSyntax t && Mentions(model.GetTypeInfo(t.Type, cancellationToken).Type, service))))
                        {
                            // Resolved by hand: fine inside a scoped or transient factory only.
                            if (!InsideRegistration(call, model, cancellationToken, out var lifetime) || lifetime is not ("Scoped" or "Transient"))
                            {
                                return false;
                            }
                        }
                        else if (LifetimeOf(method.Name) is { } registered)
                        {
                            foreach (var registeredType in method.TypeArguments.Concat(call.ArgumentList.Arguments
                                         .Select(a => a.Expression is TypeOfExpressionSyntax t ? model.GetTypeInfo(t.Type, cancellationToken).Type : null)
                                         .Where(t => t is not null))!)
                            {
                                if (!lifetimes.TryGetValue(registeredType!, out var list))
                                {
                                    lifetimes[registeredType!] = list = new List<string>();
                                }

                                list.Add(registered);
                            }
                        }

                        break;
                }
            }
        }

        foreach (var consumer in consumers)
        {
            if (IsHostedService(consumer) || !lifetimes.TryGetValue(consumer, out var registered) || registered.Any(l => l is not ("Scoped" or "Transient")))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Mentions(ITypeSymbol? type, ITypeSymbol service) =>
        type is not null && (SymbolEqualityComparer.Default.Equals(type, service)
            || type is INamedTypeSymbol { IsGenericType: true } generic && generic.TypeArguments.Any(t => Mentions(t, service)));

    private static string? LifetimeOf(string method) => method switch
    {
        "AddScoped" or "TryAddScoped" or "AddKeyedScoped" or "TryAddKeyedScoped" => "Scoped",
        "AddTransient" or "TryAddTransient" or "AddKeyedTransient" or "TryAddKeyedTransient" => "Transient",
        "AddSingleton" or "TryAddSingleton" or "AddKeyedSingleton" or "TryAddKeyedSingleton" => "Singleton",
        "AddHostedService" => "Hosted",
        _ => null,
    };

    private static bool InsideRegistration(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken, out string? lifetime)
    {
        foreach (var call in node.Ancestors().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method && LifetimeOf(method.Name) is { } found)
            {
                lifetime = found;
                return true;
            }
        }

        lifetime = null;
        return false;
    }

    private static bool IsHostedService(INamedTypeSymbol type) =>
        type.AllInterfaces.Any(i => i.ToDisplayString() == "Microsoft.Extensions.Hosting.IHostedService");
}
