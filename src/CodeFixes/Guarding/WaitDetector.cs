using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using StaleConn.Analyzers.Internal;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// Which calls wait for time to pass or for the next piece of work, so that no lease is held across them. The same
/// catalogue SC0004 reports on (<see cref="WaitingCalls"/>), matched by symbol: <c>reader.ReadAsync()</c> on a data
/// reader is not a channel read. Only a call that does not bind (half-typed code) is matched by name.
/// </summary>
internal sealed class WaitDetector
{
    /// <summary>Names of the catalogue's calls (and a few more), for calls the compiler cannot bind.</summary>
    private static readonly HashSet<string> UnboundWaitNames = new(StringComparer.Ordinal)
    {
        "Delay", "Sleep", "WaitForNextTickAsync", "WaitToReadAsync", "ReadAsync", "ReadAllAsync", "ReadLine",
        "ReadLineAsync", "ReadKey", "Take", "TryTake", "WaitOne", "WaitAsync", "Receive", "ReceiveAsync", "Consume",
        "GetConsumingEnumerable", "WaitAny", "WaitAll", "WhenAny",
    };

    private readonly WaitingCalls _catalogue;
    private readonly Func<SyntaxTree, SemanticModel> _model;
    private readonly Dictionary<InvocationExpressionSyntax, bool> _known = new();

    public WaitDetector(Compilation compilation, Func<SyntaxTree, SemanticModel> model)
    {
        _catalogue = WaitingCalls.Create(compilation);
        _model = model;
    }

    public bool IsWait(InvocationExpressionSyntax invocation)
    {
        if (!_known.TryGetValue(invocation, out var waits))
        {
            var operation = _model(invocation.SyntaxTree).GetOperation(invocation);
            waits = operation is IInvocationOperation bound
                ? _catalogue.Describe(bound) is not null
                : UnboundWaitNames.Contains(SyntaxShapes.InvokedName(invocation));
            _known[invocation] = waits;
        }

        return waits;
    }

    /// <summary>An <c>await foreach</c>, or a loop that makes a waiting call itself (not in a lambda it only creates).</summary>
    public bool IsWaitingLoop(StatementSyntax loop)
    {
        if (loop is CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword })
        {
            return true;
        }

        foreach (var node in loop.DescendantNodes(n => n == loop || !SyntaxShapes.IsFunction(n)))
        {
            if (node is InvocationExpressionSyntax invocation && IsWait(invocation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where <paramref name="body"/> waits: its waiting loops, and the waiting calls outside them (a delay between two
    /// uses of one iteration). Code in lambdas runs elsewhere, or under the lease of the unit that calls it.
    /// </summary>
    public WaitPoints Find(BlockSyntax body)
    {
        var points = new WaitPoints();
        var stack = new Stack<SyntaxNode>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node != body && SyntaxShapes.IsFunction(node))
            {
                continue;
            }

            if (node is StatementSyntax statement && SyntaxShapes.LoopBody(statement) is not null && IsWaitingLoop(statement))
            {
                points.Loops.Add(statement);
            }
            else if (node is InvocationExpressionSyntax invocation && IsWait(invocation))
            {
                points.Calls.Add(invocation);
            }

            foreach (var child in node.ChildNodes())
            {
                stack.Push(child);
            }
        }

        return points;
    }
}

/// <summary>The waits of one unit of work: no lease spans a statement that holds one.</summary>
internal sealed class WaitPoints
{
    /// <summary>Loops that wait (each iteration gets its own lease).</summary>
    public List<StatementSyntax> Loops { get; } = new();

    /// <summary>Waiting calls, including those inside the waiting loops.</summary>
    public List<InvocationExpressionSyntax> Calls { get; } = new();

    /// <summary>True when <paramref name="statement"/> waits: it holds a waiting loop or a waiting call.</summary>
    public bool AreIn(StatementSyntax statement) =>
        Calls.Exists(c => statement.Span.Contains(c.Span)) || LoopsAreIn(statement);

    /// <summary>True when <paramref name="statement"/> holds a waiting loop (a loop header waiting for a tick, an <c>await foreach</c>).</summary>
    public bool LoopsAreIn(StatementSyntax statement) => Loops.Exists(l => statement.Span.Contains(l.Span));
}
