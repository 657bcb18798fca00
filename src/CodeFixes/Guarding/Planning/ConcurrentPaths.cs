using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Lifetime;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>Why the units of work that use one holder can run at the same time.</summary>
internal enum ConcurrentPath
{
    /// <summary>A controller, hub, page, component, minimal-API endpoint or bot command module uses it.</summary>
    RequestHandler,

    /// <summary>A UI or bot event handler uses it (subscribed with <c>+=</c>, or handed to a bot client's receive loop).</summary>
    EventHandler,

    /// <summary>Work started side by side on the thread pool uses it: <c>Parallel</c>, <c>Task.Run</c> in a loop or per item.</summary>
    ThreadPool,

    /// <summary>Units of work in several types use it (a helper used by many forms, repositories or hosted services).</summary>
    SeveralTypes,

    /// <summary>A static holder used from another type, or handed out by a helper's public static methods: anyone may call them at once.</summary>
    SharedStatic,

    /// <summary>The holder's type is a DI singleton taken by request-scoped services or by several consumers.</summary>
    SharedSingleton,
}

/// <summary>
/// Whether the units of work that use one holder can run at the same time: then an exclusive guard would queue every
/// request, event or bot command behind one connection, and a pooled connection per use is the right first fix. A single
/// worker's own connection — its loop, its timer callback, its start and stop — is not shared, and keeps the guard first.
/// </summary>
internal static class ConcurrentPaths
{
    private static readonly HashSet<string> RequestHandlerBases = new()
    {
        "ControllerBase", "Controller", "ApiController", "Hub", "PageModel", "Page", "ComponentBase", "ViewComponent", "ModuleBase",
        "InteractionModuleBase", "BaseCommandModule", "ApplicationCommandModule", "CommandModule", "CommandGroup",
    };

    private static readonly HashSet<string> RequestHandlerAttributes = new()
    {
        "ApiControllerAttribute", "CommandAttribute", "SlashCommandAttribute", "ComponentInteractionAttribute", "HttpGetAttribute",
        "HttpPostAttribute", "HttpPutAttribute", "HttpDeleteAttribute", "HttpPatchAttribute", "WebMethodAttribute",
    };

    private static readonly HashSet<string> EndpointRegistrations = new() { "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods", "Map" };

    /// <summary>Calls that hand a method to a client's receive loop or a message bus: it runs per message, possibly at once.</summary>
    private static readonly HashSet<string> HandlerRegistrations = new() { "StartReceiving", "ReceiveAsync", "Subscribe", "SubscribeAsync", "On", "OnMessage", "RegisterMessageHandler", "ProcessMessageAsync" };

    private static readonly HashSet<string> ThreadPoolCalls = new() { "Run", "StartNew", "QueueUserWorkItem", "UnsafeQueueUserWorkItem", "For", "ForEach", "ForEachAsync", "Invoke" };

    /// <summary>What a tree must mention to hand a method group to an event, endpoint, receive loop or the thread pool.</summary>
    private static readonly string[] DelegateTakers = HandlerRegistrations.Concat(EndpointRegistrations).Concat(ThreadPoolCalls).Append(NameIndex.Subscription).ToArray();

    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ISymbol, bool>> SubscribedMethods = new();

    /// <summary>Why the holder's units of work can run at once, or null for a single worker's own connection.</summary>
    /// <param name="context">The plan's context (member, compilation, models).</param>
    /// <param name="uses">Where the member is used (each in a unit of work).</param>
    /// <param name="callSites">Where methods that use it are called, directly or through others.</param>
    public static ConcurrentPath? Find(PlanContext context, IReadOnlyCollection<SyntaxNode> uses, IReadOnlyCollection<SyntaxNode> callSites)
    {
        var useTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var callerTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var (site, types) in uses.Select(u => (u, useTypes)).Concat(callSites.Select(c => (c, callerTypes))))
        {
            var model = context.Model(site.SyntaxTree);
            if (PathOf(site, model, context.Compilation, context.CancellationToken) is { } path)
            {
                return path;
            }

            if (site.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault() is { } owner
                && model.GetDeclaredSymbol(owner, context.CancellationToken) is INamedTypeSymbol type)
            {
                types.Add(type);
            }
        }

        // A worker calling its repository is one path; two repositories, or two callers of one, are several.
        callerTypes.ExceptWith(useTypes);
        if (useTypes.Count > 1 || callerTypes.Count > 1)
        {
            return ConcurrentPath.SeveralTypes;
        }

        // The entry point and a hosted service start one worker: a static worker's `Run()` called from `Main` is not shared.
        // A singleton's member (`SingletonConnection.Instance.Connection`) is one connection for the process, as a static is.
        var holder = context.Member.ContainingType;
        if ((context.Member.IsStatic || holder is not null && IsSingleton(holder)) && holder is not null
            && (useTypes.Concat(callerTypes).Any(t => !SymbolEqualityComparer.Default.Equals(t, holder) && !StartsOneWorker(t)) || IsSharedHelper(holder, uses, context)))
        {
            return ConcurrentPath.SharedStatic;
        }

