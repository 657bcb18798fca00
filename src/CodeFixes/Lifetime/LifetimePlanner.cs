using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Lifetime;

/// <summary>The registration edits of a lifetime change, all in the registration's document.</summary>
internal sealed class LifetimeChange
{
    public LifetimeChange(ServiceLifetimeKind lifetime, Dictionary<SyntaxNode, SyntaxNode> edits, List<StatementSyntax> removedStatements)
    {
        Lifetime = lifetime;
        Edits = edits;
        RemovedStatements = removedStatements;
    }

    /// <summary>Scoped, or transient (each long-lived consumer then gets a connection of its own).</summary>
    public ServiceLifetimeKind Lifetime { get; }

    public Dictionary<SyntaxNode, SyntaxNode> Edits { get; }

    /// <summary>Declarations of locals whose connection moved into a registration's factory.</summary>
    public List<StatementSyntax> RemovedStatements { get; }
}

/// <summary>
/// Which lifetime a singleton registration of a connection (SC0003), or of a service that takes an injected connection
/// (SC0005), can safely have, judged from every consumer the compilation shows:
/// <list type="bullet">
/// <item>consumers that are all scoped, transient or per-request (controllers, hubs, pages): scoped;</item>
/// <item>singletons among them that keep no state of their own (readonly fields set from their constructor), and none
/// reached by a hosted service: scoped, and those singletons with it — one connection per request;</item>
/// <item>consumers that all live as long as the host (singletons, hosted services): transient — each gets its own
/// connection instead of sharing one (their own findings then get the guard);</item>
/// </list>
/// and no lifetime change when the service is resolved from the root provider, consumed by a type the container does
/// not build but something else may (a type nothing can build is no consumer), or by a mix of request-scoped and
/// long-lived consumers.
/// </summary>
internal sealed class LifetimePlanner
{
    private static readonly HashSet<string> PerRequestBases = new() { "ControllerBase", "Controller", "Hub", "PageModel", "ComponentBase", "ViewComponent" };

    private static readonly Dictionary<string, string> ScopedNames = new()
    {
        ["AddSingleton"] = "AddScoped",
        ["TryAddSingleton"] = "TryAddScoped",
        ["AddKeyedSingleton"] = "AddKeyedScoped",
        ["TryAddKeyedSingleton"] = "TryAddKeyedScoped",
    };

    private static readonly Dictionary<string, string> TransientNames = new()
    {
        ["AddSingleton"] = "AddTransient",
        ["TryAddSingleton"] = "TryAddTransient",
        ["AddKeyedSingleton"] = "AddKeyedTransient",
        ["TryAddKeyedSingleton"] = "TryAddKeyedTransient",
    };

    private static readonly string[] ServiceLookups = { "GetService", "GetRequiredService", "GetKeyedService", "GetRequiredKeyedService" };

    private readonly Compilation _compilation;
    private readonly ServiceRegistrationIndex _index;
    private readonly CancellationToken _cancellationToken;
    private readonly ConstructorConsumers _consumers;
    private readonly UnbuiltTypes _unbuilt;
    private readonly List<(InvocationExpressionSyntax Call, SemanticModel Model)> _lookups = new();
    private bool? _globalAlias;

    private LifetimePlanner(Compilation compilation, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _cancellationToken = cancellationToken;
        _index = ServiceRegistrationIndex.For(compilation, cancellationToken);
        _consumers = ConstructorConsumers.For(compilation);
        _unbuilt = UnbuiltTypes.For(compilation, cancellationToken);
    }

    /// <summary>The lifetime change for the singleton registration <paramref name="invocation"/>, or why there is none.</summary>
    /// <param name="withInjectedConnections">SC0005: also move the singleton registrations of the connections the service takes.</param>
    public static (LifetimeChange? Change, NoFixReason? Reason) Plan(Compilation compilation, InvocationExpressionSyntax invocation, bool withInjectedConnections, CancellationToken cancellationToken)
    {
        var planner = new LifetimePlanner(compilation, cancellationToken);
        return planner.Plan(invocation, withInjectedConnections);
    }

