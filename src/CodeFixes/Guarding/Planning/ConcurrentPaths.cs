using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Whether the units of work that use one holder can run at the same time: then an exclusive guard would queue every
/// request, event or bot command behind one connection, and a pooled connection per use is the right first fix. Units
/// in several types (a helper's static used from many forms, controllers or commands), request handlers (controllers,
/// hubs, pages), UI or bot event handlers, and work started on the thread pool (<c>Task.Run</c>, <c>Parallel</c>) count;
/// a single worker's own methods, its loop and its timer callback do not.
/// </summary>
internal static class ConcurrentPaths
{
    private static readonly HashSet<string> RequestHandlerBases = new() { "ControllerBase", "Controller", "Hub", "PageModel", "ComponentBase", "ViewComponent", "ModuleBase", "InteractionModuleBase" };

    private static readonly HashSet<string> ThreadPoolCalls = new() { "Run", "StartNew", "QueueUserWorkItem", "For", "ForEach", "ForEachAsync", "Invoke" };

    /// <param name="units">The functions that use the holder.</param>
    /// <param name="callers">The methods that call those units, directly or through others.</param>
    /// <param name="context">The plan's context.</param>
    public static bool Serve(IReadOnlyCollection<SyntaxNode> units, IReadOnlyCollection<SyntaxNode> callers, PlanContext context)
    {
        var unitTypes = TypesOf(units, context, out var handles);
        var callerTypes = TypesOf(callers, context, out var callersHandle);
        callerTypes.ExceptWith(unitTypes);
        return handles || callersHandle || unitTypes.Count > 1 || callerTypes.Count > 1;
    }

    private static HashSet<INamedTypeSymbol> TypesOf(IEnumerable<SyntaxNode> functions, PlanContext context, out bool concurrent)
    {
        concurrent = false;
        var types = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var unit in functions)
        {
            var model = context.Model(unit.SyntaxTree);
            var function = unit.AncestorsAndSelf().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax
                or AnonymousFunctionExpressionSyntax or ArrowExpressionClauseSyntax);
            var owner = unit.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (owner is not null && model.GetDeclaredSymbol(owner, context.CancellationToken) is INamedTypeSymbol type)
            {
                types.Add(type);
                concurrent |= IsRequestHandler(type);
            }

            concurrent |= function is not null && (IsEventHandler(function, model, context.CancellationToken) || OnThreadPool(function));
        }

        return types;
    }

    private static bool IsRequestHandler(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (RequestHandlerBases.Contains(current.Name))
            {
                return true;
            }
        }

        return type.GetAttributes().Any(a => a.AttributeClass?.Name is "ApiControllerAttribute");
    }

    /// <summary><c>void button1_Click(object sender, EventArgs e)</c>, or a method or lambda subscribed with <c>+=</c> to something other than a timer.</summary>
    private static bool IsEventHandler(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
    {
        if (function is MethodDeclarationSyntax { ParameterList.Parameters: { Count: 2 } parameters }
            && parameters[0].Type?.ToString() is "object" or "object?" && parameters[1].Type?.ToString().EndsWith("EventArgs", System.StringComparison.Ordinal) == true
            && !(parameters[1].Type?.ToString().Contains("Elapsed") ?? false))
        {
            return true;
        }

        if (function is AnonymousFunctionExpressionSyntax lambda && lambda.Parent is AssignmentExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.AddAssignmentExpression } subscription)
        {
            return !IsTimerEvent(subscription.Left, model, cancellationToken);
        }

        return false;
    }

    private static bool IsTimerEvent(ExpressionSyntax eventReference, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(eventReference, cancellationToken).Symbol is IEventSymbol { ContainingType.Name: "Timer" or "DispatcherTimer" };

    private static bool OnThreadPool(SyntaxNode function) =>
        function is AnonymousFunctionExpressionSyntax { Parent: ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax call } }
        && ThreadPoolCalls.Contains(SyntaxShapes.InvokedName(call))
        && call.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Task" or "Parallel" or "ThreadPool" } or MemberAccessExpressionSyntax };
}
