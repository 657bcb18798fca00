using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Calls that make a worker loop sit idle for an unbounded or long time: timers, sleeps, channel and queue reads,
/// blocking console reads, wait handles. Resolved once per compilation; a call is matched by name first, then by type.
/// </summary>
internal sealed class WaitingCalls
{
    private static readonly (string Type, string[] Methods)[] Catalogue =
    {
        ("System.Threading.Tasks.Task", new[] { "Delay" }),
        ("System.Threading.Tasks.TimeProviderTaskExtensions", new[] { "Delay" }),
        ("System.Threading.PeriodicTimer", new[] { "WaitForNextTickAsync" }),
        ("System.Threading.Thread", new[] { "Sleep" }),
        ("System.Threading.Channels.ChannelReader`1", new[] { "ReadAsync", "WaitToReadAsync", "ReadAllAsync" }),
        ("System.Collections.Concurrent.BlockingCollection`1", new[] { "Take", "TryTake", "TakeFromAny", "TryTakeFromAny", "GetConsumingEnumerable" }),
        ("System.Console", new[] { "ReadLine", "ReadKey", "Read" }),
        ("System.Threading.WaitHandle", new[] { "WaitOne", "WaitAny", "WaitAll" }),
        ("System.Threading.SemaphoreSlim", new[] { "Wait", "WaitAsync" }),
        ("System.Threading.ManualResetEventSlim", new[] { "Wait" }),
        ("System.Messaging.MessageQueue", new[] { "Receive", "Peek" }),
        ("Confluent.Kafka.IConsumer`2", new[] { "Consume" }),
        ("Azure.Messaging.ServiceBus.ServiceBusReceiver", new[] { "ReceiveMessageAsync", "ReceiveMessagesAsync" }),
    };

    private readonly Dictionary<string, ImmutableArray<INamedTypeSymbol>> _typesByMethodName;

    private WaitingCalls(Dictionary<string, ImmutableArray<INamedTypeSymbol>> typesByMethodName) => _typesByMethodName = typesByMethodName;

    public static WaitingCalls Create(Compilation compilation)
    {
        var byName = new Dictionary<string, ImmutableArray<INamedTypeSymbol>>();
        foreach (var (typeName, methods) in Catalogue)
        {
            var type = compilation.GetTypeByMetadataName(typeName);
            if (type is null)
            {
                continue;
            }

            foreach (var method in methods)
            {
                byName[method] = byName.TryGetValue(method, out var existing) ? existing.Add(type) : ImmutableArray.Create(type);
            }
        }

        return new WaitingCalls(byName);
    }

    /// <summary>True when the compilation can see at least one waiting call.</summary>
    public bool IsEmpty => _typesByMethodName.Count == 0;

    /// <summary>"Task.Delay" when <paramref name="invocation"/> waits, otherwise null.</summary>
    public string? Describe(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!_typesByMethodName.TryGetValue(method.Name, out var types) || !DeclaredByOneOf(method.ContainingType, types))
        {
            return null;
        }

        // TryTake(out item) and TryTakeFromAny(collections, out item) return at once; only the overloads with a timeout wait.
        if ((method.Name == "TryTake" && method.Parameters.Length < 2) || (method.Name == "TryTakeFromAny" && method.Parameters.Length < 3))
        {
            return null;
        }

        return HasZeroTimeout(invocation) ? null : method.ContainingType.Name + "." + method.Name;
    }

    /// <summary><c>gate.Wait(0)</c>, <c>handle.WaitOne(TimeSpan.Zero)</c>, <c>Task.Delay(0)</c>: a probe that returns at once.</summary>
    private static bool HasZeroTimeout(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name is not ("millisecondsTimeout" or "timeout" or "millisecondsDelay" or "delay"))
            {
                continue;
            }

            var value = argument.Value.SkipConversions();

            if ((value.ConstantValue is { HasValue: true, Value: 0 or 0L })
                || value is IFieldReferenceOperation { Field: { Name: "Zero", ContainingType.Name: "TimeSpan" } })
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaredByOneOf(INamedTypeSymbol containingType, ImmutableArray<INamedTypeSymbol> types)
    {
        foreach (var type in types)
        {
            for (INamedTypeSymbol? current = containingType; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, type))
                {
                    return true;
                }
            }

            if (type.TypeKind == TypeKind.Interface)
            {
                foreach (var implemented in containingType.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, type))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