    private (LifetimeChange? Change, NoFixReason? Reason) Plan(InvocationExpressionSyntax invocation, bool withInjectedConnections)
    {
        var registration = _index.Registrations.FirstOrDefault(r => r.Syntax == invocation);
        if (registration is not { Lifetime: ServiceLifetimeKind.Singleton })
        {
            return (null, NoFixReason.AnalysisFailed);
        }

        var start = new List<ServiceRegistrationInfo> { registration };
        if (withInjectedConnections)
        {
            // The service's constructor takes connections registered as singletons: they move with it.
            foreach (var type in registration.ProvidedTypes.OfType<INamedTypeSymbol>())
            {
                foreach (var parameter in type.InstanceConstructors.SelectMany(c => c.Parameters).Where(p => IsConnection(p.Type)))
                {
                    var connectionRegistrations = _index.Of(parameter.Type).ToList();
                    if (connectionRegistrations.Count == 0)
                    {
                        // Registered where the project cannot see: a scoped service could still share a singleton connection.
                        return (null, NoFixReason.InjectedConnectionNotRegistered);
                    }

                    start.AddRange(connectionRegistrations.Where(r => r.Lifetime == ServiceLifetimeKind.Singleton));
                }

                if (!type.InstanceConstructors.SelectMany(c => c.Parameters).Any(p => IsConnection(p.Type)))
                {
                    // It builds its own connection: a scoped instance would open one per request and leave it open.
                    return (null, NoFixReason.ServiceBuildsItsOwnConnection);
                }
            }
        }

        // Every singleton registration that must move, found from the consumers of what is already moving.
        var moving = new List<ServiceRegistrationInfo>();
        var queue = new Queue<ServiceRegistrationInfo>(start.Distinct());
        var longLivedConsumer = false;
        var requestConsumer = false;
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (moving.Contains(current))
            {
                continue;
            }

            moving.Add(current);
            if (ResolvedFromRoot(current.Service))
            {
                return (null, NoFixReason.ResolvedFromRootProvider);
            }

            foreach (var consumer in Consumers(current.Service))
            {
                var lifetimes = _index.LifetimesOf(consumer).ToList();
                if (IsHostedService(consumer) || lifetimes.Contains(ServiceLifetimeKind.Hosted))
                {
                    longLivedConsumer = true;
                }
                else if (lifetimes.Count == 0)
                {
                    if (!IsPerRequest(consumer))
                    {
                        return (null, NoFixReason.ConsumedByUnregisteredType);
                    }

                    requestConsumer = true;
                }
                else if (lifetimes.Contains(ServiceLifetimeKind.Singleton))
                {
                    longLivedConsumer = true;
                    if (!KeepsNoState(consumer))
                    {
                        return OwnConnectionPerConsumer(registration, withInjectedConnections) ?? (null, NoFixReason.SingletonConsumerKeepsState);
                    }

                    foreach (var consumerRegistration in _index.Registrations.Where(r => r.Lifetime == ServiceLifetimeKind.Singleton
                                 && (SymbolEqualityComparer.Default.Equals(r.Service, consumer) || r.ProvidedTypes.Contains(consumer, SymbolEqualityComparer.Default))))
                    {
                        queue.Enqueue(consumerRegistration);
                    }
                }
                else
                {
                    requestConsumer = true;
                }
            }
        }

        var hosted = moving.Any(m => Consumers(m.Service).Any(c => IsHostedService(c) || _index.LifetimesOf(c).Contains(ServiceLifetimeKind.Hosted)));
        if (!hosted)
        {
            return Edits(moving, ScopedNames, ServiceLifetimeKind.Scoped);
        }

        // Long-lived consumers only: each takes its own connection for its life instead of sharing one.
        if (!withInjectedConnections && !requestConsumer && longLivedConsumer
            && Consumers(registration.Service).All(c => IsHostedService(c) || _index.LifetimesOf(c).All(l => l is ServiceLifetimeKind.Singleton or ServiceLifetimeKind.Hosted)))
        {
            return Edits(new List<ServiceRegistrationInfo> { registration }, TransientNames, ServiceLifetimeKind.Transient);
        }

