using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Calls that make a worker loop sit idle for an unbounded or long time: timers, sleeps, channel and queue reads,
/// blocking console reads, wait handles. A call is matched by its method's name first, then by the full name of its type.
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
        // A server's loop blocks until the next request or client comes in.
        ("System.Net.HttpListener", new[] { "GetContext", "GetContextAsync" }),
        ("System.Net.Sockets.Socket", new[] { "Accept", "AcceptAsync" }),
        ("System.Net.Sockets.TcpListener", new[] { "AcceptTcpClient", "AcceptTcpClientAsync", "AcceptSocket", "AcceptSocketAsync" }),
    };

    /// <summary>Every catalogued method name, for readers that match calls by name alone (<see cref="WaitingLoopSyntax"/>).</summary>
    public static IEnumerable<string> MethodNames => TypesByMethodName.Keys;

    /// <summary>Catalogued types by method name.</summary>
    private static readonly Dictionary<string, List<FullTypeName>> TypesByMethodName = ByMethodName();

    private static readonly WaitingCalls Shared = new();

    private WaitingCalls()
    {
    }

    /// <summary>
    /// The catalogue for <paramref name="compilation"/>. Types are matched by their full metadata name where a call is
    /// checked, not looked up here: <c>GetTypeByMetadataName</c> for thirteen types searched every referenced assembly
    /// and cost SC0004 more than its analysis on real repositories.
    /// </summary>
    public static WaitingCalls Create(Compilation compilation) => Shared;

    private static Dictionary<string, List<FullTypeName>> ByMethodName()
    {
        var byName = new Dictionary<string, List<FullTypeName>>();
        foreach (var (typeName, methods) in Catalogue)
        {
            var type = new FullTypeName(typeName);
            foreach (var method in methods)
            {
                if (!byName.TryGetValue(method, out var types))
                {
                    byName[method] = types = new List<FullTypeName>();
                }

                types.Add(type);
            }
        }

        return byName;
    }

    /// <summary>"Task.Delay" when <paramref name="invocation"/> waits, otherwise null.</summary>
    public string? Describe(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!TypesByMethodName.TryGetValue(method.Name, out var types) || !DeclaredByOneOf(method.ContainingType, types))
        {
            return null;
        }

        // TryTake(out item) and TryTakeFromAny(collections, out item) return at once; only the overloads with a timeout wait.
        if ((method.Name == "TryTake" && method.Parameters.Length < 2) || (method.Name == "TryTakeFromAny" && method.Parameters.Length < 3))
        {
            return null;
        }

        // Socket.AcceptAsync(SocketAsyncEventArgs) starts the accept and returns whether it is still pending.
        if (method.Name == "AcceptAsync" && method.ReturnType.SpecialType == SpecialType.System_Boolean)
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

    private static bool DeclaredByOneOf(INamedTypeSymbol containingType, List<FullTypeName> types)
    {
        foreach (var type in types)
        {
            for (INamedTypeSymbol? current = containingType; current is not null; current = current.BaseType)
            {
                if (type.Matches(current))
                {
                    return true;
                }
            }

            foreach (var implemented in containingType.AllInterfaces)
            {
                if (type.Matches(implemented))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
