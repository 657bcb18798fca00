using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// A local handed to an event as its handler (<c>client.MessageReceived += handler.OnMessageAsync</c>, or a lambda that
/// uses it: <c>irc.OnChannelMessage += (s, e) =&gt; db.Log(e)</c>) in a function that then blocks for the life of the
/// process (<c>await Task.Delay(-1)</c>, <c>Thread.Sleep(Timeout.Infinite)</c>, <c>Console.ReadLine()</c>, a wait handle's
/// <c>WaitOne()</c>, <c>Application.Run</c>, an endless loop): the client calls it for every event until the process
/// ends, so the local lives that long. The usual shape of a Discord or IRC bot's Main.
/// </summary>
internal static class EventHandlerSubscriptions
{
    /// <summary>One subscription of a local, and the call or loop that keeps its function running.</summary>
    internal readonly struct Subscription
    {
        public Subscription(AssignmentExpressionSyntax assignment, SyntaxNode block, string wait)
        {
            Assignment = assignment;
            Block = block;
            Wait = wait;
        }

        /// <summary>The <c>+=</c> that subscribes the handler.</summary>
        public AssignmentExpressionSyntax Assignment { get; }

        /// <summary>The statement that keeps the function, and so the handler, alive.</summary>
        public SyntaxNode Block { get; }

        /// <summary>"Task.Delay(-1)", "Console.ReadLine", "an endless loop".</summary>
        public string Wait { get; }

        /// <summary>The event's name: <c>MessageReceived</c> in <c>client.MessageReceived += ...</c>.</summary>
        public string EventName => Assignment.Left switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            var other => other.ToString(),
        };
    }

    /// <summary>
    /// The subscription through which the use <paramref name="identifier"/> of a local goes to an event, when the
    /// function subscribing it then blocks for good; otherwise null.
    /// </summary>
    /// <param name="identifier">A use of the local, after its declaration.</param>
    /// <param name="isMethod">True when a name is a method of the local's class (<c>handler.OnMessage</c>, not a property's value).</param>
    public static Subscription? Find(IdentifierNameSyntax identifier, Func<string, bool> isMethod)
    {
        var assignment = SubscriptionOf(identifier, isMethod);
        if (assignment is null || FunctionBody(assignment) is not { } body)
        {
            return null;
        }

        foreach (var node in body.DescendantNodes(descendIntoChildren: n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax)))
        {
            if (node.SpanStart < assignment.Span.End)
            {
                continue;
            }

            if (BlocksForGood(node) is { } wait)
            {
                return new Subscription(assignment, node, wait);
            }
        }

        return null;
    }

    /// <summary><c>source.Event += local.Method</c>, or <c>source.Event += lambda</c> where the lambda uses the local.</summary>
    private static AssignmentExpressionSyntax? SubscriptionOf(IdentifierNameSyntax identifier, Func<string, bool> isMethod)
    {
        if (identifier.Parent is MemberAccessExpressionSyntax methodGroup && methodGroup.Expression == identifier
            && methodGroup.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } subscription && subscription.Right == methodGroup)
        {
            return isMethod(methodGroup.Name.Identifier.ValueText) ? subscription : null;
        }

        foreach (var ancestor in identifier.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax { Parent: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } handlerSubscription } lambda
                    when handlerSubscription.Right == lambda:
                    return handlerSubscription;
                case MemberDeclarationSyntax or LocalFunctionStatementSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The outermost block (or the file's top-level statements) of the function around <paramref name="node"/>.</summary>
    private static SyntaxNode? FunctionBody(SyntaxNode node)
    {
        SyntaxNode? body = null;
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case BlockSyntax:
                    body = ancestor;
                    break;
                case CompilationUnitSyntax:
                    return ancestor;
                case MemberDeclarationSyntax and not GlobalStatementSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return body;
            }
        }

        return body;
    }

    /// <summary>What keeps the function from returning, said the way the user wrote it; null for any other node.</summary>
    private static string? BlocksForGood(SyntaxNode node)
    {
        switch (node)
        {
            case WhileStatementSyntax { Condition: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.TrueLiteralExpression } }:
            case ForStatementSyntax { Condition: null }:
                return "an endless loop";
            case ExpressionStatementSyntax { Expression: var expression }:
                return BlockingCall(Unwrapped(expression));
            default:
                return null;
        }
    }

    /// <summary><c>await x</c>, <c>x.Wait()</c>, <c>x.GetAwaiter().GetResult()</c>, <c>x.ConfigureAwait(false)</c>: <c>x</c>.</summary>
    private static ExpressionSyntax Unwrapped(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case AwaitExpressionSyntax awaited:
                    expression = awaited.Expression;
                    continue;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" or "GetResult" or "GetAwaiter" or "ConfigureAwait", Expression: InvocationExpressionSyntax inner } }:
                    expression = inner;
                    continue;
                default:
                    return expression;
            }
        }
    }

    private static string? BlockingCall(ExpressionSyntax expression)
    {
        if (expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var method, Expression: var receiver } } call)
        {
            return null;
        }

        var type = receiver switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            _ => string.Empty,
        };
        var arguments = call.ArgumentList.Arguments;
        return (type, method) switch
        {
            ("Task", "Delay") or ("Thread", "Sleep") when arguments.Count >= 1 && IsInfinite(arguments[0].Expression) => $"{type}.{method}({arguments[0].Expression})",
            ("Console", "ReadLine" or "ReadKey" or "Read") => $"Console.{method}",
            ("Application", "Run") => "Application.Run",
            (_, "WaitOne") when arguments.Count == 0 => $"{receiver}.WaitOne()",
            _ => null,
        };
    }

    /// <summary><c>-1</c>, <c>Timeout.Infinite</c>, <c>Timeout.InfiniteTimeSpan</c>.</summary>
    private static bool IsInfinite(ExpressionSyntax argument) => argument switch
    {
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax { Token.ValueText: "1" } } => true,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Infinite" or "InfiniteTimeSpan", Expression: var owner } => owner.ToString().EndsWith("Timeout", StringComparison.Ordinal),
        _ => false,
    };
}