        return !context.Member.IsStatic && holder is not null && IsSharedSingleton(holder, context) ? ConcurrentPath.SharedSingleton : null;
    }

    /// <summary>The first function around <paramref name="site"/> (inner to outer) that a request, an event or the thread pool runs.</summary>
    private static ConcurrentPath? PathOf(SyntaxNode site, SemanticModel model, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var function in site.Ancestors().Where(SyntaxShapes.IsFunction))
        {
            switch (function)
            {
                case AnonymousFunctionExpressionSyntax lambda when PathOfDelegate(lambda, model, cancellationToken) is { } path:
                    return path;
                case BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax:
                    var symbol = model.GetDeclaredSymbol(function, cancellationToken);
                    if (symbol is IMethodSymbol method && (IsRequestHandler(method.ContainingType) || method.GetAttributes().Any(a => RequestHandlerAttributes.Contains(a.AttributeClass?.Name ?? string.Empty))))
                    {
                        return ConcurrentPath.RequestHandler;
                    }

                    if (function is MethodDeclarationSyntax declaration && HasEventHandlerSignature(declaration)
                        || symbol is IMethodSymbol handler && IsSubscribed(handler, compilation, cancellationToken))
                    {
                        return ConcurrentPath.EventHandler;
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>What runs a lambda or method group: an event, an endpoint, a receive loop, the thread pool; null for anything else (a timer included).</summary>
    private static ConcurrentPath? PathOfDelegate(ExpressionSyntax handler, SemanticModel model, CancellationToken cancellationToken)
    {
        if (handler.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } subscription && subscription.Right == handler)
        {
            return model.GetSymbolInfo(subscription.Left, cancellationToken).Symbol is IEventSymbol @event && !IsTimer(@event.ContainingType) ? ConcurrentPath.EventHandler : null;
        }

        if (handler.Parent is not ArgumentSyntax { Parent.Parent: var parent })
        {
            return null;
        }

        // A thread of its own (`new Thread(Run)`) is one worker.
        if (parent is not InvocationExpressionSyntax call)
        {
            return null;
        }

        var name = SyntaxShapes.InvokedName(call);
        if (EndpointRegistrations.Contains(name))
        {
            return ConcurrentPath.RequestHandler;
        }

        if (HandlerRegistrations.Contains(name))
        {
            return ConcurrentPath.EventHandler;
        }

        return ThreadPoolCalls.Contains(name) && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { ContainingType: { } owner }
            && (owner.Name == "Parallel" || owner.Name is "Task" or "TaskFactory" or "ThreadPool" && StartsMany(call))
            ? ConcurrentPath.ThreadPool
            : null;
    }

    /// <summary>
    /// <c>Task.Run</c> in a loop, or in a lambda run per item (<c>items.Select(i =&gt; Task.Run(...))</c>), starts work that
    /// runs side by side; once at start-up it starts one worker.
    /// </summary>
    private static bool StartsMany(InvocationExpressionSyntax call) =>
        call.Ancestors().TakeWhile(a => a is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax))
            .Any(a => a is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax or AnonymousFunctionExpressionSyntax { Parent: ArgumentSyntax });

    /// <summary>
    /// Whether the compilation hands <paramref name="method"/> over as a method group to an event, endpoint, receive loop
    /// or the thread pool, kept per compilation and method. Only the trees that can name it and mention a delegate taker
    /// are bound: reading every method group of a large project first kept the first lightbulb waiting for seconds.
    /// </summary>
    private static bool IsSubscribed(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        var byMethod = SubscribedMethods.GetValue(compilation, _ => new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default));
        var definition = method.OriginalDefinition;
        if (byMethod.TryGetValue(definition, out var known))
        {
            return known;
        }

        var found = false;
        var trees = (IEnumerable<SyntaxTree>?)NameIndex.TreesThatCanName(definition, compilation, cancellationToken) ?? compilation.SyntaxTrees;
        foreach (var tree in trees)
        {
            if (found || !NameIndex.Mentions(tree, definition.Name, cancellationToken) || !NameIndex.MentionsAny(tree, DelegateTakers, cancellationToken))
            {
                continue;
            }

            var model = SemanticModels.Of(compilation, tree);
            // A group is the name itself or, for `owner.Name`, the member access whose name it is.
            found = NamedNodes.Spelling(tree, definition.Name, cancellationToken)
                .Select(name => name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : (ExpressionSyntax)name)
                .Where(IsMethodGroupCandidate)
                .Any(group => PathOfDelegate(group, model, cancellationToken) is not null
                    && model.GetSymbolInfo(group, cancellationToken) is var info
                    && SymbolEqualityComparer.Default.Equals((info.Symbol ?? info.CandidateSymbols.FirstOrDefault())?.OriginalDefinition, definition));
        }

        return byMethod.GetOrAdd(definition, found);
    }

    private static bool IsMethodGroupCandidate(ExpressionSyntax node) =>
        node is IdentifierNameSyntax or MemberAccessExpressionSyntax
        && (node.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } subscription && subscription.Right == node
            || node.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax });

    private static bool IsRequestHandler(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (RequestHandlerBases.Contains(current.Name))
            {
                return true;
            }
        }

        return type.GetAttributes().Any(a => RequestHandlerAttributes.Contains(a.AttributeClass?.Name ?? string.Empty))
            || type.AllInterfaces.Any(i => i.Name is "IUpdateHandler" or "IConsumer" or "INotificationHandler" or "IRequestHandler");
    }

    /// <summary><c>void button1_Click(object sender, EventArgs e)</c> (a designer-wired handler); a timer's Elapsed handler is not one.</summary>
    private static bool HasEventHandlerSignature(MethodDeclarationSyntax method) =>
        method.ParameterList.Parameters is { Count: 2 } parameters
        && parameters[0].Type?.ToString() is "object" or "object?" or "Object"
        && parameters[1].Type?.ToString() is { } args && args.EndsWith("EventArgs", System.StringComparison.Ordinal) && !args.Contains("Elapsed");

    private static bool IsTimer(INamedTypeSymbol? type) => type?.Name is "Timer" or "DispatcherTimer" or "PeriodicTimer";

    /// <summary>
    /// A public static method of a helper type uses the holder: it is the app's shared data access. The program's entry
    /// point, a hosted service, and a static worker whose loop waits between uses (its <c>Run()</c> is public too) are not.
    /// </summary>
    private static bool IsSharedHelper(INamedTypeSymbol holder, IReadOnlyCollection<SyntaxNode> uses, PlanContext context) =>
        !holder.GetMembers("Main").Any() && !IsHostedService(holder)
        && !uses.Any(u => u.Ancestors().OfType<StatementSyntax>().Any(s => s is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax && context.Waits.IsWaitingLoop(s)))
        && uses.Any(u => u.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } method
            && context.Model(method.SyntaxTree).GetDeclaredSymbol(method, context.CancellationToken) is { IsStatic: true, DeclaredAccessibility: Accessibility.Public or Accessibility.Internal });

    /// <summary>
    /// The holder's type is a registered singleton that is not one worker's own: taken by request-scoped services, by
    /// several consumers, or by none the compilation shows (whoever resolves it shares it).
    /// </summary>
    private static bool IsSharedSingleton(INamedTypeSymbol holder, PlanContext context, int depth = 0)
    {
        var index = ServiceRegistrationIndex.For(context.Compilation, context.CancellationToken);
        if (depth > 4 || !index.LifetimesOf(holder).Contains(ServiceLifetimeKind.Singleton) || IsHostedService(holder))
        {
            return false;
        }

        var byConstructor = ConstructorConsumers.For(context.Compilation);
        var consumers = holder.AllInterfaces.Concat(new[] { holder }).SelectMany(byConstructor.OfExactly).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default).ToList();
        if (consumers.Count != 1)
        {
            return true;
        }

        var consumer = consumers[0];
        return !IsHostedService(consumer) && !index.LifetimesOf(consumer).Contains(ServiceLifetimeKind.Hosted)
            && (IsRequestHandler(consumer) || !index.LifetimesOf(consumer).Any() || index.LifetimesOf(consumer).Any(l => l is ServiceLifetimeKind.Scoped or ServiceLifetimeKind.Transient)
                || IsSharedSingleton(consumer, context, depth + 1));
    }

    /// <summary>
    /// The type keeps its one instance in a static field or property of its own type (or a <c>Lazy</c> of it), and only it
    /// can build one (its constructors are private): every user reaches the same instance, as they would a static.
    /// </summary>
    private static bool IsSingleton(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Class
        && type.InstanceConstructors.All(c => !c.IsImplicitlyDeclared && c.DeclaredAccessibility == Accessibility.Private)
        && type.GetMembers().Any(m => m.IsStatic && ((m as IFieldSymbol)?.Type ?? (m as IPropertySymbol)?.Type) is INamedTypeSymbol held
            && (SymbolEqualityComparer.Default.Equals(held, type)
                || held is { Name: "Lazy", TypeArguments.Length: 1 } lazy && SymbolEqualityComparer.Default.Equals(lazy.TypeArguments[0], type)));

    private static bool StartsOneWorker(INamedTypeSymbol type) => type.GetMembers("Main").Any(m => m.IsStatic) || IsHostedService(type);

    private static bool IsHostedService(INamedTypeSymbol type) =>
        type.AllInterfaces.Any(i => i.ToDisplayString() == "Microsoft.Extensions.Hosting.IHostedService");
}
