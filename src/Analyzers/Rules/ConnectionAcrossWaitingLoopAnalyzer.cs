using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>
/// SC0004: a local connection created before a loop that waits (timer, sleep, channel or queue read, console read)
/// and used inside that loop. Starts from connection-typed local declarations, which are rare, so ordinary code costs
/// one type test per local; for a connection local, a look at where its name occurs (<see cref="LocalNameUses"/>)
/// comes before the loop and callback searches.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConnectionAcrossWaitingLoopAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> ClosingMethods = ImmutableHashSet.Create("Close", "CloseAsync", "Dispose", "DisposeAsync");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ConnectionAcrossWaitingLoop);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var connectionTypes = ConnectionTypes.Create(start.Compilation, start.Options);
            var waitingCalls = WaitingCalls.Create(start.Compilation);
            start.RegisterOperationAction(c => AnalyzeDeclarator(c, connectionTypes, waitingCalls), OperationKind.VariableDeclarator);
        });
    }

    private static void AnalyzeDeclarator(OperationAnalysisContext context, ConnectionTypes connectionTypes, WaitingCalls waitingCalls)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        var local = declarator.Symbol;
        if (local is null || !connectionTypes.IsConnectionType(local.Type))
        {
            return;
        }

        // The local can be referenced only inside its enclosing block: search loops there.
        IOperation scope = declarator;
        while (scope.Parent is not null && scope is not IBlockOperation)
        {
            scope = scope.Parent;
        }

        // Most connection locals (open, run, dispose) are never named inside a loop or a lambda: finding where the
        // name occurs rules them out first, from the text after the declaration, before anything else is looked at.
        var declarationSpan = declarator.Syntax.Span;
        var uses = LocalNameUses.Find(scope.Syntax, declarationSpan, local.Name, context.CancellationToken);
        if (!(uses.InLoop || uses.InAnonymousFunction) || local.Locations.Length == 0)
        {
            return;
        }

        if (IsLeaseConnection(declarator))
        {
            return; // a lease held across a wait is SC0006's
        }

        var loops = uses.InLoop ? LoopsOutermostFirst(scope) : Array.Empty<ILoopOperation>();
        foreach (var loop in loops)
        {
            if (loop.Syntax.Span.Contains(declarationSpan))
            {
                continue; // created in the loop: a new connection per iteration (or per loop run)
            }

            if (IsBoundedByConstant(loop))
            {
                continue; // a fixed number of rounds (retries, a batch) ends; a worker loop does not
            }

            if (!UsesWithoutRenewing(loop, local))
            {
                continue;
            }

            var wait = FindWait(loop, waitingCalls);
            if (wait is null)
            {
                continue;
            }

            GeneratedCode.Report(context, Diagnostic.Create(
                Descriptors.ConnectionAcrossWaitingLoop,
                local.Locations[0],
                ImmutableArray.Create(loop.Syntax.GetFirstToken().GetLocation()),
                local.Name,
                wait));
            return;
        }

        // Likewise a callback can use the local only if a lambda or anonymous method names it.
        if (uses.InAnonymousFunction && FindRepeatedCallback(scope, local) is { } timer)
        {
            GeneratedCode.Report(context, Diagnostic.Create(
                Descriptors.ConnectionAcrossWaitingLoop,
                local.Locations[0],
                ImmutableArray.Create(timer.Operation.Syntax.GetFirstToken().GetLocation()),
                local.Name,
                timer.Wait));
        }
    }

    /// <summary>
    /// A timer is a waiting loop the runtime runs: <c>new System.Threading.Timer(_ =&gt; connection.Execute(...), ...)</c>
    /// or <c>timer.Elapsed += (s, e) =&gt; connection.Query(...)</c> on a <c>System.Timers.Timer</c>, with the callback
    /// using the local created outside it. So is a Minimal API endpoint (<c>app.MapGet("/", () =&gt; connection.Query(...))</c>):
    /// it runs on each request, for as long as the app lives, with whatever idle time lies between requests.
    /// </summary>
    private static (IOperation Operation, string Wait)? FindRepeatedCallback(IOperation scope, ILocalSymbol local)
    {
        foreach (var operation in Descendants(scope, intoFunctions: true))
        {
            switch (operation)
            {
                case IObjectCreationOperation { Type: INamedTypeSymbol { Name: "Timer" } type } creation
                    when IsInNamespace(type, "System.Threading") && UsesWithoutRenewing(CallbackBody(CallbackArgument(creation)), local):
                    return (operation, "System.Threading.Timer callback");
                case IEventAssignmentOperation { Adds: true, EventReference: IEventReferenceOperation { Event: { Name: "Elapsed", ContainingType: { Name: "Timer" } timerType } }, HandlerValue: var handler }
                    when IsInNamespace(timerType, "System.Timers") && UsesWithoutRenewing(CallbackBody(handler), local):
                    return (operation, "System.Timers.Timer.Elapsed");
                case IInvocationOperation { TargetMethod: { ContainingType: { Name: "EndpointRouteBuilderExtensions" } extensions } method } endpoint
                    when method.Name.StartsWith("Map", StringComparison.Ordinal)
                        && IsInNamespace(extensions, "Microsoft.AspNetCore.Builder")
                        && UsesWithoutRenewing(CallbackBody(HandlerArgument(endpoint)), local):
                    return (operation, "endpoint " + method.Name + ", on every request");
            }
        }

        return null;
    }

    /// <summary>The body of a lambda passed as the callback; null for a method group (its body is another member).</summary>
    private static IOperation? CallbackBody(IOperation? value)
    {
        while (value is IConversionOperation or IDelegateCreationOperation)
        {
            value = value is IConversionOperation conversion ? conversion.Operand : ((IDelegateCreationOperation)value).Target;
        }

        return value is IAnonymousFunctionOperation lambda ? lambda.Body : null;
    }

    private static IOperation? CallbackArgument(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "callback")
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static IOperation? HandlerArgument(IInvocationOperation endpoint)
    {
        foreach (var argument in endpoint.Arguments)
        {
            if (argument.Parameter?.Name is "handler" or "requestDelegate")
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static bool IsInNamespace(INamedTypeSymbol type, string ns) => type.ContainingNamespace?.ToDisplayString() == ns;

    /// <summary><c>var connection = lease.Connection;</c> where the lease is StaleConn's <c>ConnectionLease&lt;T&gt;</c>.</summary>
    private static bool IsLeaseConnection(IVariableDeclaratorOperation declarator)
    {
        var initializer = declarator.GetVariableInitializer()?.Value.SkipConversions();

        return initializer is IPropertyReferenceOperation { Property.Name: "Connection", Instance.Type: INamedTypeSymbol leaseType }
            && leaseType.OriginalDefinition.MetadataName == "ConnectionLease`1"
            && leaseType.ContainingNamespace is { Name: "StaleConn", ContainingNamespace.IsGlobalNamespace: true };
    }

    /// <summary>Loops in source order, outer before inner: the caller reports the first loop that matches.</summary>
    private static IEnumerable<ILoopOperation> LoopsOutermostFirst(IOperation root)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation is ILoopOperation loop)
            {
                yield return loop;
            }

            // Push in reverse so the first loop in source order comes out first.
            foreach (var child in operation.ChildOperations.Reverse())
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>
    /// True when the loop reads the local, and neither assigns it a new connection nor closes it (a closed pooled
    /// connection is reset and checked when it is opened again).
    /// </summary>
    private static bool UsesWithoutRenewing(IOperation? loop, ILocalSymbol local)
    {
        if (loop is null)
        {
            return false;
        }

        var used = false;
        foreach (var operation in Descendants(loop, intoFunctions: true))
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                case IArgumentOperation { Parameter.RefKind: RefKind.Out, Value: ILocalReferenceOperation outTarget } when SymbolEqualityComparer.Default.Equals(outTarget.Local, local):
                case IInvocationOperation { Instance: ILocalReferenceOperation closed } invocation
                    when ClosingMethods.Contains(invocation.TargetMethod.Name) && SymbolEqualityComparer.Default.Equals(closed.Local, local):
                    return false;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) && !IsOpenCall(reference)
                    && !IsStateRead(reference) && !IsReturned(reference):
                    used = true;
                    break;
            }
        }

        return used;
    }

    /// <summary>
    /// <c>while (connection.State != ConnectionState.Open)</c>: reading the state asks the server nothing, so a retry loop
    /// that tests it is still only a connect-with-retry loop.
    /// </summary>
    private static bool IsStateRead(ILocalReferenceOperation reference) =>
        reference.Parent is IPropertyReferenceOperation { Property.Name: "State" } property && property.Instance == reference;

    /// <summary><c>try { connection.Open(); return connection; }</c>: the loop ends there, so no wait follows that use.</summary>
    private static bool IsReturned(ILocalReferenceOperation reference) =>
        reference.Parent is IReturnOperation || reference.Parent is IConversionOperation { Parent: IReturnOperation };

    /// <summary>A loop that only opens the connection is a connect-with-retry loop, not a worker loop.</summary>
    private static bool IsOpenCall(ILocalReferenceOperation reference) =>
        reference.Parent is IInvocationOperation invocation
        && invocation.Instance == reference
        && invocation.TargetMethod.Name is "Open" or "OpenAsync";

    /// <summary>
    /// <c>for (var attempt = 0; attempt &lt; 3; attempt++)</c>, <c>while (retries &gt; 0)</c>, <c>while (--retries &gt; 0)</c>:
    /// the condition compares a counter (a local, parameter or field, or its increment) with a constant. A comparison of
    /// what a call returns or a property reads (<c>while (await connection.ExecuteAsync("DELETE ... LIMIT 1000") &gt; 0)</c>,
    /// <c>while (queue.Count &gt; 0)</c>) runs as long as there is work, not a fixed number of rounds.
    /// </summary>
    private static bool IsBoundedByConstant(ILoopOperation loop)
    {
        if (loop is IForEachLoopOperation { IsAsynchronous: false } forEach)
        {
            return IsMaterialized(forEach.Collection.SkipConversions().Type);
        }

        var condition = loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };

        return condition is not null && IsBoundedCondition(condition);
    }

    /// <summary>
    /// An array, a string or a collection (<c>List&lt;T&gt;</c>, <c>ICollection&lt;T&gt;</c>, <c>IReadOnlyCollection&lt;T&gt;</c>):
    /// <c>foreach</c> visits what it holds, a fixed number of rounds, as a counter does (makefoxbot's broadcast: a
    /// <c>Task.Delay(300)</c> between the users of a list). A lazy <c>IEnumerable&lt;T&gt;</c> or a consuming enumerable
    /// (<c>GetConsumingEnumerable()</c>) can run for ever.
    /// </summary>
    private static bool IsMaterialized(ITypeSymbol? type)
    {
        if (type is null or IArrayTypeSymbol or { SpecialType: SpecialType.System_String } || IsCollectionInterface(type))
        {
            return type is not null;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsCollectionInterface(implemented))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCollectionInterface(ITypeSymbol type) =>
        type.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_ICollection_T or SpecialType.System_Collections_Generic_IReadOnlyCollection_T
        || (type is INamedTypeSymbol { Name: "ICollection", Arity: 0 } collection && IsInNamespace(collection, "System.Collections"));

    /// <summary>
    /// <c>await StillThere(c) &amp;&amp; i &lt; 20</c> ends once the counter does, whatever the other side says;
    /// <c>ok || i &lt; 20</c> ends only when both sides are bounded.
    /// </summary>
    private static bool IsBoundedCondition(IOperation condition)
    {
        if (condition.SkipConversions() is not IBinaryOperation binary)
        {
            return false;
        }

        switch (binary.OperatorKind)
        {
            case BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And:
                return IsBoundedCondition(binary.LeftOperand) || IsBoundedCondition(binary.RightOperand);
            case BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or:
                return IsBoundedCondition(binary.LeftOperand) && IsBoundedCondition(binary.RightOperand);
            case BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual:
                return (binary.RightOperand.ConstantValue.HasValue && IsCounter(binary.LeftOperand))
                    || (binary.LeftOperand.ConstantValue.HasValue && IsCounter(binary.RightOperand));
            default:
                return false;
        }
    }

    private static bool IsCounter(IOperation operand)
    {
        operand = operand.SkipConversions();
        if (operand is IIncrementOrDecrementOperation step)
        {
            operand = step.Target;
        }

        return operand is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation;
    }

    /// <summary>The first waiting call the loop makes itself (its condition, collection or body), not in a lambda it merely creates.</summary>
    private static string? FindWait(ILoopOperation loop, WaitingCalls waitingCalls)
    {
        foreach (var operation in Descendants(loop, intoFunctions: false))
        {
            if (operation is IInvocationOperation invocation && waitingCalls.Describe(invocation) is { } wait)
            {
                return wait;
            }
        }

        return null;
    }

    private static IEnumerable<IOperation> Descendants(IOperation root, bool intoFunctions)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;

            // Pushed in reverse so operations come out in source order (the message names the first wait).
            foreach (var child in operation.ChildOperations.Reverse())
            {
                if (intoFunctions || child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }
}