        return OwnConnectionPerConsumer(registration, withInjectedConnections) ?? (null, NoFixReason.ConsumedByHostedService);
    }

    /// <summary>
    /// Long-lived consumers (hosted services, singletons) beside at most one consumer type of shorter life: a transient
    /// registration gives each long-lived one its own connection for its life (its own finding's fix guards it) and the
    /// other one a connection per instance, as scoped would. No two consumers shared a session on purpose here: only
    /// one short-lived type takes the connection, and the long-lived ones never saw each other's state.
    /// </summary>
    private (LifetimeChange? Change, NoFixReason? Reason)? OwnConnectionPerConsumer(ServiceRegistrationInfo registration, bool withInjectedConnections)
    {
        if (withInjectedConnections || ResolvedFromRoot(registration.Service))
        {
            return null;
        }

        var consumers = Consumers(registration.Service).ToList();
        var longLived = consumers.Where(c => IsHostedService(c) || _index.LifetimesOf(c).Any(l => l is ServiceLifetimeKind.Singleton or ServiceLifetimeKind.Hosted)).ToList();
        var shortLived = consumers.Except(longLived, SymbolEqualityComparer.Default).Cast<INamedTypeSymbol>().ToList();
        if (longLived.Count == 0 || shortLived.Count > 1 || shortLived.Any(c => !_index.LifetimesOf(c).Any() && !IsPerRequest(c)))
        {
            return null;
        }

        return Edits(new List<ServiceRegistrationInfo> { registration }, TransientNames, ServiceLifetimeKind.Transient);
    }

    private (LifetimeChange? Change, NoFixReason? Reason) Edits(List<ServiceRegistrationInfo> registrations, Dictionary<string, string> names, ServiceLifetimeKind lifetime)
    {
        var tree = registrations[0].Syntax.SyntaxTree;
        if (registrations.Any(r => r.Syntax.SyntaxTree != tree))
        {
            return (null, NoFixReason.RegistrationsInSeveralFiles);
        }

        var edits = new Dictionary<SyntaxNode, SyntaxNode>();
        var removed = new List<StatementSyntax>();
        var model = _compilation.GetSemanticModel(tree);
        foreach (var registration in registrations)
        {
            if (!names.TryGetValue(registration.Method.Name, out var newName) || NameOf(registration.Syntax) is not { } name)
            {
                return (null, NoFixReason.UnsupportedRegistration);
            }

            edits[name] = name is GenericNameSyntax generic
                ? generic.WithIdentifier(Identifier(newName).WithTriviaFrom(generic.Identifier))
                : IdentifierName(Identifier(newName).WithTriviaFrom(name.Identifier));
            if (InstanceToFactory(registration, model, edits, removed) is { } reason)
            {
                return (null, reason);
            }
        }

        return (new LifetimeChange(lifetime, edits, removed), null);
    }

    /// <summary>
    /// A scoped or transient registration has no instance overload: an instance built in place becomes a factory, and so
    /// does a local built just before and used nowhere else (its declaration goes).
    /// </summary>
    private NoFixReason? InstanceToFactory(ServiceRegistrationInfo registration, SemanticModel model, Dictionary<SyntaxNode, SyntaxNode> edits, List<StatementSyntax> removed)
    {
        if (model.GetOperation(registration.Syntax, _cancellationToken) is not Microsoft.CodeAnalysis.Operations.IInvocationOperation operation)
        {
            return NoFixReason.UnsupportedRegistration;
        }

        foreach (var argument in operation.Arguments)
        {
            if (argument.Parameter?.Name is not ("implementationInstance" or "instance") || argument.Value.Syntax is not ExpressionSyntax value)
            {
                continue;
            }

            if (value is BaseObjectCreationExpressionSyntax)
            {
                edits[value] = SimpleLambdaExpression(Parameter(Identifier("_")), value.WithoutTrivia()).WithTriviaFrom(value);
                continue;
            }

            if (model.GetSymbolInfo(value, _cancellationToken).Symbol is ILocalSymbol local
                && local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is VariableDeclaratorSyntax
                    { Initializer.Value: BaseObjectCreationExpressionSyntax creation, Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration } }
                && declaration.Parent is BlockSyntax or GlobalStatementSyntax
                && References(declaration.Parent is GlobalStatementSyntax global ? global.Parent! : declaration.Parent, local, model) == 1)
            {
                edits[value] = SimpleLambdaExpression(Parameter(Identifier("_")), creation.WithoutTrivia()).WithTriviaFrom(value);
                removed.Add(declaration);
                continue;
            }

            return NoFixReason.InstanceNotBuiltInPlace;
        }

        return null;
    }

    private int References(SyntaxNode scope, ILocalSymbol local, SemanticModel model) =>
        scope.DescendantNodes().OfType<IdentifierNameSyntax>().Count(i => i.Identifier.ValueText == local.Name
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i, _cancellationToken).Symbol, local));

    private static SimpleNameSyntax? NameOf(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name,
        SimpleNameSyntax simple => simple,
        _ => null,
    };

    /// <summary>
    /// The types whose constructors take <paramref name="service"/>, without those nothing can build (no registration, no
    /// use) — and the types of referenced projects or packages registered here whose constructors take it (an outbox
    /// worker's <c>AddSingleton&lt;OutboxManager&gt;()</c> of a shared framework project): the container builds them too.
    /// </summary>
    private IEnumerable<INamedTypeSymbol> Consumers(ITypeSymbol service) =>
        _consumers.Of(service).Where(c => _index.LifetimesOf(c).Count > 0 || IsPerRequest(c) || !_unbuilt.NeverBuilt(c, _cancellationToken))
            .Concat(RegisteredFromReferences(service));

    private IEnumerable<INamedTypeSymbol> RegisteredFromReferences(ITypeSymbol service) =>
        _index.Registrations.SelectMany(r => r.ProvidedTypes.Append(r.Service)).OfType<INamedTypeSymbol>()
            .Where(t => !t.IsAbstract && !SymbolEqualityComparer.Default.Equals(t.ContainingAssembly, _compilation.Assembly)
                && t.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Any(p => Mentions(p.Type, service))))
            .Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default);

    /// <summary>Whether something can build <paramref name="type"/>: a registration, a request pipeline, or a use the compilation shows.</summary>
    internal static bool MayBeBuilt(Compilation compilation, INamedTypeSymbol type, CancellationToken cancellationToken) =>
        ServiceRegistrationIndex.For(compilation, cancellationToken).LifetimesOf(type).Count > 0
        || IsPerRequest(type)
        || !UnbuiltTypes.For(compilation, cancellationToken).NeverBuilt(type, cancellationToken);

    /// <summary>A <c>GetService</c>/<c>GetRequiredService</c> of the service outside a scoped or transient factory.</summary>
    private bool ResolvedFromRoot(ITypeSymbol service)
    {
        if (_lookups.Count == 0)
        {
            foreach (var tree in _compilation.SyntaxTrees)
            {
                if (!Guarding.Planning.NameIndex.MentionsAny(tree, ServiceLookups, _cancellationToken))
                {
                    continue;
                }

                var model = _compilation.GetSemanticModel(tree);
                _lookups.AddRange(tree.GetRoot(_cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>()
                    .Where(i => ServiceLookups.Contains(SyntaxShapes.InvokedName(i)))
                    .Select(i => (i, model)));
            }
        }

        foreach (var (call, model) in _lookups)
        {
            // Binding every lookup of a large solution is slow: a lookup of the service names it (or a using alias does).
            if (!call.DescendantNodes().OfType<SimpleNameSyntax>().Any(n => n.Identifier.ValueText == service.Name) && !HasUsingAlias(call.SyntaxTree))
            {
                continue;
            }

            if (model.GetSymbolInfo(call, _cancellationToken).Symbol is not IMethodSymbol method
                || !(method.TypeArguments.Any(t => Mentions(t, service))
                     || call.ArgumentList.Arguments.Any(a => a.Expression is TypeOfExpressionSyntax t && Mentions(model.GetTypeInfo(t.Type, _cancellationToken).Type, service))))
            {
                continue;
            }

            var factory = call.Ancestors().OfType<InvocationExpressionSyntax>()
                .Select(i => _index.Registrations.FirstOrDefault(r => r.Syntax == i))
                .FirstOrDefault(r => r is not null);
            if (factory is null || factory.Lifetime is not (ServiceLifetimeKind.Scoped or ServiceLifetimeKind.Transient))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasUsingAlias(SyntaxTree tree)
    {
        _globalAlias ??= _compilation.SyntaxTrees.Any(t => t.GetRoot(_cancellationToken).ChildNodes().OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias is not null && u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)));
        return _globalAlias.Value
            || tree.GetRoot(_cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>().Any(u => u.Alias is not null);
    }

    /// <summary>
    /// Readonly fields set from the constructor (or constants), and primary-constructor parameters it only reads: a scoped
    /// instance per request behaves the same.
    /// </summary>
    private static bool KeepsNoState(INamedTypeSymbol type) =>
        // A package's type shows only its public members: its private fields may keep anything.
        type.Locations.Any(l => l.IsInSource)
        && type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst)
            .All(f => f.IsReadOnly && !HasInitializer(f) || IsCaptureNeverAssigned(type, f));

    /// <summary>
    /// The compiler's field for a captured primary-constructor parameter (<c>&lt;conn&gt;P</c>, not readonly) holds what the
    /// constructor got, like a readonly field, unless the type's body assigns the parameter (or passes it by <c>ref</c>/<c>out</c>).
    /// </summary>
    private static bool IsCaptureNeverAssigned(INamedTypeSymbol type, IFieldSymbol field)
    {
        if (!field.IsImplicitlyDeclared || !field.Name.StartsWith("<", System.StringComparison.Ordinal) || !field.Name.EndsWith(">P", System.StringComparison.Ordinal))
        {
            return false;
        }

        var parameter = field.Name.Substring(1, field.Name.Length - 3);
        return !type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).Any(declaration => declaration.DescendantNodes().Any(n => n switch
        {
            AssignmentExpressionSyntax assignment => Names(assignment.Left, parameter),
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } unary => Names(unary.Operand, parameter),
            PostfixUnaryExpressionSyntax unary => Names(unary.Operand, parameter),
            ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => Names(argument.Expression, parameter),
            _ => false,
        }));
    }

    // The parameter itself, not a member reached through it (conn.ConnectionString = ... changes the connection, not the capture).
    private static bool Names(ExpressionSyntax target, string parameter) =>
        target is IdentifierNameSyntax { Identifier.ValueText: var name } && name == parameter
        || target is TupleExpressionSyntax tuple && tuple.Arguments.Any(a => Names(a.Expression, parameter));

    private static bool HasInitializer(IFieldSymbol field) =>
        field.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is VariableDeclaratorSyntax { Initializer: not null })
        || field.AssociatedSymbol is IPropertySymbol property && property.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is PropertyDeclarationSyntax { Initializer: not null });

    private static bool IsPerRequest(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (PerRequestBases.Contains(current.Name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHostedService(INamedTypeSymbol type) =>
        type.AllInterfaces.Any(i => i.ToDisplayString() == "Microsoft.Extensions.Hosting.IHostedService");

    private static bool IsConnection(ITypeSymbol type)
    {
        if (type.ToDisplayString() == "System.Data.IDbConnection")
        {
            return true;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == "System.Data.Common.DbConnection")
            {
                return true;
            }
        }

        return false;
    }

    private static bool Mentions(ITypeSymbol? type, ITypeSymbol service) =>
        type is not null && (SymbolEqualityComparer.Default.Equals(type, service)
            || type is INamedTypeSymbol { IsGenericType: true } generic && generic.TypeArguments.Any(t => Mentions(t, service)));
}
